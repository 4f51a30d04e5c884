# The events path without reserved concurrency: EventBridge -> SQS FIFO queue (one message group) -> Lambda's SQS
# poller -> the events function's live alias; failed events in a FIFO dead-letter queue. What a new AWS account
# refuses or silently breaks here cannot be seen in moto, so it is asserted on the plan:
# - any reserved concurrency fails the apply on accounts with 10 total / 10 unreserved minimum
#   (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html);
# - a FIFO target without content-based deduplication is refused by EventBridge
#   (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_SqsParameters.html);
# - a queue encrypted with alias/aws/sqs cannot receive from EventBridge (its key policy cannot be changed:
#   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html);
# - a visibility timeout below the function timeout makes CreateEventSourceMapping fail
#   (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name              = "onair"
  function_zip      = "tests/fixtures/function.zip"
  artifacts_bucket  = "onair-artifacts-123456789012-us-east-1"
  recordings_bucket = "onair-recordings-123456789012-us-east-1"
  channel_arn       = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"
  playback_url      = "https://abcdef.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8"
}

run "events_queue_wiring_without_reservation" {
  command = apply
  module {
    source = "./modules/function"
  }

  # distinct ARNs for the two queues (the shared mock gives every queue the same one)
  override_resource {
    target = aws_sqs_queue.events
    values = {
      id  = "https://sqs.us-east-1.amazonaws.com/123456789012/onair-events.fifo"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/onair-events.fifo"
      arn = "arn:aws:sqs:us-east-1:123456789012:onair-events.fifo"
    }
  }
  override_resource {
    target = aws_sqs_queue.failed_events
    values = {
      id  = "https://sqs.us-east-1.amazonaws.com/123456789012/onair-events-failed.fifo"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/onair-events-failed.fifo"
      arn = "arn:aws:sqs:us-east-1:123456789012:onair-events-failed.fifo"
    }
  }

  # No reservation anywhere: unset (the mock keeps it null) or -1, the provider's "unreserved"
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.reserved_concurrent_executions == null || f.reserved_concurrent_executions == -1])
    error_message = "no function may reserve concurrency (a reservation fails on accounts with 10 total / 10 unreserved minimum)"
  }

  # The queue between EventBridge and the function
  assert {
    condition = (
      aws_sqs_queue.events.name == "onair-events.fifo" && aws_sqs_queue.events.fifo_queue &&
      aws_sqs_queue.events.content_based_deduplication
    )
    error_message = "the events queue must be FIFO with content-based deduplication (EventBridge requires it for a FIFO target)"
  }
  assert {
    condition = (
      aws_sqs_queue.events.sqs_managed_sse_enabled && aws_sqs_queue.failed_events.sqs_managed_sse_enabled &&
      alltrue([for q in [aws_sqs_queue.events, aws_sqs_queue.failed_events] : q.kms_master_key_id == null || q.kms_master_key_id == ""])
    )
    error_message = "both queues must use SSE-SQS, not a KMS key (EventBridge cannot use alias/aws/sqs)"
  }
  assert {
    condition     = aws_sqs_queue.events.visibility_timeout_seconds == 60
    error_message = "the events queue's visibility timeout must default to 6 x the function timeout (10 s)"
  }
  assert {
    condition = jsondecode(aws_sqs_queue.events.redrive_policy) == {
      deadLetterTargetArn = "arn:aws:sqs:us-east-1:123456789012:onair-events-failed.fifo"
      maxReceiveCount     = 5
    }
    error_message = "events that keep failing must move to the failed-events queue after 5 receives"
  }
  assert {
    condition = (
      aws_sqs_queue.failed_events.name == "onair-events-failed.fifo" && aws_sqs_queue.failed_events.fifo_queue &&
      aws_sqs_queue.failed_events.message_retention_seconds == 1209600 && aws_sqs_queue.events.message_retention_seconds == 1209600
    )
    error_message = "the failed-events queue must be FIFO (a FIFO queue's DLQ is FIFO) and both queues keep events 14 days"
  }

  # EventBridge -> queue: both rules, one constant message group
  assert {
    condition = alltrue([
      for t in aws_cloudwatch_event_target.this :
      t.arn == "arn:aws:sqs:us-east-1:123456789012:onair-events.fifo" && one(t.sqs_target).message_group_id == "ivs-events"
    ])
    error_message = "both rules must target the events FIFO queue with the one message group ivs-events"
  }
  assert {
    condition = jsondecode(aws_sqs_queue_policy.events.policy).Statement == [{
      Sid       = "EventBridgeRulesOfThisStack"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:us-east-1:123456789012:onair-events.fifo"
      Condition = { ArnEquals = { "aws:SourceArn" = [for k in sort(keys(aws_cloudwatch_event_rule.this)) : aws_cloudwatch_event_rule.this[k].arn] } }
    }] && aws_sqs_queue_policy.events.queue_url == "https://sqs.us-east-1.amazonaws.com/123456789012/onair-events.fifo"
    error_message = "only this stack's rules (aws:SourceArn) may send to the events queue, and only sqs:SendMessage"
  }

  # queue -> function
  assert {
    condition = (
      aws_lambda_event_source_mapping.events.event_source_arn == "arn:aws:sqs:us-east-1:123456789012:onair-events.fifo" &&
      aws_lambda_event_source_mapping.events.function_name == aws_lambda_alias.live["events"].arn &&
      aws_lambda_event_source_mapping.events.batch_size <= 10 && aws_lambda_event_source_mapping.events.enabled
    )
    error_message = "the event source mapping must feed the events queue to the events function's live alias, at most 10 per batch"
  }
  assert {
    condition     = aws_lambda_event_source_mapping.events.function_response_types == toset(["ReportBatchItemFailures"])
    error_message = "the event source mapping must use partial batch responses (ReportBatchItemFailures)"
  }
  assert {
    condition = (
      [for s in jsondecode(aws_iam_role_policy.this["events"].policy).Statement : [s.Action, s.Resource] if s.Sid == "ReadEventsQueue"] ==
      [[["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], "arn:aws:sqs:us-east-1:123456789012:onair-events.fifo"]] &&
      length([for s in jsondecode(aws_iam_role_policy.this["status"].policy).Statement : s if startswith(jsonencode(s.Action), "[\"sqs:") || startswith(jsonencode(s.Action), "\"sqs:")]) == 0
    )
    error_message = "only the events role may read the events queue (Receive/Delete/ChangeMessageVisibility/GetQueueAttributes), nothing else in SQS"
  }
}

run "local_shorter_retries_pass_through" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    timeout_seconds                         = 10
    events_queue_visibility_timeout_seconds = 10
    events_max_receive_count                = 2
  }

  assert {
    condition     = aws_sqs_queue.events.visibility_timeout_seconds == 10
    error_message = "an explicit visibility timeout is used as given"
  }
}

run "visibility_timeout_below_function_timeout_is_refused" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    timeout_seconds                         = 10
    events_queue_visibility_timeout_seconds = 5
  }
  expect_failures = [aws_sqs_queue.events]
}
