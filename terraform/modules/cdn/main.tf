# One CloudFront distribution in front of three private origins:
#   /api/*            -> status function URL (Lambda OAC), a few seconds, one copy for everyone, no errors
#   /ivs/*.m3u8 etc.  -> recordings bucket (S3 OAC), seconds
#   /ivs/*            -> recordings bucket (S3 OAC), recorded segments and numbered thumbnails, long
#   /embed*           -> site bucket (S3 OAC), the player alone: framable by var.embed_allowed_origins only
#   /*                -> site bucket (S3 OAC), as the objects' Cache-Control says
# The DVR path is /ivs/* because IVS writes recordings under the key prefix ivs/v1/...: the viewer path IS
# the S3 key, so no rewrite function is needed.

locals {
  site_origin       = "site"
  recordings_origin = "recordings"
  api_origin        = "api"

  # Recording objects that change while a recording runs (cached for seconds): playlists, recording events and
  # the LATEST thumbnail (media/latest_thumbnail/thumb.jpg, overwritten; only when a recording configuration
  # asks for LATEST storage, which the hashicorp/aws provider cannot set). Everything else under /ivs/ never
  # changes once written: segments and the SEQUENTIAL thumbnails media/thumbnails/thumb<N>.jpg that
  # thumbnailUrl names (botocore ivs ThumbnailConfiguration.storage).
  recording_short_ttl_patterns = ["/ivs/*.m3u8", "/ivs/*.json", "/ivs/*/latest_thumbnail/*"]

  media_origins = join(" ", concat(["https://*.live-video.net"], var.extra_media_origins))

  # The IVS player runs its engine in a Web Worker (from our origin or a blob:) and compiles WebAssembly;
  # it fetches playlists/segments from *.live-video.net. Nothing inline, nothing framed.
  content_security_policy = join("; ", concat(local.csp_page_directives, ["frame-ancestors 'none'"]))

  # /embed (the player alone) has the same policy, except who may frame it: the sites of var.embed_allowed_origins
  # ('none' when the list is empty: the page then refuses every frame like the others).
  embed_frame_ancestors = length(var.embed_allowed_origins) == 0 ? "'none'" : join(" ", var.embed_allowed_origins)
  embed_security_policy = join("; ", concat(local.csp_page_directives, ["frame-ancestors ${local.embed_frame_ancestors}"]))
  embed_path_pattern    = "/embed*"
  csp_max_length        = 1783

  csp_page_directives = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self'",
    "img-src 'self' data: blob: ${local.media_origins}",
    "media-src 'self' blob: ${local.media_origins}",
    "connect-src 'self' ${local.media_origins}",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ]
}

# ---------------------------------------------------------------- origin access controls

resource "aws_cloudfront_origin_access_control" "s3" {
  name                              = "${var.name}-s3"
  description                       = "CloudFront signs every request to the ${var.name} buckets"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_origin_access_control" "lambda" {
  name                              = "${var.name}-lambda"
  description                       = "CloudFront signs every request to the ${var.name} function URL"
  origin_access_control_origin_type = "lambda"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# ---------------------------------------------------------------- cache policies

# ---------------------------------------------------------------- the status API at the edge

# How the API is cached at the edge is decided in ONE place, the function's Cache-Control
# (onair.function.status.EdgeCaching): GET /api/stream answers "s-maxage=4", errors "no-store". The policy below
# only lets CloudFront follow it: MaxTTL = that s-maxage (a ceiling), MinTTL 0 (so no-store is obeyed: nothing
# without a positive s-maxage is cached) and DefaultTTL 0 (an answer without Cache-Control is not cached).
# EdgeCachingContractTest (lambda/) reads this file and fails when the two disagree.
# Every viewer shares one copy: the cache key holds no header, cookie or query string, and nothing of the viewer's
# request reaches the function (the origin request policy forwards none): it needs nothing, and whatever a viewer
# sends (Origin, X-Forwarded-Host, Forwarded, ...) can neither change the answer nor end up cached for everyone.
# CloudFront itself answers a viewer's If-None-Match from its cached copy (304) and revalidates with the origin.
locals {
  api_edge_ttl_seconds = 4

  # CloudFront caches 4xx/5xx answers for the "error caching minimum TTL" (10 s unless set) and ignores
  # Cache-Control: no-store on them, except for 404, 410, 414 and 501
  # (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/custom-error-pages-expiration.html,
  # https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HTTPStatusCodes.html). The setting is per
  # status code for the whole distribution, not per path: so every code CloudFront would cache gets 0, or a
  # function error (or a CloudFront 5xx) would be served to every viewer of /api/* for seconds. The price: a missing
  # /ivs/ object (S3 answers 403) is not cached either, one S3 GET per such request.
  uncached_error_codes = [400, 403, 404, 405, 414, 500, 501, 502, 503, 504]
}

# Nothing varies by cookie, header or query string anywhere: each policy is a TTL range, plus the
# Accept-Encoding normalisation where objects are text. Not for segments (already-compressed video) and not
# for the API (a few hundred bytes of JSON; and it keeps the API's cache key empty).
locals {
  cache_policies = {
    api = {
      name     = "${var.name}-api-edge"
      comment  = "Status API: follows the function's s-maxage (${local.api_edge_ttl_seconds} s) with an empty cache key; no-store errors are not cached"
      min_ttl  = 0
      default  = 0
      max_ttl  = local.api_edge_ttl_seconds
      compress = false
      # empty cache key
      query_strings = []
    }
    # GET /api/recordings: the same TTL decision as /api/stream (the function's s-maxage), plus the one query
    # parameter it pages with; every other query string is left out of the key and never reaches the function.
    api_recordings = {
      name          = "${var.name}-api-recordings-edge"
      comment       = "Past broadcasts: follows the function's s-maxage (${local.api_edge_ttl_seconds} s); cache key: the cursor only"
      min_ttl       = 0
      default       = 0
      max_ttl       = local.api_edge_ttl_seconds
      compress      = false
      query_strings = ["cursor"]
    }
    recording_playlists = {
      name          = "${var.name}-recording-playlists"
      comment       = "Recorded playlists, recording events, LATEST thumbnails: a few seconds (they change while recording)"
      min_ttl       = 0
      default       = var.recording_playlist_ttl_seconds
      max_ttl       = var.recording_playlist_ttl_seconds
      compress      = true
      query_strings = []
    }
    recording_segments = {
      name          = "${var.name}-recording-segments"
      comment       = "Recorded segments, numbered thumbnails: immutable once written, cached until the recordings expire"
      min_ttl       = var.recording_segment_ttl_seconds
      default       = var.recording_segment_ttl_seconds
      max_ttl       = var.recording_segment_ttl_seconds
      compress      = false
      query_strings = []
    }
    # min 0 so index.html's no-cache is obeyed; objects without Cache-Control get a day.
    site = {
      name          = "${var.name}-site"
      comment       = "Player site: honours the objects' Cache-Control (index.html no-cache, hashed assets immutable)"
      min_ttl       = 0
      default       = 86400
      max_ttl       = var.site_max_ttl_seconds
      compress      = true
      query_strings = []
    }
  }
}

resource "aws_cloudfront_cache_policy" "this" {
  for_each    = local.cache_policies
  name        = each.value.name
  comment     = each.value.comment
  min_ttl     = each.value.min_ttl
  default_ttl = each.value.default
  max_ttl     = each.value.max_ttl

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = each.value.compress
    enable_accept_encoding_gzip   = each.value.compress

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = length(each.value.query_strings) > 0 ? "whitelist" : "none"
      dynamic "query_strings" {
        for_each = length(each.value.query_strings) > 0 ? [each.value.query_strings] : []
        content {
          items = query_strings.value
        }
      }
    }
  }
}

# ---------------------------------------------------------------- origin request policy

# GET /api/stream needs nothing from the viewer: no header (Host is the function URL's own, set by CloudFront; the
# ETag revalidation is between CloudFront and the function), no cookie, no query string. Forwarding viewer headers
# let a viewer's X-Forwarded-Host/Origin reach the function's host checks (issue 10, item 5).
resource "aws_cloudfront_origin_request_policy" "api" {
  name    = "${var.name}-api"
  comment = "Status API: nothing of the viewer's request is forwarded (no headers, cookies or query strings)"

  cookies_config {
    cookie_behavior = "none"
  }
  headers_config {
    header_behavior = "none"
  }
  query_strings_config {
    query_string_behavior = "none"
  }
}

# ---------------------------------------------------------------- security headers

resource "aws_cloudfront_response_headers_policy" "security" {
  name    = "${var.name}-security-headers"
  comment = "HSTS, CSP for the IVS player, nosniff, frame and referrer policies on every response"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
    content_security_policy {
      content_security_policy = local.content_security_policy
      override                = true
    }
    content_type_options {
      override = true
    }
    frame_options {
      frame_option = "DENY"
      override     = true
    }
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
  }
}

# /embed*: the same headers, but framable by the allowed sites. X-Frame-Options cannot name an origin (ALLOW-FROM is
# obsolete and ignored by browsers), so it is not sent here; CSP frame-ancestors is what browsers enforce
# (https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/frame-ancestors).
# CloudFront refuses a Content-Security-Policy value over 1783 characters (TooLongCSPInResponseHeadersPolicy;
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-response-headers-policies).
resource "aws_cloudfront_response_headers_policy" "embed" {
  name    = "${var.name}-embed-headers"
  comment = "The /embed player: the security headers, framable only by the embed_allowed_origins sites"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
    content_security_policy {
      content_security_policy = local.embed_security_policy
      override                = true
    }
    content_type_options {
      override = true
    }
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
  }

  lifecycle {
    precondition {
      condition     = length(local.embed_security_policy) <= local.csp_max_length
      error_message = "embed_allowed_origins make the /embed Content-Security-Policy longer than CloudFront's ${local.csp_max_length} characters: list fewer sites."
    }
  }
}

# ---------------------------------------------------------------- distribution

# The ordered cache behaviours, in CloudFront's order of evaluation: the first path pattern that matches a request
# wins, so the list's order IS the routing (tests/modules.tftest.hcl pins it). Each entry differs from the others only
# in its path, origin, methods and policies; what every behaviour shares (HTTPS, GET/HEAD cached, compression) is
# written once in the distribution's dynamic block below.
# cache_policy is a key of local.cache_policies. origin_request_policy_id null (no origin request policy): the origin
# gets the path, CloudFront's own headers (Host, User-Agent, X-Amz-Cf-Id) and what the cache key holds
# (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-origin-requests.html).
locals {
  api_methods  = ["GET", "HEAD", "OPTIONS"]
  read_methods = ["GET", "HEAD"]

  ordered_cache_behaviors = concat(
    [
      # Before /api/*: the list of past broadcasts pages with ?cursor= (a cache-key query string is forwarded to the
      # function; the origin request policy still adds nothing of the viewer's).
      {
        path_pattern               = "/api/recordings"
        target_origin_id           = local.api_origin
        allowed_methods            = local.api_methods
        cache_policy               = "api_recordings"
        origin_request_policy_id   = aws_cloudfront_origin_request_policy.api.id
        response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
      },
      {
        path_pattern               = "/api/*"
        target_origin_id           = local.api_origin
        allowed_methods            = local.api_methods
        cache_policy               = "api"
        origin_request_policy_id   = aws_cloudfront_origin_request_policy.api.id
        response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
      },
      # The embeddable player (the site's /embed object): cached like the rest of the site, its own frame policy.
      {
        path_pattern               = local.embed_path_pattern
        target_origin_id           = local.site_origin
        allowed_methods            = local.read_methods
        cache_policy               = "site"
        origin_request_policy_id   = null
        response_headers_policy_id = aws_cloudfront_response_headers_policy.embed.id
      },
    ],
    # Order matters: the short-lived recording objects must match before the catch-all /ivs/*.
    [
      for pattern in local.recording_short_ttl_patterns : {
        path_pattern               = pattern
        target_origin_id           = local.recordings_origin
        allowed_methods            = local.read_methods
        cache_policy               = "recording_playlists"
        origin_request_policy_id   = null
        response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
      }
    ],
    [
      {
        path_pattern               = "/ivs/*"
        target_origin_id           = local.recordings_origin
        allowed_methods            = local.read_methods
        cache_policy               = "recording_segments"
        origin_request_policy_id   = null
        response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
      },
    ],
  )
}

resource "aws_cloudfront_distribution" "this" {
  enabled             = true
  comment             = "${var.name}: player, status API and DVR recordings"
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  price_class         = var.price_class
  default_root_object = "index.html"
  aliases             = var.domain_name == null ? [] : [var.domain_name]
  tags                = var.tags

  origin {
    origin_id                = local.site_origin
    domain_name              = var.site_bucket_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3.id
  }

  origin {
    origin_id                = local.recordings_origin
    domain_name              = var.recordings_bucket_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3.id
  }

  origin {
    origin_id                = local.api_origin
    domain_name              = var.function_url_domain
    origin_access_control_id = aws_cloudfront_origin_access_control.lambda.id

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # One block per entry of local.ordered_cache_behaviors, in that list's order (CloudFront's order of evaluation).
  dynamic "ordered_cache_behavior" {
    for_each = local.ordered_cache_behaviors
    content {
      path_pattern               = ordered_cache_behavior.value.path_pattern
      target_origin_id           = ordered_cache_behavior.value.target_origin_id
      viewer_protocol_policy     = "redirect-to-https"
      allowed_methods            = ordered_cache_behavior.value.allowed_methods
      cached_methods             = local.read_methods
      compress                   = true
      cache_policy_id            = aws_cloudfront_cache_policy.this[ordered_cache_behavior.value.cache_policy].id
      origin_request_policy_id   = ordered_cache_behavior.value.origin_request_policy_id
      response_headers_policy_id = ordered_cache_behavior.value.response_headers_policy_id
    }
  }

  default_cache_behavior {
    target_origin_id           = local.site_origin
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = local.read_methods
    cached_methods             = local.read_methods
    compress                   = true
    cache_policy_id            = aws_cloudfront_cache_policy.this["site"].id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  # The buckets grant CloudFront s3:GetObject only (no s3:ListBucket), so a missing key is a 403, never a
  # listing. Show the player page with 404 instead of S3's XML error.
  custom_error_response {
    error_code            = 403
    response_code         = 404
    response_page_path    = "/index.html"
    error_caching_min_ttl = 0
  }

  # No cached errors anywhere (see uncached_error_codes): a failing function must recover at once, and one viewer's
  # error must never be served to the others.
  dynamic "custom_error_response" {
    for_each = [for c in local.uncached_error_codes : c if c != 403]
    content {
      error_code            = custom_error_response.value
      error_caching_min_ttl = 0
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.domain_name == null
    acm_certificate_arn            = var.domain_name == null ? null : var.certificate_arn
    ssl_support_method             = var.domain_name == null ? null : "sni-only"
    # With a domain the floor is TLS 1.2 with modern ciphers. The default *.cloudfront.net certificate
    # takes no settings (AWS: "leave all other fields empty"); CloudFront then applies its own policy.
    minimum_protocol_version = var.domain_name == null ? "TLSv1" : "TLSv1.2_2021"
  }

  lifecycle {
    precondition {
      condition     = var.domain_name == null || var.certificate_arn != null
      error_message = "certificate_arn is required when domain_name is set."
    }
  }
}
