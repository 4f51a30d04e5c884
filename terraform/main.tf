# OnAir root module: wires the child modules together. The only resources here are the ones that need
# values from two modules: the bucket policies (bucket + distribution) and the function URL permissions
# (function + distribution).

data "aws_caller_identity" "current" {}

locals {
  # Bucket names are global: the account and region make them unique.
  bucket_suffix = "${data.aws_caller_identity.current.account_id}-${var.region}"
  custom_domain = var.domain_name != null
  live_alias    = module.function.live_alias_name
  # The URL viewers open: the custom domain, else the distribution's own name.
  viewer_url = local.custom_domain ? "https://${var.domain_name}/" : "https://${module.cdn.domain_name}/"
}

# ---------------------------------------------------------------- storage

module "site_bucket" {
  source        = "./modules/bucket"
  bucket_name   = "${var.name}-site-${local.bucket_suffix}"
  versioning    = true
  force_destroy = var.force_destroy
}

module "recordings_bucket" {
  source      = "./modules/bucket"
  bucket_name = "${var.name}-recordings-${local.bucket_suffix}"
  # Recordings are written once and expire: the retention is the lifecycle rule.
  versioning        = false
  expiration_days   = var.recording_retention_days
  expiration_prefix = "ivs/"
  force_destroy     = var.force_destroy
}

module "artifacts_bucket" {
  source        = "./modules/bucket"
  bucket_name   = "${var.name}-artifacts-${local.bucket_suffix}"
  versioning    = true
  force_destroy = var.force_destroy
}

# ---------------------------------------------------------------- IVS

module "ivs" {
  source                   = "./modules/ivs"
  name                     = var.name
  recordings_bucket_name   = module.recordings_bucket.id
  reconnect_window_seconds = var.reconnect_window_seconds
}

# ---------------------------------------------------------------- function

module "function" {
  source                     = "./modules/function"
  name                       = var.name
  function_zip               = var.function_zip
  function_package           = var.function_package
  artifacts_bucket           = module.artifacts_bucket.id
  recordings_bucket          = module.recordings_bucket.id
  recording_retention_days   = var.recording_retention_days
  architecture               = var.architecture
  memory_size                = var.function_memory_mb
  timeout_seconds            = var.function_timeout_seconds
  log_retention_days         = var.log_retention_days
  channel_arn                = module.ivs.channel_arn
  playback_url               = module.ivs.playback_url
  dvr_window_seconds         = var.dvr_window_seconds
  cache_ttl_seconds          = var.cache_ttl_seconds
  reconcile_interval_seconds = var.reconcile_interval_seconds
  reconnect_window_seconds   = module.ivs.reconnect_window_seconds

  events_max_receive_count                = var.events_max_receive_count
  events_queue_visibility_timeout_seconds = var.events_queue_visibility_timeout_seconds
  permissions_boundary                    = var.permissions_boundary

  notification_topic_arn           = module.notifications.topic_arn
  notification_webhooks_secret_arn = module.notifications.webhooks_secret_arn
  viewer_url_parameter_name        = module.notifications.viewer_url_parameter_name
}

# ---------------------------------------------------------------- go-live notifications

# The events function decides (it holds the state: one announcement per broadcast, none for a reconnect) and
# delivers to this topic (e-mail subscriptions) and these webhooks (a secret).
module "notifications" {
  source             = "./modules/notifications"
  name               = var.name
  emails             = var.notification_emails
  webhooks           = var.notification_webhooks
  viewer_url         = local.viewer_url
  publisher_role_arn = module.function.events_role_arn
}

# ---------------------------------------------------------------- CDN and DNS

module "certificate" {
  source         = "./modules/certificate"
  count          = local.custom_domain ? 1 : 0
  domain_name    = var.domain_name
  hosted_zone_id = var.hosted_zone_id

  providers = {
    aws = aws.us_east_1
  }
}

module "cdn" {
  source                         = "./modules/cdn"
  name                           = var.name
  site_bucket_domain_name        = module.site_bucket.regional_domain_name
  recordings_bucket_domain_name  = module.recordings_bucket.regional_domain_name
  function_url_domain            = module.function.function_url_domain
  price_class                    = var.price_class
  domain_name                    = var.domain_name
  certificate_arn                = local.custom_domain ? module.certificate[0].certificate_arn : null
  extra_media_origins            = var.extra_media_origins
  embed_allowed_origins          = var.embed_allowed_origins
  recording_playlist_ttl_seconds = var.recording_playlist_ttl_seconds
  # Segments never change; caching them longer than the recordings live would be pointless.
  recording_segment_ttl_seconds = var.recording_retention_days * 86400
}

module "dns" {
  source                      = "./modules/dns"
  count                       = local.custom_domain ? 1 : 0
  domain_name                 = var.domain_name
  hosted_zone_id              = var.hosted_zone_id
  distribution_domain_name    = module.cdn.domain_name
  distribution_hosted_zone_id = module.cdn.hosted_zone_id
}

# ---------------------------------------------------------------- monitoring

module "monitoring" {
  source                   = "./modules/monitoring"
  name                     = var.name
  function_names           = module.function.function_names
  failed_events_queue_name = module.function.failed_events_queue_name
  function_timeout_seconds = var.function_timeout_seconds
  alarm_email              = var.alarm_email
  # the events function announces broadcasts (go-live notifications)
  notifications_function_name = module.function.events_function_name
}

module "edge_monitoring" {
  source          = "./modules/edge-monitoring"
  name            = var.name
  distribution_id = module.cdn.distribution_id
  # Alarm actions must be in the alarm's region (us-east-1 for CloudFront).
  create_topic = var.region != "us-east-1"
  topic_arn    = var.region == "us-east-1" ? module.monitoring.topic_arn : null
  alarm_email  = var.alarm_email

  providers = {
    aws = aws.us_east_1
  }
}

# ---------------------------------------------------------------- who may read and invoke what

locals {
  # Every bucket refuses plain HTTP: one statement, written once, added to each bucket policy below.
  deny_insecure_transport = {
    for key, bucket_arn in {
      site       = module.site_bucket.arn
      recordings = module.recordings_bucket.arn
      artifacts  = module.artifacts_bucket.arn
    } :
    key => {
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [bucket_arn, "${bucket_arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }
  }
}

# Only this distribution (through its OAC) may read the site; nothing may use plain HTTP.
# No s3:ListBucket: a missing key answers 403, never a listing.
resource "aws_s3_bucket_policy" "site" {
  bucket = module.site_bucket.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudFrontReadsSite"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "s3:GetObject"
        Resource  = "${module.site_bucket.arn}/*"
        Condition = { StringEquals = { "AWS:SourceArn" = module.cdn.distribution_arn } }
      },
      local.deny_insecure_transport.site,
    ]
  })
}

# Only this distribution may read recordings, and only under the IVS prefix it serves as /ivs/*.
resource "aws_s3_bucket_policy" "recordings" {
  bucket = module.recordings_bucket.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudFrontReadsRecordings"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "s3:GetObject"
        Resource  = "${module.recordings_bucket.arn}/ivs/*"
        Condition = { StringEquals = { "AWS:SourceArn" = module.cdn.distribution_arn } }
      },
      local.deny_insecure_transport.recordings,
    ]
  })
}

# Nobody outside the account reads artifacts; Lambda reads them with the deployer's credentials.
resource "aws_s3_bucket_policy" "artifacts" {
  bucket = module.artifacts_bucket.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.deny_insecure_transport.artifacts,
    ]
  })
}

# CloudFront's Lambda OAC needs both actions on the alias behind the function URL, and only this
# distribution gets them.
resource "aws_lambda_permission" "cloudfront_invoke_url" {
  statement_id           = "AllowCloudFrontInvokeFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = module.function.status_function_name
  qualifier              = local.live_alias
  principal              = "cloudfront.amazonaws.com"
  source_arn             = module.cdn.distribution_arn
  function_url_auth_type = "AWS_IAM"
}

resource "aws_lambda_permission" "cloudfront_invoke" {
  statement_id  = "AllowCloudFrontInvokeFunction"
  action        = "lambda:InvokeFunction"
  function_name = module.function.status_function_name
  qualifier     = local.live_alias
  principal     = "cloudfront.amazonaws.com"
  source_arn    = module.cdn.distribution_arn
}
