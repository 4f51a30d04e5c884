# /embed: the player alone may be framed by the sites of embed_allowed_origins, and only there; every other path
# keeps refusing frames. CloudFront's header handling cannot be seen in moto, so it is asserted here (and played by
# local/cloud's edge from the same Terraform in scripts/e2e).

mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"
}

variables {
  name                          = "onair"
  site_bucket_domain_name       = "onair-site.s3.us-east-1.amazonaws.com"
  recordings_bucket_domain_name = "onair-recordings.s3.us-east-1.amazonaws.com"
  function_url_domain           = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws"
  embed_allowed_origins         = ["https://blog.example.com", "https://shop.example.org:8443"]
}

run "embed_is_framable_by_the_allowed_sites_only" {
  command = apply
  module {
    source = "./modules/cdn"
  }
  override_resource {
    target = aws_cloudfront_response_headers_policy.security
    values = { id = "RHP-SECURITY" }
  }
  override_resource {
    target = aws_cloudfront_response_headers_policy.embed
    values = { id = "RHP-EMBED" }
  }

  assert {
    condition = [
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.response_headers_policy_id if b.path_pattern == "/embed*"
    ] == [aws_cloudfront_response_headers_policy.embed.id]
    error_message = "exactly one behaviour /embed* must carry the embed headers policy"
  }
  assert {
    condition = alltrue(concat(
      [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.response_headers_policy_id == aws_cloudfront_response_headers_policy.security.id if b.path_pattern != "/embed*"],
      [for b in aws_cloudfront_distribution.this.default_cache_behavior : b.response_headers_policy_id == aws_cloudfront_response_headers_policy.security.id],
    ))
    error_message = "every path but /embed* must keep the security headers policy (frames refused)"
  }
  assert {
    condition = alltrue([
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior :
      b.target_origin_id == "site" && b.cache_policy_id == aws_cloudfront_cache_policy.this["site"].id &&
      b.viewer_protocol_policy == "redirect-to-https" && b.allowed_methods == toset(["GET", "HEAD"])
      if b.path_pattern == "/embed*"
    ])
    error_message = "/embed* must be the site bucket's page, cached like the site, HTTPS only, GET/HEAD only"
  }
  assert {
    condition     = strcontains(one(one(aws_cloudfront_response_headers_policy.embed.security_headers_config).content_security_policy).content_security_policy, "frame-ancestors https://blog.example.com https://shop.example.org:8443")
    error_message = "the /embed CSP must name exactly the allowed sites in frame-ancestors"
  }
  assert {
    condition     = length(regexall("frame-ancestors", one(one(aws_cloudfront_response_headers_policy.embed.security_headers_config).content_security_policy).content_security_policy)) == 1
    error_message = "the /embed CSP must carry one frame-ancestors directive"
  }
  assert {
    condition     = length(one(aws_cloudfront_response_headers_policy.embed.security_headers_config).frame_options) == 0
    error_message = "/embed must not send X-Frame-Options (DENY would refuse the allowed sites too; it cannot name an origin)"
  }
  assert {
    condition = (
      one(one(aws_cloudfront_response_headers_policy.embed.security_headers_config).content_security_policy).override &&
      one(one(aws_cloudfront_response_headers_policy.embed.security_headers_config).strict_transport_security).access_control_max_age_sec >= 31536000 &&
      one(one(aws_cloudfront_response_headers_policy.embed.security_headers_config).content_type_options).override &&
      one(one(aws_cloudfront_response_headers_policy.embed.security_headers_config).referrer_policy).referrer_policy == "strict-origin-when-cross-origin"
    )
    error_message = "/embed keeps the other security headers (CSP overriding the origin's, HSTS, nosniff, referrer policy)"
  }
  assert {
    condition = (
      replace(one(one(aws_cloudfront_response_headers_policy.embed.security_headers_config).content_security_policy).content_security_policy, "frame-ancestors https://blog.example.com https://shop.example.org:8443", "frame-ancestors 'none'") ==
      one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).content_security_policy).content_security_policy
    )
    error_message = "the /embed CSP must be the site's CSP with only frame-ancestors changed"
  }
  assert {
    condition = (
      strcontains(one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).content_security_policy).content_security_policy, "frame-ancestors 'none'") &&
      one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).frame_options).frame_option == "DENY"
    )
    error_message = "every other path keeps refusing frames (frame-ancestors 'none' and X-Frame-Options DENY)"
  }
}

run "no_allowed_sites_means_embed_refuses_frames_too" {
  command = plan
  module {
    source = "./modules/cdn"
  }
  variables {
    embed_allowed_origins = []
  }
  assert {
    condition     = strcontains(one(one(aws_cloudfront_response_headers_policy.embed.security_headers_config).content_security_policy).content_security_policy, "frame-ancestors 'none'")
    error_message = "with no allowed site, /embed must refuse every frame"
  }
}

run "embed_origins_must_be_https_origins" {
  command = plan
  module {
    source = "./modules/cdn"
  }
  variables {
    embed_allowed_origins = ["http://blog.example.com"]
  }
  expect_failures = [var.embed_allowed_origins]
}

run "embed_origins_must_be_bare_origins" {
  command = plan
  module {
    source = "./modules/cdn"
  }
  variables {
    embed_allowed_origins = ["https://blog.example.com/", "https://*.example.com", "https://blog.example.com/path", "'self'", "https://a.example.com; script-src *"]
  }
  expect_failures = [var.embed_allowed_origins]
}

run "too_many_sites_for_cloudfronts_csp_limit" {
  command = plan
  module {
    source = "./modules/cdn"
  }
  variables {
    embed_allowed_origins = [for i in range(80) : "https://site-number-${i}.example.com"]
  }
  expect_failures = [aws_cloudfront_response_headers_policy.embed]
}

run "loopback_http_is_allowed_for_local_tests" {
  command = plan
  module {
    source = "./modules/cdn"
  }
  variables {
    embed_allowed_origins = ["http://127.0.0.1:38090", "http://localhost:8090"]
  }
  assert {
    condition     = strcontains(one(one(aws_cloudfront_response_headers_policy.embed.security_headers_config).content_security_policy).content_security_policy, "frame-ancestors http://127.0.0.1:38090 http://localhost:8090")
    error_message = "loopback origins (the local platform's test pages) are allowed"
  }
}
