# Chapters (scripts/chapter) live beside the recording IVS writes: <recording prefix>/onair/chapters.json in the
# recordings bucket. No new resource serves them; these assertions pin what they rely on: CloudFront may read them
# (the recordings bucket policy's ivs/ prefix) and serves them with the short TTL of the objects that change while a
# recording runs (a chapter added during the broadcast shows within seconds), never the segments' long TTL.

mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"
}

variables {
  function_zip = "tests/fixtures/function.zip"
}

run "cdn_serves_chapters_with_the_short_ttl" {
  command = apply
  module {
    source = "./modules/cdn"
  }
  variables {
    name                          = "onair"
    site_bucket_domain_name       = "onair-site.s3.us-east-1.amazonaws.com"
    recordings_bucket_domain_name = "onair-recordings.s3.us-east-1.amazonaws.com"
    function_url_domain           = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws"
    recording_segment_ttl_seconds = 259200
    # the module's tunables have no defaults of their own (the root's variables.tf is their one source)
    price_class                    = "PriceClass_100"
    recording_playlist_ttl_seconds = 6
  }

  # CloudFront takes the first behaviour (in order) whose pattern matches: * matches any characters, / included
  assert {
    condition = try([
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.path_pattern
      if can(regex("^${replace(replace(b.path_pattern, ".", "\\."), "*", ".*")}$", "/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/onair/chapters.json"))
    ][0], "") == "/ivs/*.json"
    error_message = "a recording's onair/chapters.json must be served by the short-TTL /ivs/*.json behaviour (it changes while the broadcast runs)"
  }
  assert {
    condition     = aws_cloudfront_cache_policy.this["recording_playlists"].max_ttl <= 60 && aws_cloudfront_cache_policy.this["recording_playlists"].min_ttl == 0
    error_message = "the short-lived recording objects (playlists, events, chapters) must be cached for at most a minute"
  }
}

run "cloudfront_may_read_the_chapters" {
  command = apply

  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.recordings.policy).Statement :
      s.Effect == "Allow" && s.Action == "s3:GetObject" &&
      can(regex("^${replace(replace(s.Resource, ".", "\\."), "*", ".*")}$", "arn:aws:s3:::mocked-bucket/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/onair/chapters.json"))
    ])
    error_message = "CloudFront must be allowed to read a recording's onair/chapters.json (the page fetches dvr.chaptersUrl through the CDN)"
  }
}
