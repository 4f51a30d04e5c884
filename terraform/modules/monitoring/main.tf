# Alarms on what can go wrong in the functions without anybody looking: errors, throttles and slowness.
# They notify one SNS topic (with an optional e-mail subscription). CloudFront's alarm is in
# modules/edge-monitoring because CloudFront metrics only exist in us-east-1.

locals {
  duration_alarm  = floor(var.function_timeout_seconds * 1000 * var.duration_alarm_ratio)
  email_addresses = var.alarm_email == null ? [] : [var.alarm_email]
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

# CloudWatch cannot publish alarms to a topic encrypted with the AWS-managed key alias/aws/sns: that key's
# policy cannot be changed to grant cloudwatch.amazonaws.com, so every notification is dropped silently. The
# topic uses a customer-managed key whose policy lets CloudWatch, acting for this account's alarms only, use it
# (kms:Decrypt and kms:GenerateDataKey*, conditions aws:SourceAccount and aws:SourceArn), as AWS documents:
#   https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
#   https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
locals {
  alarm_key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Without it nobody could manage the key again (KMS refuses a policy that locks the account out).
        Sid       = "AccountAdministersTheKey"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchAlarmsOfThisAccountPublish"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alarm:*" }
        }
      },
    ]
  })
}

resource "aws_kms_key" "alarms" {
  description             = "${var.name} alarm topic: CloudWatch alarms of this account may publish"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = local.alarm_key_policy
  tags                    = var.tags
}

resource "aws_kms_alias" "alarms" {
  name          = "alias/${var.name}-alarms"
  target_key_id = aws_kms_key.alarms.key_id
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = aws_kms_key.alarms.arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  for_each  = toset(local.email_addresses)
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

# Every function gets the same three alarms; each differs only in metric, statistic and threshold.
locals {
  alarm_kinds = {
    errors = {
      metric      = "Errors"
      statistic   = "Sum"
      threshold   = 1
      description = "returned errors (status API failures or events that could not be written)."
    }
    throttles = {
      metric      = "Throttles"
      statistic   = "Sum"
      threshold   = 1
      description = "was throttled (invocations refused for lack of concurrency)."
    }
    duration = {
      metric      = "Duration"
      statistic   = "Maximum"
      threshold   = local.duration_alarm
      description = "came close to its ${var.function_timeout_seconds} s timeout."
    }
  }
  # "<function label>/<kind>" => what that alarm watches
  function_alarms = {
    for pair in setproduct(keys(var.function_names), keys(local.alarm_kinds)) :
    "${pair[0]}/${pair[1]}" => merge(local.alarm_kinds[pair[1]], { function = var.function_names[pair[0]], kind = pair[1] })
  }
}

resource "aws_cloudwatch_metric_alarm" "function" {
  for_each            = local.function_alarms
  alarm_name          = "${each.value.function}-${each.value.kind}"
  alarm_description   = "${each.value.function} ${each.value.description}"
  namespace           = "AWS/Lambda"
  metric_name         = each.value.metric
  dimensions          = { FunctionName = each.value.function }
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = each.value.threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

# An event waiting in the failed-events queue means the site may show the wrong state until it is replayed.
resource "aws_cloudwatch_metric_alarm" "failed_events" {
  alarm_name          = "${var.failed_events_queue_name}-waiting"
  alarm_description   = "IVS events could not be applied and wait in ${var.failed_events_queue_name}: run scripts/replay-failed-events."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = var.failed_events_queue_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}
