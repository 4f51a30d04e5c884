# The stream-state functions: <name>-status serves GET /api/stream behind a function URL, <name>-events turns
# IVS EventBridge events into the state document in one SSM parameter. Both run the same zip: with
# function_package = "native" the zip's bootstrap (provided.al2023) dispatches on _HANDLER; with "java" the
# managed java21 runtime loads one handler class per function from the JVM zip.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  state_parameter_name = "/${var.name}/stream-state"
  # Title, description and next stream time: written by scripts/channel, read by the functions (status: served; events: a replay's title).
  channel_info_parameter_name = "/${var.name}/channel-info"
  # SQS's maximum retention (14 days): https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
  events_queue_retention_days = 14
  alias_name                  = "live"

  # The package: runtime and handler per function. java21 + SnapStart: SnapStart supports the Java 11 and later
  # managed runtimes, on arm64 and x86_64, but not provided.al2023 (custom runtimes), provisioned concurrency,
  # EFS or ephemeral storage over 512 MB (none of which this module uses), and only for published versions and
  # the aliases that point at them: https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html
  java    = var.function_package == "java"
  runtime = local.java ? "java21" : "provided.al2023"
  handlers = {
    status = local.java ? "onair.function.handler.StatusHandler::handleRequest" : "status"
    events = local.java ? "onair.function.handler.EventsHandler::handleRequest" : "events"
  }
  # The JVM needs room the native binary does not: measured peak RSS (scripts/bench-function) fits 256 MB.
  java_min_memory_mb = 256

  functions = {
    status = {
      description   = "OnAir status API: GET /api/stream from the SSM state document"
      may_query_ivs = true
      # the newest SEQUENTIAL thumbnail of a recording is found by listing media/thumbnails/ (thumbnailUrl)
      may_list_recordings = true
      # GET /api/recordings reads the recordings index
      may_write_index = false
    }
    events = {
      description   = "OnAir IVS event handler: writes the SSM state document"
      may_query_ivs = false
      # a Recording End names the replay's newest thumbnail in the recordings index
      may_list_recordings = true
      may_write_index     = true
    }
  }

  # Neither function reserves concurrency. Lambda refuses a reservation that would leave the account's
  # unreserved concurrency below its minimum (UnreservedConcurrentExecutions, 100 by default, and many new
  # accounts have a limit of 10 in total), so "reserved concurrency 1" made a first apply fail there:
  # https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
  # The events function still applies one event at a time: EventBridge puts every event into one message group
  # of a FIFO queue, and Lambda's SQS poller never has two batches of one message group in flight
  # ("If your function returns an error, the function attempts all retries on the affected messages before Lambda
  # receives additional messages from the same group"; concurrency is at most the number of message groups:
  # https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html).
  events_queue_name        = "${var.name}-events.fifo"
  failed_events_queue_name = "${var.name}-events-failed.fifo"
  # One constant group: every IVS event of the channel in one series, stream and recording events alike.
  events_message_group = "ivs-events"

  # The list of past broadcasts (replays): one object in the recordings bucket, outside ivs/ so the recordings'
  # lifecycle rule never expires it and CloudFront (which may read ivs/* only) never serves it.
  recordings_index_key = "onair/recordings-index.json"
  # Lambda's advice: at least six times the function timeout, so a throttled or retried batch is not made
  # visible again while Lambda still works on it; Lambda refuses a mapping whose queue visibility timeout is
  # shorter than the function timeout.
  # https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
  events_visibility_timeout = coalesce(var.events_queue_visibility_timeout_seconds, 6 * var.timeout_seconds)

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
    ONAIR_RECORDINGS_BUCKET          = var.recordings_bucket
    ONAIR_CHANNEL_INFO_PARAMETER     = local.channel_info_parameter_name
    # the same window IVS merges reconnects in (modules/ivs output): "reconnecting" lasts exactly as long
    ONAIR_RECORDING_RECONNECT_WINDOW_SECONDS = tostring(var.reconnect_window_seconds)
    ONAIR_RECORDINGS_INDEX_KEY               = local.recordings_index_key
    # the bucket's lifecycle expiry: an expired recording leaves GET /api/recordings when S3 removes it
    ONAIR_RECORDING_RETENTION_DAYS = tostring(var.recording_retention_days)
    # An event older than this is refused: it may wait on the events queue as long as that keeps a message, then
    # on the failed-events queue until replayed; one day more leaves room for the replay itself.
    ONAIR_EVENT_MAX_AGE_SECONDS = tostring((local.events_queue_retention_days + var.failed_event_retention_days + 1) * 86400)
  }

  # Go-live notifications: only the events function announces (it holds the state), so only it is told where to.
  notify_environment = { for k, v in {
    ONAIR_NOTIFY_TOPIC_ARN            = var.notification_topic_arn
    ONAIR_NOTIFY_WEBHOOKS_SECRET      = var.notification_webhooks_secret_arn
    ONAIR_NOTIFY_VIEWER_URL_PARAMETER = var.viewer_url_parameter_name
  } : k => v if v != null }
  # Built from the name, not taken from the parameter resource: that one depends on the distribution, which depends
  # on this module's function URL.
  viewer_url_parameter_arn = var.viewer_url_parameter_name == null ? null : "arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:parameter${var.viewer_url_parameter_name}"
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

# The channel's info (scripts/channel set): a JSON document of at most ~2.5 KB (title <= 100 and description <= 500
# characters of at most 4 UTF-8 bytes each, no control characters to escape but \n, and < 4 KB, the Standard
# tier's value limit: https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html).
resource "aws_ssm_parameter" "channel_info" {
  name        = local.channel_info_parameter_name
  description = "Title, description and next stream of the ${var.name} channel (scripts/channel), read by ${var.name}-status."
  type        = "String"
  tier        = "Standard"
  # No info yet: the status API serves nulls. From then on only scripts/channel writes it.
  value = "{}"
  tags  = var.tags

  lifecycle {
    ignore_changes = [value]
  }
}

# ---------------------------------------------------------------- code

# The first deployment's code. Lambda copies the code at creation, but the object is kept (ignore_changes)
# so the function's code location stays readable; the release pipeline uploads its own objects.
# An empty index from the first apply: S3 answers a GetObject of a missing key with 403, not 404, to a caller
# without s3:ListBucket on it (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html), and the functions
# may list ivs/* only. From then on the events function (and scripts/rebuild-recordings-index) owns the content.
resource "aws_s3_object" "recordings_index" {
  bucket        = var.recordings_bucket
  key           = local.recordings_index_key
  content       = jsonencode({ version = 1, recordings = [], updatedAt = null })
  content_type  = "application/json"
  cache_control = "no-store"
  tags          = var.tags

  # The function owns the object after this seed: its PutObject replaces the whole object, and an object put
  # without x-amz-tagging has no tags (S3 PutObject replaces an existing object of the same key; the tag-set
  # is part of the request: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html). Without
  # tags/tags_all here every plan after the first recording re-tagged it (a perpetual diff of the default tags).
  lifecycle {
    ignore_changes = [content, content_type, cache_control, etag, tags, tags_all]
  }
}

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
  # the release role may create or change a role only with this boundary (scripts/bootstrap.sh)
  permissions_boundary = var.permissions_boundary
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
      # read only (scripts/channel is the one writer): the status function serves it, the events function names
      # a replay with the title of the moment its recording ends
      contains(["status", "events"], each.key) ? [{
        Sid      = "ReadChannelInfo"
        Effect   = "Allow"
        Action   = "ssm:GetParameter"
        Resource = aws_ssm_parameter.channel_info.arn
      }] : [],
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
      # The recordings index: both read it, only the events function writes it; that one object and nothing else.
      [{
        Sid      = each.value.may_write_index ? "ReadWriteRecordingsIndex" : "ReadRecordingsIndex"
        Effect   = "Allow"
        Action   = each.value.may_write_index ? ["s3:GetObject", "s3:PutObject"] : ["s3:GetObject"]
        Resource = "arn:${data.aws_partition.current.partition}:s3:::${var.recordings_bucket}/${local.recordings_index_key}"
      }],
      # Lambda's SQS poller reads and deletes the queue's messages with the function's execution role.
      # https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html#events-sqs-permissions
      # Go-live notifications: publish to the one topic, read the one webhooks secret (encrypted with the AWS managed
      # key aws/secretsmanager, so no kms:Decrypt is needed), read the viewer URL.
      each.key == "events" && var.notification_topic_arn != null ? [{
        Sid      = "PublishGoLive"
        Effect   = "Allow"
        Action   = "sns:Publish"
        Resource = var.notification_topic_arn
      }] : [],
      each.key == "events" && var.notification_webhooks_secret_arn != null ? [{
        Sid      = "ReadNotificationWebhooks"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = var.notification_webhooks_secret_arn
      }] : [],
      each.key == "events" && var.viewer_url_parameter_name != null ? [{
        Sid      = "ReadViewerUrl"
        Effect   = "Allow"
        Action   = "ssm:GetParameter"
        Resource = local.viewer_url_parameter_arn
      }] : [],
      each.key == "events" ? [{
        Sid      = "ReadEventsQueue"
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
        Resource = aws_sqs_queue.events.arn
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

  runtime       = local.runtime
  handler       = local.handlers[each.key]
  architectures = [var.architecture]
  memory_size   = var.memory_size
  timeout       = var.timeout_seconds
  publish       = true

  # java: every published version (the live alias points at one) is restored from a snapshot taken after the
  # handler's constructor and its beforeCheckpoint priming ran; $LATEST never uses SnapStart.
  dynamic "snap_start" {
    for_each = local.java ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  s3_bucket        = aws_s3_object.code.bucket
  s3_key           = aws_s3_object.code.key
  source_code_hash = filebase64sha256(var.function_zip)

  environment {
    variables = merge(local.environment, each.key == "events" ? local.notify_environment : {})
  }

  tags = var.tags

  # After creation the release pipeline owns the code (UpdateFunctionCode + PublishVersion + alias move);
  # Terraform must not roll it back to the bootstrap zip.
  lifecycle {
    ignore_changes = [s3_bucket, s3_key, source_code_hash]

    precondition {
      condition     = !local.java || var.memory_size >= local.java_min_memory_mb
      error_message = "function_package = \"java\" needs memory_size >= 256 MB (the JVM's measured peak RSS does not fit 128 MB)."
    }
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
  target_id = "${var.name}-events-queue"
  arn       = aws_sqs_queue.events.arn

  # Required for a FIFO target; the queue deduplicates by content (each event's JSON carries its own id).
  # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_SqsParameters.html
  sqs_target {
    message_group_id = local.events_message_group
  }
}

# ---------------------------------------------------------------- events queue (FIFO) and failed events

# Between EventBridge and the events function: one message group, so the function applies one batch at a time,
# in the order EventBridge delivered (the state machine then orders by the events' own time).
resource "aws_sqs_queue" "events" {
  name       = local.events_queue_name
  fifo_queue = true
  # "If you specify an SQS FIFO queue as a target, the queue must have content-based deduplication enabled."
  # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_SqsParameters.html
  content_based_deduplication = true
  # SSE-SQS, not SSE-KMS with the AWS managed key alias/aws/sqs: a service that sends to a KMS-encrypted queue
  # (EventBridge here) needs kms:GenerateDataKey + kms:Decrypt in the key's policy, and "you can't modify the key
  # policy of the AWS managed KMS key for Amazon SQS", so every delivery would fail.
  # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
  sqs_managed_sse_enabled    = true
  visibility_timeout_seconds = local.events_visibility_timeout
  message_retention_seconds  = local.events_queue_retention_days * 86400 # a long outage of the function loses nothing
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.failed_events.arn
    maxReceiveCount     = var.events_max_receive_count
  })
  tags = var.tags

  lifecycle {
    precondition {
      condition     = local.events_visibility_timeout >= var.timeout_seconds
      error_message = "the events queue's visibility timeout must be at least the function timeout (Lambda refuses the event source mapping otherwise; 6x is advised)."
    }
  }
}

# An event the function could not apply (SSM unavailable) through maxReceiveCount receives moves here, in order,
# with its body unchanged; scripts/replay-failed-events re-queues it later (the state rules are idempotent and order
# by event time, so a late replay is safe). A FIFO queue's dead-letter queue must be FIFO too:
# https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
# An alarm watches it (monitoring module).
resource "aws_sqs_queue" "failed_events" {
  name                      = local.failed_events_queue_name
  fifo_queue                = true
  message_retention_seconds = var.failed_event_retention_days * 86400
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

# Only this stack's two rules may send to the queue (EventBridge needs a queue policy, not a role, for SQS
# targets: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions).
resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EventBridgeRulesOfThisStack"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.events.arn
      Condition = { ArnEquals = { "aws:SourceArn" = [for k in sort(keys(local.event_rules)) : aws_cloudwatch_event_rule.this[k].arn] } }
    }]
  })
}

# Lambda polls the queue and invokes the live alias synchronously with up to 10 messages; the function answers
# which records failed (ReportBatchItemFailures), so applied events are deleted and failed ones retried.
# https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
resource "aws_lambda_event_source_mapping" "events" {
  event_source_arn        = aws_sqs_queue.events.arn
  function_name           = aws_lambda_alias.live["events"].arn
  batch_size              = 10 # SQS FIFO's maximum per receive
  enabled                 = true
  function_response_types = ["ReportBatchItemFailures"]

  # the poller uses the execution role: it must be able to read the queue before the mapping is enabled
  depends_on = [aws_iam_role_policy.this]
}
