# CloudFront publishes its metrics in us-east-1 only (dimension Region=Global): call this module with a
# us-east-1 provider. The alarm notifies the stack's topic when the stack is in us-east-1, otherwise a
# topic created here (alarm actions must be in the alarm's region).

locals {
  topic_arn = var.create_topic ? module.alarm_topic[0].topic_arn : var.topic_arn
}

# The topic created here has its own customer-managed key in us-east-1, beside the alarm (a topic's key must be in
# the topic's region; CloudWatch cannot use alias/aws/sns): modules/alarm-topic, as for the stack's topic.
module "alarm_topic" {
  source      = "../alarm-topic"
  count       = var.create_topic ? 1 : 0
  name        = "${var.name}-edge-alarms"
  description = "${var.name} edge alarm topic"
  tags        = var.tags
}

# Where these resources were before modules/alarm-topic owned them: existing stacks keep them (no replacement).
moved {
  from = aws_kms_key.alarms[0]
  to   = module.alarm_topic[0].aws_kms_key.this
}

moved {
  from = aws_kms_alias.alarms[0]
  to   = module.alarm_topic[0].aws_kms_alias.this
}

moved {
  from = aws_sns_topic.alarms[0]
  to   = module.alarm_topic[0].aws_sns_topic.this
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.create_topic && var.alarm_email != null ? 1 : 0
  topic_arn = module.alarm_topic[0].topic_arn
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
