# The stream-state functions: <name>-status serves GET /api/stream behind a function URL, <name>-events turns
# IVS EventBridge events into the state document in one SSM parameter. Both run the same zip; the zip's
# bootstrap dispatches on _HANDLER.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  state_parameter_name = "/${var.name}/stream-state"
  alias_name           = "live"

  functions = {
    status = {
      description = "OnAir status API: GET /api/stream from the SSM state document"
      # No reservation: the status API scales with viewers.
      reserved_concurrency = -1
      may_query_ivs        = true
      # the newest SEQUENTIAL thumbnail of a recording is found by listing media/thumbnails/ (thumbnailUrl)
      may_list_recordings = true
    }
    events = {
      description = "OnAir IVS event handler: writes the SSM state document"
      # One writer at a time: events are applied in series, so two writes never race.
      reserved_concurrency = 1
      may_query_ivs        = false
      may_list_recordings  = false
    }
  }

  # IVS EventBridge detail-types this stack reacts to.
  event_rules = {
    stream-state    = "IVS Stream State Change"
    recording-state = "IVS Recording State Change"
  }

  environment = {
    ONAIR_STATE_PARAMETER            = local.state_parameter_name
    ONAIR_CHANNEL_ARN                = var.channel_arn
    ONAIR_PLAYBACK_URL               = var.playback_url
    ONAIR_DVR_WINDOW_SECONDS         = tostring(var.dvr_window_seconds)
    ONAIR_CACHE_TTL_SECONDS          = tostring(var.cache_ttl_seconds)
    ONAIR_RECONCILE_INTERVAL_SECONDS = tostring(var.reconcile_interval_seconds)
  }
}

# ---------------------------------------------------------------- state

resource "aws_ssm_parameter" "state" {
  name        = local.state_parameter_name
  description = "Live/idle state document of the ${var.name} channel, written by ${var.name}-events."
  type        = "String"
  tier        = "Standard"
  # An empty document: the function reads it as "never live". From then on only the function writes it.
  value = "{}"
  tags  = var.tags

  lifecycle {
    ignore_changes = [value]
  }
}

# ---------------------------------------------------------------- code

# The first deployment's code. Lambda copies the code at creation, but the object is kept (ignore_changes)
# so the function's code location stays readable; the release pipeline uploads its own objects.
resource "aws_s3_object" "code" {
  bucket       = var.artifacts_bucket
  key          = "function/onair-function-${filesha256(var.function_zip)}.zip"
  source       = var.function_zip
  source_hash  = filemd5(var.function_zip)
  content_type = "application/zip"
  tags         = var.tags

  lifecycle {
    ignore_changes = [key, source, source_hash]
  }
}

# ---------------------------------------------------------------- IAM (one role per function)

resource "aws_iam_role" "this" {
  for_each    = local.functions
  name        = "${var.name}-${each.key}"
  description = "Execution role of the ${var.name}-${each.key} function"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  for_each = local.functions
  name     = "least-privilege"
  role     = aws_iam_role.this[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "StateDocument"
          Effect   = "Allow"
          Action   = ["ssm:GetParameter", "ssm:PutParameter"]
          Resource = aws_ssm_parameter.state.arn
        },
        {
          Sid      = "OwnLogs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = "${aws_cloudwatch_log_group.this[each.key].arn}:*"
        },
      ],
      each.value.may_query_ivs ? [{
        Sid      = "ReconcileWithIvs"
        Effect   = "Allow"
        Action   = "ivs:GetStream"
        Resource = var.channel_arn
      }] : [],
      # ListObjectsV2 needs s3:ListBucket on the bucket; the s3:prefix condition keeps it to IVS's recordings.
      each.value.may_list_recordings ? [{
        Sid       = "ListRecordingThumbnails"
        Effect    = "Allow"
        Action    = "s3:ListBucket"
        Resource  = "arn:${data.aws_partition.current.partition}:s3:::${var.recordings_bucket}"
        Condition = { StringLike = { "s3:prefix" = ["ivs/*"] } }
      }] : [],
      # Lambda sends an event whose retries are exhausted to the on-failure destination with this role.
      each.key == "events" ? [{
        Sid      = "KeepFailedEvents"
        Effect   = "Allow"
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.failed_events.arn
      }] : [],
    )
  })
}

# ---------------------------------------------------------------- functions

resource "aws_cloudwatch_log_group" "this" {
  for_each          = local.functions
  name              = "/aws/lambda/${var.name}-${each.key}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  for_each      = local.functions
  function_name = "${var.name}-${each.key}"
  description   = each.value.description
  role          = aws_iam_role.this[each.key].arn

  runtime       = "provided.al2023"
  handler       = each.key
  architectures = [var.architecture]
  memory_size   = var.memory_size
  timeout       = var.timeout_seconds
  publish       = true

  reserved_concurrent_executions = each.value.reserved_concurrency

  s3_bucket        = aws_s3_object.code.bucket
  s3_key           = aws_s3_object.code.key
  source_code_hash = filebase64sha256(var.function_zip)

  environment {
    variables = local.environment
  }

  tags = var.tags

  # After creation the release pipeline owns the code (UpdateFunctionCode + PublishVersion + alias move);
  # Terraform must not roll it back to the bootstrap zip.
  lifecycle {
    ignore_changes = [s3_bucket, s3_key, source_code_hash]
  }

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.this]
}

resource "aws_lambda_alias" "live" {
  for_each         = local.functions
  name             = local.alias_name
  description      = "The version that serves traffic; moved by the release pipeline and rollback."
  function_name    = aws_lambda_function.this[each.key].function_name
  function_version = aws_lambda_function.this[each.key].version

  lifecycle {
    ignore_changes = [function_version]
  }
}

# Only callers with SigV4 credentials allowed by the resource policy (CloudFront's OAC, granted in the root
# module) may call it.
resource "aws_lambda_function_url" "status" {
  function_name      = aws_lambda_function.this["status"].function_name
  qualifier          = aws_lambda_alias.live["status"].name
  authorization_type = "AWS_IAM"
  invoke_mode        = "BUFFERED"
}

# ---------------------------------------------------------------- IVS events

resource "aws_cloudwatch_event_rule" "this" {
  for_each    = local.event_rules
  name        = "${var.name}-${each.key}"
  description = "${each.value} events of the ${var.name} channel"
  event_pattern = jsonencode({
    source        = ["aws.ivs"]
    "detail-type" = [each.value]
    resources     = [var.channel_arn]
  })
  tags = var.tags
}

resource "aws_cloudwatch_event_target" "this" {
  for_each  = local.event_rules
  rule      = aws_cloudwatch_event_rule.this[each.key].name
  target_id = "${var.name}-events-live"
  arn       = aws_lambda_alias.live["events"].arn
}

# An event the function could not apply (SSM unavailable through all of Lambda's retries) is not dropped:
# Lambda puts it, with the error, on this queue; scripts/replay-failed-events applies it again later (the
# state rules are idempotent and order by event time, so a late replay is safe). An alarm watches the queue.
resource "aws_sqs_queue" "failed_events" {
  name                      = "${var.name}-events-failed"
  message_retention_seconds = var.failed_event_retention_days * 86400
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_lambda_function_event_invoke_config" "events" {
  function_name = aws_lambda_function.this["events"].function_name
  qualifier     = aws_lambda_alias.live["events"].name
  # Lambda's defaults, stated: two retries (about 1 and 2 minutes later), and an event is never older than 6 h.
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 21600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failed_events.arn
    }
  }

  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_permission" "events" {
  for_each      = local.event_rules
  statement_id  = "AllowEventBridge-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["events"].function_name
  qualifier     = aws_lambda_alias.live["events"].name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.this[each.key].arn
}
