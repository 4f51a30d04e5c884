# CloudFront publishes its metrics in us-east-1 only (dimension Region=Global): call this module with a
# us-east-1 provider. The alarm notifies the stack's topic when the stack is in us-east-1, otherwise a
# topic created here (alarm actions must be in the alarm's region).

locals {
  topic_arn = var.create_topic ? aws_sns_topic.alarms[0].arn : var.topic_arn
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

# Same rule as modules/monitoring: CloudWatch cannot use alias/aws/sns, so the topic created here has its own
# customer-managed key (in us-east-1, beside the alarm) whose policy lets this account's alarms publish:
#   https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
locals {
  alarm_key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
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
  count                   = var.create_topic ? 1 : 0
  description             = "${var.name} edge alarm topic: CloudWatch alarms of this account may publish"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = local.alarm_key_policy
  tags                    = var.tags
}

resource "aws_kms_alias" "alarms" {
  count         = var.create_topic ? 1 : 0
  name          = "alias/${var.name}-edge-alarms"
  target_key_id = aws_kms_key.alarms[0].key_id
}

resource "aws_sns_topic" "alarms" {
  count             = var.create_topic ? 1 : 0
  name              = "${var.name}-edge-alarms"
  kms_master_key_id = aws_kms_key.alarms[0].arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.create_topic && var.alarm_email != null ? 1 : 0
  topic_arn = aws_sns_topic.alarms[0].arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "cloudfront_5xx" {
  alarm_name          = "${var.name}-cloudfront-5xx-rate"
  alarm_description   = "More than ${var.threshold_percent}% of viewer requests got a 5xx from CloudFront."
  namespace           = "AWS/CloudFront"
  metric_name         = "5xxErrorRate"
  dimensions          = { DistributionId = var.distribution_id, Region = "Global" }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.threshold_percent
  treat_missing_data  = "notBreaching"
  alarm_actions       = [local.topic_arn]
  ok_actions          = [local.topic_arn]
  tags                = var.tags

  lifecycle {
    precondition {
      condition     = var.create_topic || var.topic_arn != null
      error_message = "Either create_topic or topic_arn is required: the alarm must notify someone."
    }
  }
}
