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
    # as the root passes it
    notifications_function_name = "onair-events"
  }

  assert {
    condition = length(aws_cloudwatch_metric_alarm.function) == 6 && alltrue([
      for a in aws_cloudwatch_metric_alarm.function :
      a.namespace == "AWS/Lambda" && contains(["onair-status", "onair-events"], a.dimensions.FunctionName) && a.alarm_actions == toset([module.alarm_topic.topic_arn])
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
      aws_cloudwatch_metric_alarm.failed_events.alarm_actions == toset([module.alarm_topic.topic_arn])
    )
    error_message = "an event waiting in the failed-events queue must raise an alarm on the topic"
  }
  # --- go-live announcements that failed: one alarm on the [Function] rollup the function prints (EMF)
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.notifications_failed[0].namespace == jsondecode(file("modules/monitoring/notify-metric.json")).namespace &&
      aws_cloudwatch_metric_alarm.notifications_failed[0].metric_name == jsondecode(file("modules/monitoring/notify-metric.json")).failed_metric &&
      aws_cloudwatch_metric_alarm.notifications_failed[0].namespace == "OnAir" &&
      aws_cloudwatch_metric_alarm.notifications_failed[0].metric_name == "NotificationsFailed"
    )
    error_message = "the notifications alarm must watch OnAir/NotificationsFailed, as notify-metric.json names it"
  }
  assert {
    # a metric alarm matches only the exact dimension set: exactly the one the function emits as its rollup
    condition     = keys(aws_cloudwatch_metric_alarm.notifications_failed[0].dimensions) == tolist(jsondecode(file("modules/monitoring/notify-metric.json")).alarm_dimensions) && aws_cloudwatch_metric_alarm.notifications_failed[0].dimensions == tomap({ Function = "onair-events" })
    error_message = "the notifications alarm's dimensions must be exactly the emitted rollup set [Function] with the events function's name"
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.notifications_failed[0].treat_missing_data == "notBreaching" &&
      aws_cloudwatch_metric_alarm.notifications_failed[0].statistic == "Sum" &&
      aws_cloudwatch_metric_alarm.notifications_failed[0].threshold == 1 &&
      aws_cloudwatch_metric_alarm.notifications_failed[0].comparison_operator == "GreaterThanOrEqualToThreshold" &&
      aws_cloudwatch_metric_alarm.notifications_failed[0].datapoints_to_alarm == 1
    )
    error_message = "one failed announcement must alarm, and a quiet channel (no data) must be OK"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.notifications_failed[0].alarm_actions == toset([module.alarm_topic.topic_arn]) && aws_cloudwatch_metric_alarm.notifications_failed[0].ok_actions == toset([module.alarm_topic.topic_arn])
    error_message = "the notifications alarm must notify the alarm topic"
  }
  assert {
    condition     = contains(output.alarm_names, "onair-events-notifications-failed")
    error_message = "the notifications alarm must be listed in alarm_names"
  }
  assert {
    condition     = aws_sns_topic_subscription.email["ops@example.com"].protocol == "email"
    error_message = "the alarm e-mail must be subscribed"
  }
  assert {
    condition     = aws_sns_topic_subscription.email["ops@example.com"].topic_arn == module.alarm_topic.topic_arn
    error_message = "the e-mail must be subscribed to the alarm topic"
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
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.notifications_failed) == 0
    error_message = "no notifications alarm without a function that announces"
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
    condition     = aws_cloudwatch_metric_alarm.cloudfront_5xx.alarm_actions == toset([module.alarm_topic[0].topic_arn]) && aws_sns_topic_subscription.email[0].endpoint == "ops@example.com"
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

# The alarm topic of both modules above (the stack's, and the us-east-1 one of edge-monitoring): modules/alarm-topic,
# the one owner of its KMS key and key policy.
run "alarm_topic_cloudwatch_can_publish" {
  command = apply
  module {
    source = "./modules/alarm-topic"
  }
  variables {
    name        = "onair-alarms"
    description = "onair alarm topic"
  }

  assert {
    condition     = aws_sns_topic.this.name == "onair-alarms" && aws_kms_alias.this.name == "alias/onair-alarms" && aws_kms_alias.this.target_key_id == aws_kms_key.this.key_id
    error_message = "the topic is named as asked and its key has the alias alias/<name>"
  }
  # CloudWatch must be able to use the topic's key (alias/aws/sns cannot grant it: alarms would be dropped).
  # The key policy is evaluated: some Allow statement for the cloudwatch.amazonaws.com service principal covers
  # kms:Decrypt and kms:GenerateDataKey (wildcards honoured), limited to this account's alarms in the key's region
  # (alarm ARNs are arn:aws:cloudwatch:<region>:<account>:alarm:<name>).
  assert {
    condition     = aws_sns_topic.this.kms_master_key_id == aws_kms_key.this.arn && !startswith(aws_sns_topic.this.kms_master_key_id, "alias/aws/") && !strcontains(aws_sns_topic.this.kms_master_key_id, ":alias/aws/")
    error_message = "the alarm topic must be encrypted with its customer-managed key, never the AWS-managed alias/aws/sns"
  }
  assert {
    condition = anytrue([
      for st in jsondecode(aws_kms_key.this.policy).Statement :
      st.Effect == "Allow" &&
      contains(flatten([try(st.Principal.Service, [])]), "cloudwatch.amazonaws.com") &&
      alltrue([
        for need in ["kms:Decrypt", "kms:GenerateDataKey"] : anytrue([
          for a in flatten([st.Action]) : a == need || (endswith(a, "*") && startswith(need, trimsuffix(a, "*")))
        ])
      ]) &&
      try(st.Condition.StringEquals["aws:SourceAccount"], "") == "123456789012" &&
      can(regex("^${replace(try(st.Condition.ArnLike["aws:SourceArn"], "-"), "*", ".*")}$", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:onair-events-failed-waiting")) &&
      !can(regex("^${replace(try(st.Condition.ArnLike["aws:SourceArn"], "-"), "*", ".*")}$", "arn:aws:cloudwatch:us-east-1:999999999999:alarm:other")) &&
      !can(regex("^${replace(try(st.Condition.ArnLike["aws:SourceArn"], "-"), "*", ".*")}$", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:other"))
    ])
    error_message = "the alarm key policy must let cloudwatch.amazonaws.com use the key (kms:Decrypt, kms:GenerateDataKey*) for this account's alarms only (in the key's region)"
  }
  assert {
    condition = anytrue([
      for st in jsondecode(aws_kms_key.this.policy).Statement :
      st.Effect == "Allow" && try(st.Principal.AWS, "") == "arn:aws:iam::123456789012:root" && st.Action == "kms:*"
    ]) && aws_kms_key.this.enable_key_rotation
    error_message = "the account must keep administering the alarm key (no lock-out), with rotation on"
  }
}
