# Alarms on what can go wrong in the functions without anybody looking: errors, throttles and slowness.
# They notify one SNS topic (with an optional e-mail subscription). CloudFront's alarm is in
# modules/edge-monitoring because CloudFront metrics only exist in us-east-1.

locals {
  duration_alarm  = floor(var.function_timeout_seconds * 1000 * var.duration_alarm_ratio)
  email_addresses = var.alarm_email == null ? [] : [var.alarm_email]
}

# The topic and its customer-managed KMS key (CloudWatch cannot use alias/aws/sns) come from modules/alarm-topic, the
# one owner of that key policy.
module "alarm_topic" {
  source      = "../alarm-topic"
  name        = "${var.name}-alarms"
  description = "${var.name} alarm topic"
  tags        = var.tags
}

# Where these resources were before modules/alarm-topic owned them: existing stacks keep them (no replacement).
moved {
  from = aws_kms_key.alarms
  to   = module.alarm_topic.aws_kms_key.this
}

moved {
  from = aws_kms_alias.alarms
  to   = module.alarm_topic.aws_kms_alias.this
}

moved {
  from = aws_sns_topic.alarms
  to   = module.alarm_topic.aws_sns_topic.this
}

resource "aws_sns_topic_subscription" "email" {
  for_each  = toset(local.email_addresses)
  topic_arn = module.alarm_topic.topic_arn
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
  alarm_actions       = [module.alarm_topic.topic_arn]
  ok_actions          = [module.alarm_topic.topic_arn]
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
  alarm_actions       = [module.alarm_topic.topic_arn]
  ok_actions          = [module.alarm_topic.topic_arn]
  tags                = var.tags
}

# A go-live announcement that failed (an SNS publish, a webhook, the webhooks secret): the broadcaster's followers
# were not told, and nothing else would say so. The events function counts failures as OnAir/NotificationsFailed in
# CloudWatch's Embedded Metric Format (lambda/.../notify/NotifyMetrics.java) under two dimension sets: [Function,
# Delivery] and the rollup [Function]. The EMF specification's "Dimensions" is an array of DimensionSets and the value
# is recorded under each one
# (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
# A metric alarm names one metric by its exact, full set of dimensions (a metric is its namespace, name and every
# dimension: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension) and
# cannot be built on a SEARCH expression
# (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metric_Math_Alarm.html): so the alarm watches
# the [Function] rollup, which counts every delivery, present or future, with one alarm. Namespace, metric and the
# dimension set come from notify-metric.json, which the function's NotificationFaultsTest checks the printed EMF
# lines against.
# - The metric exists only while something fails (nothing is printed for a quiet channel): missing data is
#   notBreaching, so a channel with no broadcast, or with broadcasts announced fine, is OK
#   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data).
# - EMF values arrive with the log flush; for Lambda, AWS suggests "M out of N" alarms
#   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Alarms.html):
#   one failure in any of the last three 5-minute periods alarms, so a late datapoint is still seen.
locals {
  notify_metric = jsondecode(file("${path.module}/notify-metric.json"))
  # the value of each dimension the alarm names (the function's name: AWS_LAMBDA_FUNCTION_NAME, as the function prints it)
  notify_dimension_values = { Function = var.notifications_function_name }
}

resource "aws_cloudwatch_metric_alarm" "notifications_failed" {
  count               = var.notifications_function_name == null ? 0 : 1
  alarm_name          = "${var.notifications_function_name}-notifications-failed"
  alarm_description   = "A go-live announcement of ${var.notifications_function_name} failed (SNS e-mail, a webhook or the webhooks secret): followers were not told. Its log group says which (Delivery dimension, \"announcing\"/\"webhook\"/\"SNS\" log lines)."
  namespace           = local.notify_metric.namespace
  metric_name         = local.notify_metric.failed_metric
  dimensions          = { for d in local.notify_metric.alarm_dimensions : d => local.notify_dimension_values[d] }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 3
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [module.alarm_topic.topic_arn]
  ok_actions          = [module.alarm_topic.topic_arn]
  tags                = var.tags
}
