# Monitoring: alarms on the functions (regional) and on CloudFront's 5xx rate (us-east-1).

mock_provider "aws" {
  source = "./tests/mocks"
}

run "function_alarms" {
  command = apply
  module {
    source = "./modules/monitoring"
  }
  variables {
    name                     = "onair"
    function_names           = { status = "onair-status", events = "onair-events" }
    failed_events_queue_name = "onair-events-failed"
    function_timeout_seconds = 10
    alarm_email              = "ops@example.com"
  }

  assert {
    condition = length(aws_cloudwatch_metric_alarm.function) == 6 && alltrue([
      for a in aws_cloudwatch_metric_alarm.function :
      a.namespace == "AWS/Lambda" && contains(["onair-status", "onair-events"], a.dimensions.FunctionName) && a.alarm_actions == toset([aws_sns_topic.alarms.arn])
    ])
    error_message = "function alarms must watch AWS/Lambda metrics of the two functions and notify the topic"
  }
  assert {
    condition = alltrue(flatten([
      for fn in ["status", "events"] : [
        aws_cloudwatch_metric_alarm.function["${fn}/errors"].metric_name == "Errors",
        aws_cloudwatch_metric_alarm.function["${fn}/throttles"].metric_name == "Throttles",
        aws_cloudwatch_metric_alarm.function["${fn}/duration"].metric_name == "Duration",
        aws_cloudwatch_metric_alarm.function["${fn}/errors"].alarm_name == "onair-${fn}-errors",
      ]
    ]))
    error_message = "each function needs an Errors, a Throttles and a Duration alarm"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.function["status/duration"].threshold == 8000 && aws_cloudwatch_metric_alarm.function["events/duration"].threshold == 8000
    error_message = "the duration alarm fires at 80% of the timeout"
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.failed_events.namespace == "AWS/SQS" &&
      aws_cloudwatch_metric_alarm.failed_events.metric_name == "ApproximateNumberOfMessagesVisible" &&
      aws_cloudwatch_metric_alarm.failed_events.dimensions == tomap({ QueueName = "onair-events-failed" }) &&
      aws_cloudwatch_metric_alarm.failed_events.threshold == 1 &&
      aws_cloudwatch_metric_alarm.failed_events.alarm_actions == toset([aws_sns_topic.alarms.arn])
    )
    error_message = "an event waiting in the failed-events queue must raise an alarm on the topic"
  }
  assert {
    condition     = aws_sns_topic_subscription.email["ops@example.com"].protocol == "email"
    error_message = "the alarm e-mail must be subscribed"
  }
}

run "function_alarms_without_email" {
  command = apply
  module {
    source = "./modules/monitoring"
  }
  variables {
    name                     = "onair"
    function_names           = { status = "onair-status" }
    failed_events_queue_name = "onair-events-failed"
    function_timeout_seconds = 10
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 0 && length(aws_cloudwatch_metric_alarm.function) == 3
    error_message = "no subscription without an e-mail address, and three alarms for one function"
  }
}

run "cloudfront_alarm_own_topic" {
  command = apply
  module {
    source = "./modules/edge-monitoring"
  }
  variables {
    name            = "onair"
    distribution_id = "E2ONAIRTEST"
    create_topic    = true
    alarm_email     = "ops@example.com"
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.cloudfront_5xx.metric_name == "5xxErrorRate" &&
      aws_cloudwatch_metric_alarm.cloudfront_5xx.namespace == "AWS/CloudFront" &&
      aws_cloudwatch_metric_alarm.cloudfront_5xx.dimensions == tomap({ DistributionId = "E2ONAIRTEST", Region = "Global" })
    )
    error_message = "the CloudFront alarm must watch 5xxErrorRate of this distribution in Region=Global"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.cloudfront_5xx.alarm_actions == toset([aws_sns_topic.alarms[0].arn]) && aws_sns_topic_subscription.email[0].endpoint == "ops@example.com"
    error_message = "outside us-east-1 the CloudFront alarm notifies its own us-east-1 topic, with the e-mail subscribed"
  }
}

run "cloudfront_alarm_needs_a_target" {
  command = plan
  module {
    source = "./modules/edge-monitoring"
  }
  variables {
    name            = "onair"
    distribution_id = "E2ONAIRTEST"
  }
  expect_failures = [aws_cloudwatch_metric_alarm.cloudfront_5xx]
}
