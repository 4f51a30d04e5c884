# Security and routing invariants of each child module, planned and "applied" against a mocked provider.

mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"
}

# ------------------------------------------------------------------ bucket

run "bucket_is_private_encrypted_owner_enforced" {
  command = apply
  module {
    source = "./modules/bucket"
  }
  variables {
    bucket_name     = "onair-recordings-123456789012-us-east-1"
    expiration_days = 3
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.block_public_policy &&
      aws_s3_bucket_public_access_block.this.ignore_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    )
    error_message = "all four public access blocks must be on"
  }
  assert {
    condition     = one(aws_s3_bucket_ownership_controls.this.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)"
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "objects must be encrypted at rest"
  }
  assert {
    condition     = [for r in aws_s3_bucket_lifecycle_configuration.this.rule : one(r.expiration).days if r.id == "expire-objects"] == [3]
    error_message = "recordings must expire after expiration_days"
  }
  assert {
    condition     = length(aws_s3_bucket_versioning.this) == 0
    error_message = "an unversioned bucket has no versioning resource"
  }
}

run "bucket_versioned_site" {
  command = apply
  module {
    source = "./modules/bucket"
  }
  variables {
    bucket_name = "onair-site-123456789012-us-east-1"
    versioning  = true
  }

  assert {
    condition     = one(aws_s3_bucket_versioning.this[0].versioning_configuration).status == "Enabled"
    error_message = "the site bucket must be versioned"
  }
  assert {
    condition     = length([for r in aws_s3_bucket_lifecycle_configuration.this.rule : r if r.id == "expire-objects"]) == 0
    error_message = "the site bucket must not expire current objects"
  }
}

run "bucket_rejects_bad_name" {
  command = plan
  module {
    source = "./modules/bucket"
  }
  variables {
    bucket_name = "OnAir_Site"
  }
  expect_failures = [var.bucket_name]
}

# ------------------------------------------------------------------ IVS

run "ivs_channel_and_recording" {
  command = apply
  module {
    source = "./modules/ivs"
  }
  variables {
    name                     = "onair"
    recordings_bucket_name   = "onair-recordings-123456789012-us-east-1"
    reconnect_window_seconds = 45
  }

  assert {
    condition     = aws_ivs_channel.this.type == "STANDARD" && aws_ivs_channel.this.latency_mode == "LOW"
    error_message = "the channel must be STANDARD with LOW latency"
  }
  assert {
    condition     = aws_ivs_channel.this.recording_configuration_arn == aws_ivs_recording_configuration.this.arn
    error_message = "the channel must auto-record with the module's recording configuration"
  }
  assert {
    condition     = one(one(aws_ivs_recording_configuration.this.destination_configuration).s3).bucket_name == "onair-recordings-123456789012-us-east-1"
    error_message = "recordings must go to the recordings bucket"
  }
  assert {
    condition     = aws_ivs_recording_configuration.this.recording_reconnect_window_seconds == 45
    error_message = "the reconnect window must be set from the variable"
  }
  assert {
    condition     = output.reconnect_window_seconds == 45
    error_message = "the module must output the recording configuration's reconnect window (the function's \"reconnecting\" lasts as long)"
  }
  assert {
    condition     = one(aws_ivs_recording_configuration.this.thumbnail_configuration).recording_mode == "INTERVAL"
    error_message = "recordings must have thumbnails"
  }
  assert {
    condition     = aws_secretsmanager_secret_version.stream_key.secret_string == "sk_us-east-1_NEVERPRINTME"
    error_message = "the secret must hold the stream key read from the channel"
  }
}

# ------------------------------------------------------------------ function

run "function_least_privilege_and_wiring" {
  command = apply
  module {
    source = "./modules/function"
  }
  variables {
    cache_ttl_seconds = 7 # passed through as given (no module default)
    name              = "onair"
    function_zip      = "tests/fixtures/function.zip"
    artifacts_bucket  = "onair-artifacts-123456789012-us-east-1"
    channel_arn       = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"
    recordings_bucket = "onair-recordings-123456789012-us-east-1"
    playback_url      = "https://abcdef.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8"

    reconnect_window_seconds = 45
  }

  # IAM: exact ARNs, no wildcards
  assert {
    condition = alltrue(flatten([
      for p in aws_iam_role_policy.this : [for s in jsondecode(p.policy).Statement : s.Resource != "*" && !startswith(s.Resource, "arn:aws:ssm:*")]
    ]))
    error_message = "no IAM statement may use a wildcard resource"
  }
  assert {
    condition = alltrue([
      for p in aws_iam_role_policy.this :
      [for s in jsondecode(p.policy).Statement : s.Resource if s.Sid == "StateDocument"] == ["arn:aws:ssm:us-east-1:123456789012:parameter/onair/stream-state"]
    ])
    error_message = "SSM access must name exactly the state parameter's ARN"
  }
  assert {
    condition = alltrue([
      for p in aws_iam_role_policy.this :
      [for s in jsondecode(p.policy).Statement : s.Action if s.Sid == "StateDocument"] == [["ssm:GetParameter", "ssm:PutParameter"]]
    ])
    error_message = "SSM access must be exactly GetParameter and PutParameter"
  }
  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.this["status"].policy).Statement : s.Resource if s.Action == "ivs:GetStream"] == ["arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"]
    error_message = "the status function may call ivs:GetStream on the one channel only"
  }
  assert {
    condition     = length([for s in jsondecode(aws_iam_role_policy.this["events"].policy).Statement : s if s.Action == "ivs:GetStream"]) == 0
    error_message = "the events function must not query IVS"
  }
  # thumbnailUrl: the status function lists <recording>/media/thumbnails/ (ListObjectsV2 = s3:ListBucket), in
  # the recordings bucket only and only under IVS's ivs/ prefix; nothing else of S3, and nothing for events
  # Replays: both read the recordings index object (onair/recordings-index.json), only the events function writes it;
  # the events function lists thumbnails too (a replay's thumbnailUrl). Nothing else of S3.
  assert {
    condition = [
      for s in jsondecode(aws_iam_role_policy.this["status"].policy).Statement : s
      if length(regexall("s3:", jsonencode(s.Action))) > 0
      ] == [{
        Sid       = "ListRecordingThumbnails"
        Effect    = "Allow"
        Action    = "s3:ListBucket"
        Resource  = "arn:aws:s3:::onair-recordings-123456789012-us-east-1"
        Condition = { StringLike = { "s3:prefix" = ["ivs/*"] } }
        }, {
        Sid      = "ReadRecordingsIndex"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "arn:aws:s3:::onair-recordings-123456789012-us-east-1/onair/recordings-index.json"
    }]
    error_message = "the status function may list the recordings bucket under ivs/ only and read the recordings index object, nothing else of S3"
  }
  assert {
    condition = [
      for s in jsondecode(aws_iam_role_policy.this["events"].policy).Statement : s
      if length(regexall("s3:", jsonencode(s.Action))) > 0
      ] == [{
        Sid       = "ListRecordingThumbnails"
        Effect    = "Allow"
        Action    = "s3:ListBucket"
        Resource  = "arn:aws:s3:::onair-recordings-123456789012-us-east-1"
        Condition = { StringLike = { "s3:prefix" = ["ivs/*"] } }
        }, {
        Sid      = "ReadWriteRecordingsIndex"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "arn:aws:s3:::onair-recordings-123456789012-us-east-1/onair/recordings-index.json"
    }]
    error_message = "the events function may write the recordings index object only (and list thumbnails under ivs/), nothing else of S3"
  }
  assert {
    condition = (
      aws_s3_object.recordings_index.bucket == "onair-recordings-123456789012-us-east-1" &&
      aws_s3_object.recordings_index.key == "onair/recordings-index.json" &&
      !startswith(aws_s3_object.recordings_index.key, "ivs/") &&
      jsondecode(aws_s3_object.recordings_index.content).recordings == []
    )
    error_message = "an empty recordings index must exist from the first apply, outside ivs/ (never expired, never served by the CDN)"
  }
  assert {
    condition = alltrue([
      for p in aws_iam_role_policy.this :
      [for s in jsondecode(p.policy).Statement : s.Resource if s.Sid == "OwnLogs"] == ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/mocked:*"]
    ])
    error_message = "log permissions must name the function's own log group"
  }

  # Functions
  assert {
    condition = alltrue([
      for f in aws_lambda_function.this :
      f.runtime == "provided.al2023" && f.architectures == tolist(["arm64"]) && f.memory_size <= 512 && f.publish
    ])
    error_message = "functions must be provided.al2023, arm64, small, published"
  }
  assert {
    condition     = aws_lambda_function.this["status"].handler == "status" && aws_lambda_function.this["events"].handler == "events"
    error_message = "the handler names select the runtime inside the one zip"
  }
  assert {
    condition = alltrue([
      for f in aws_lambda_function.this :
      f.s3_bucket == "onair-artifacts-123456789012-us-east-1" && f.s3_key == "function/onair-function-${filesha256("tests/fixtures/function.zip")}.zip"
    ])
    error_message = "code must come from the artifacts bucket, keyed by the zip's hash"
  }
  assert {
    condition = alltrue([
      for f in aws_lambda_function.this :
      one(f.environment).variables.ONAIR_STATE_PARAMETER == "/onair/stream-state" &&
      one(f.environment).variables.ONAIR_CHANNEL_ARN == "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf" &&
      one(f.environment).variables.ONAIR_DVR_WINDOW_SECONDS == "14400" &&
      one(f.environment).variables.ONAIR_CACHE_TTL_SECONDS == "7" &&
      one(f.environment).variables.ONAIR_RECORDINGS_BUCKET == "onair-recordings-123456789012-us-east-1" &&
      one(f.environment).variables.ONAIR_EVENT_MAX_AGE_SECONDS == "2505600" &&
      one(f.environment).variables.ONAIR_RECORDING_RECONNECT_WINDOW_SECONDS == "45" &&
      one(f.environment).variables.ONAIR_RECORDINGS_INDEX_KEY == "onair/recordings-index.json" &&
      one(f.environment).variables.ONAIR_RECORDING_RETENTION_DAYS == "3"
    ])
    error_message = "the function environment must carry the ONAIR_* contract"
  }
  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.this : g.retention_in_days == 14])
    error_message = "log groups must have a retention"
  }
  assert {
    condition     = alltrue([for a in aws_lambda_alias.live : a.name == "live"])
    error_message = "each function has a live alias"
  }

  # Function URL: IAM auth on the alias
  assert {
    condition     = aws_lambda_function_url.status.authorization_type == "AWS_IAM"
    error_message = "the function URL must require AWS_IAM (only CloudFront's OAC may call it)"
  }
  assert {
    condition     = aws_lambda_function_url.status.qualifier == "live" && aws_lambda_function_url.status.function_name == "onair-status"
    error_message = "the function URL must be on the status function's live alias"
  }

  # EventBridge: the channel's two event types to the events alias, invocation scoped to each rule
  assert {
    condition = {
      for k, r in aws_cloudwatch_event_rule.this : k => jsondecode(r.event_pattern)
      } == {
      "stream-state"    = { source = ["aws.ivs"], "detail-type" = ["IVS Stream State Change"], resources = ["arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"] }
      "recording-state" = { source = ["aws.ivs"], "detail-type" = ["IVS Recording State Change"], resources = ["arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"] }
    }
    error_message = "rules must match the channel's stream-state and recording-state events"
  }
  # the targets, the queue between rules and function, and the failed events: tests/events_queue.tftest.hcl
  assert {
    condition     = aws_ssm_parameter.state.name == "/onair/stream-state" && aws_ssm_parameter.state.type == "String"
    error_message = "the state parameter is /<name>/stream-state, a String"
  }
}

run "function_rejects_missing_zip" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    name              = "onair"
    function_zip      = "tests/fixtures/nope.zip"
    artifacts_bucket  = "b"
    channel_arn       = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"
    recordings_bucket = "onair-recordings"
    playback_url      = "https://x"
  }
  expect_failures = [var.function_zip]
}

# ------------------------------------------------------------------ CDN

run "cdn_routing_and_security" {
  command = apply
  module {
    source = "./modules/cdn"
  }
  # distinct ids, so an origin signed by the wrong OAC shows
  override_resource {
    target = aws_cloudfront_origin_access_control.s3
    values = { id = "E3OACS3" }
  }
  override_resource {
    target = aws_cloudfront_origin_access_control.lambda
    values = { id = "E3OACLAMBDA" }
  }
  variables {
    name                          = "onair"
    site_bucket_domain_name       = "onair-site.s3.us-east-1.amazonaws.com"
    recordings_bucket_domain_name = "onair-recordings.s3.us-east-1.amazonaws.com"
    function_url_domain           = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws"
    extra_media_origins           = ["http://127.0.0.1:38080"]
    recording_segment_ttl_seconds = 259200
  }

  # Origins: all three behind an OAC of the right type
  assert {
    condition     = alltrue([for o in aws_cloudfront_distribution.this.origin : o.origin_access_control_id != null && o.origin_access_control_id != ""])
    error_message = "every origin must use an origin access control"
  }
  assert {
    condition     = aws_cloudfront_origin_access_control.s3.origin_access_control_origin_type == "s3" && aws_cloudfront_origin_access_control.lambda.origin_access_control_origin_type == "lambda"
    error_message = "S3 origins use an s3 OAC, the function URL a lambda OAC"
  }
  assert {
    condition = (
      [for o in aws_cloudfront_distribution.this.origin : o.origin_access_control_id if o.origin_id == "api"] == [aws_cloudfront_origin_access_control.lambda.id] &&
      alltrue([for o in aws_cloudfront_distribution.this.origin : o.origin_access_control_id == aws_cloudfront_origin_access_control.s3.id if o.origin_id != "api"])
    )
    error_message = "the function URL origin must be signed by the lambda OAC and the bucket origins by the s3 OAC"
  }
  assert {
    condition = alltrue([
      for o in [aws_cloudfront_origin_access_control.s3, aws_cloudfront_origin_access_control.lambda] :
      o.signing_behavior == "always" && o.signing_protocol == "sigv4"
    ])
    error_message = "OACs must always sign with SigV4"
  }
  assert {
    condition = {
      for o in aws_cloudfront_distribution.this.origin : o.origin_id => o.domain_name
      } == {
      site       = "onair-site.s3.us-east-1.amazonaws.com"
      recordings = "onair-recordings.s3.us-east-1.amazonaws.com"
      api        = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws"
    }
    error_message = "origins must be the site bucket, the recordings bucket and the function URL"
  }
  assert {
    condition     = [for o in aws_cloudfront_distribution.this.origin : one(o.custom_origin_config).origin_protocol_policy if o.origin_id == "api"] == ["https-only"]
    error_message = "the function URL origin must be reached over HTTPS only"
  }

  # Viewer side: HTTPS, HTTP/2+3, compression, headers on every behaviour
  assert {
    condition = alltrue(concat(
      [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.viewer_protocol_policy == "redirect-to-https" && b.compress && b.response_headers_policy_id == aws_cloudfront_response_headers_policy.security.id if b.path_pattern != "/embed*"],
      [for b in aws_cloudfront_distribution.this.default_cache_behavior : b.viewer_protocol_policy == "redirect-to-https" && b.compress && b.response_headers_policy_id == aws_cloudfront_response_headers_policy.security.id],
    ))
    error_message = "every behaviour must redirect HTTP to HTTPS, compress and carry the security headers (/embed* its own: tests/embed.tftest.hcl)"
  }
  assert {
    condition     = aws_cloudfront_distribution.this.http_version == "http2and3" && aws_cloudfront_distribution.this.default_root_object == "index.html"
    error_message = "HTTP/2 and HTTP/3, index.html as root object"
  }

  # Routing: order and targets
  assert {
    condition = [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : "${b.path_pattern}>${b.target_origin_id}"] == [
      "/api/recordings>api", "/api/*>api", "/embed*>site", "/ivs/*.m3u8>recordings", "/ivs/*.json>recordings", "/ivs/*/latest_thumbnail/*>recordings", "/ivs/*>recordings",
    ]
    error_message = "behaviours must be /api/recordings and /api/* (function), the short-lived /ivs/ objects, then /ivs/* (recordings), in that order"
  }
  # GET /api/recordings: the same TTLs as /api/stream (one decision, the function's s-maxage), and only the cursor in
  # the cache key: any other query string would let a viewer fill the edge with copies and reach the function.
  assert {
    condition = (
      aws_cloudfront_cache_policy.this["api_recordings"].min_ttl == aws_cloudfront_cache_policy.this["api"].min_ttl &&
      aws_cloudfront_cache_policy.this["api_recordings"].default_ttl == aws_cloudfront_cache_policy.this["api"].default_ttl &&
      aws_cloudfront_cache_policy.this["api_recordings"].max_ttl == aws_cloudfront_cache_policy.this["api"].max_ttl &&
      [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.cache_policy_id if b.path_pattern == "/api/recordings"] == [aws_cloudfront_cache_policy.this["api_recordings"].id] &&
      [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.origin_request_policy_id if b.path_pattern == "/api/recordings"] == [aws_cloudfront_origin_request_policy.api.id]
    )
    error_message = "/api/recordings must be cached exactly like /api/stream and forward nothing else of the viewer's request"
  }
  assert {
    condition = alltrue([
      for p in aws_cloudfront_cache_policy.this["api_recordings"].parameters_in_cache_key_and_forwarded_to_origin : (
        one(p.headers_config).header_behavior == "none" && one(p.cookies_config).cookie_behavior == "none" &&
        one(p.query_strings_config).query_string_behavior == "whitelist" &&
        try(one(one(p.query_strings_config).query_strings).items, null) == toset(["cursor"])
      )
    ])
    error_message = "the /api/recordings cache key must be the cursor query string only"
  }
  assert {
    condition     = one(aws_cloudfront_distribution.this.default_cache_behavior).target_origin_id == "site"
    error_message = "the default behaviour serves the site bucket"
  }

  # Caching per path. The API: follows the function's s-maxage (EdgeCachingContractTest ties the numbers), one copy
  # for every viewer (empty cache key), nothing of the viewer's request forwarded.
  assert {
    condition = (
      aws_cloudfront_cache_policy.this["api"].min_ttl == 0 && aws_cloudfront_cache_policy.this["api"].default_ttl == 0 &&
      aws_cloudfront_cache_policy.this["api"].max_ttl >= 1 && aws_cloudfront_cache_policy.this["api"].max_ttl <= 10 &&
      [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.cache_policy_id if b.path_pattern == "/api/*"] == [aws_cloudfront_cache_policy.this["api"].id]
    )
    error_message = "/api/* must be cached a few seconds as the function says (MaxTTL 1..10), never without it (Min/Default 0)"
  }
  assert {
    condition = alltrue([
      for p in aws_cloudfront_cache_policy.this["api"].parameters_in_cache_key_and_forwarded_to_origin : (
        one(p.headers_config).header_behavior == "none" && one(p.cookies_config).cookie_behavior == "none" &&
        one(p.query_strings_config).query_string_behavior == "none"
      )
    ])
    error_message = "the /api/* cache key must be empty: no headers, cookies or query strings"
  }
  assert {
    condition = (
      !one(aws_cloudfront_cache_policy.this["api"].parameters_in_cache_key_and_forwarded_to_origin).enable_accept_encoding_gzip &&
      one(aws_cloudfront_cache_policy.this["site"].parameters_in_cache_key_and_forwarded_to_origin).enable_accept_encoding_brotli &&
      one(aws_cloudfront_cache_policy.this["recording_playlists"].parameters_in_cache_key_and_forwarded_to_origin).enable_accept_encoding_gzip
    )
    error_message = "Accept-Encoding belongs in the cache key of the text policies and must stay out of the API policy (its cache key is empty)"
  }
  assert {
    condition = (
      one(aws_cloudfront_origin_request_policy.api.headers_config).header_behavior == "none" &&
      one(aws_cloudfront_origin_request_policy.api.cookies_config).cookie_behavior == "none" &&
      one(aws_cloudfront_origin_request_policy.api.query_strings_config).query_string_behavior == "none" &&
      [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.origin_request_policy_id if b.path_pattern == "/api/*"] == [aws_cloudfront_origin_request_policy.api.id]
    )
    error_message = "/api/* forwards nothing of the viewer's request (no headers such as Origin or X-Forwarded-Host, no cookies, no query strings)"
  }
  assert {
    condition = (
      aws_cloudfront_cache_policy.this["recording_playlists"].max_ttl <= 12 &&
      alltrue([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.cache_policy_id == aws_cloudfront_cache_policy.this["recording_playlists"].id if b.path_pattern == "/ivs/*.m3u8"])
    )
    error_message = "recorded playlists must be cached for seconds only"
  }
  assert {
    condition = (
      aws_cloudfront_cache_policy.this["recording_segments"].default_ttl == 259200 &&
      [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.cache_policy_id if b.path_pattern == "/ivs/*"] == [aws_cloudfront_cache_policy.this["recording_segments"].id]
    )
    error_message = "recorded segments must be cached long (until the recordings expire)"
  }
  # What IVS really writes (record-to-S3 layout; botocore ivs ThumbnailConfiguration.storage), matched as
  # CloudFront does: the first behaviour in order whose pattern matches (* any characters, ? one; case-sensitive).
  # The numbered SEQUENTIAL thumbnails thumbnailUrl names never change: long. The LATEST thumbnail is overwritten:
  # seconds. (The old pattern /ivs/*/latest/* matched no key IVS writes.)
  assert {
    condition = alltrue([
      for path, policy in {
        "/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/media/thumbnails/thumb12.jpg"     = "recording_segments"
        "/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/media/latest_thumbnail/thumb.jpg" = "recording_playlists"
        "/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/media/hls/720p30/playlist.m3u8"   = "recording_playlists"
        "/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/media/hls/master.m3u8"            = "recording_playlists"
        "/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/media/hls/720p30/12.ts"           = "recording_segments"
        "/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/events/recording-started.json"    = "recording_playlists"
      } :
      [
        for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.cache_policy_id
        if can(regex("^${replace(replace(replace(b.path_pattern, ".", "\\."), "*", ".*"), "?", ".")}$", path))
      ][0] == aws_cloudfront_cache_policy.this[policy].id
    ])
    error_message = "numbered thumbnails (media/thumbnails/thumbN.jpg) must be cached long like segments; the LATEST thumbnail, playlists and recording events for seconds"
  }
  assert {
    condition = (
      aws_cloudfront_cache_policy.this["site"].min_ttl == 0 && aws_cloudfront_cache_policy.this["site"].max_ttl >= 31536000 &&
      one(aws_cloudfront_distribution.this.default_cache_behavior).cache_policy_id == aws_cloudfront_cache_policy.this["site"].id
    )
    error_message = "the site policy must honour Cache-Control: no-cache (min 0) and a year of immutable (max >= 1 y)"
  }

  # Security headers
  assert {
    condition = (
      one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).strict_transport_security).access_control_max_age_sec >= 31536000 &&
      one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).frame_options).frame_option == "DENY" &&
      one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).referrer_policy).referrer_policy == "strict-origin-when-cross-origin" &&
      one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).content_type_options).override
    )
    error_message = "HSTS (>= 1 y), X-Frame-Options DENY, a referrer policy and nosniff must be set"
  }
  assert {
    condition = alltrue([
      for d in [
        "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self' blob:", "object-src 'none'", "frame-ancestors 'none'",
        "connect-src 'self' https://*.live-video.net http://127.0.0.1:38080",
        "media-src 'self' blob: https://*.live-video.net http://127.0.0.1:38080",
      ] : strcontains(one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).content_security_policy).content_security_policy, d)
    ])
    error_message = "the CSP must allow the IVS player (worker, wasm, live-video.net) plus extra_media_origins and nothing framed or inline"
  }
  assert {
    condition     = !strcontains(one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).content_security_policy).content_security_policy, "unsafe-inline")
    error_message = "the CSP must not allow inline scripts or styles"
  }

  # Errors: 403 (missing key, never a listing) becomes 404; no error is ever cached
  assert {
    condition     = [for e in aws_cloudfront_distribution.this.custom_error_response : e.response_code if e.error_code == 403] == [404]
    error_message = "S3's 403 must be turned into a 404"
  }
  assert {
    condition = alltrue([
      for code in [400, 403, 404, 405, 414, 500, 501, 502, 503, 504] :
      [for e in aws_cloudfront_distribution.this.custom_error_response : e.error_caching_min_ttl if e.error_code == code] == [0]
    ])
    error_message = "no error may be cached: every status CloudFront caches needs error_caching_min_ttl 0 (the default is 10 s, and no-store is ignored for most codes)"
  }

  # No domain: default certificate, no aliases
  assert {
    condition     = length(aws_cloudfront_distribution.this.aliases) == 0 && one(aws_cloudfront_distribution.this.viewer_certificate).cloudfront_default_certificate
    error_message = "without a domain the distribution uses the default certificate and no aliases"
  }
}

run "cdn_custom_domain_tls_floor" {
  command = apply
  module {
    source = "./modules/cdn"
  }
  variables {
    name                          = "onair"
    site_bucket_domain_name       = "onair-site.s3.us-east-1.amazonaws.com"
    recordings_bucket_domain_name = "onair-recordings.s3.us-east-1.amazonaws.com"
    function_url_domain           = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws"
    domain_name                   = "live.example.com"
    certificate_arn               = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  }

  assert {
    condition = (
      one(aws_cloudfront_distribution.this.viewer_certificate).minimum_protocol_version == "TLSv1.2_2021" &&
      one(aws_cloudfront_distribution.this.viewer_certificate).ssl_support_method == "sni-only" &&
      !one(aws_cloudfront_distribution.this.viewer_certificate).cloudfront_default_certificate
    )
    error_message = "with a domain: ACM certificate, SNI, TLS 1.2 floor"
  }
  assert {
    condition     = aws_cloudfront_distribution.this.aliases == toset(["live.example.com"])
    error_message = "the domain must be an alias of the distribution"
  }
}

run "cdn_rejects_url_instead_of_host" {
  command = plan
  module {
    source = "./modules/cdn"
  }
  variables {
    name                          = "onair"
    site_bucket_domain_name       = "a"
    recordings_bucket_domain_name = "b"
    function_url_domain           = "https://abc.lambda-url.us-east-1.on.aws/"
  }
  expect_failures = [var.function_url_domain]
}
