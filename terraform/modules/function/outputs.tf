output "status_function_name" {
  description = "Name of the status API function."
  value       = aws_lambda_function.this["status"].function_name
}

output "events_function_name" {
  description = "Name of the IVS event handler function."
  value       = aws_lambda_function.this["events"].function_name
}

output "function_names" {
  description = "Both function names, keyed status/events."
  value       = { for k, f in aws_lambda_function.this : k => f.function_name }
}

output "live_alias_name" {
  description = "Name of the alias that serves traffic on both functions."
  value       = local.alias_name
}

output "status_alias_arn" {
  description = "ARN of the status function's live alias."
  value       = aws_lambda_alias.live["status"].arn
}

output "events_alias_arn" {
  description = "ARN of the events function's live alias (invoked by the events queue's event source mapping)."
  value       = aws_lambda_alias.live["events"].arn
}

output "function_url" {
  description = "Function URL of the status function's live alias (AWS_IAM; only CloudFront may call it)."
  value       = aws_lambda_function_url.status.function_url
}

output "function_url_domain" {
  description = "Host name of the function URL, the CloudFront origin domain."
  value       = trimsuffix(trimprefix(aws_lambda_function_url.status.function_url, "https://"), "/")
}

output "state_parameter_name" {
  description = "Name of the SSM parameter holding the state document."
  value       = aws_ssm_parameter.state.name
}

output "state_parameter_arn" {
  description = "ARN of the SSM parameter holding the state document."
  value       = aws_ssm_parameter.state.arn
}

output "code_object_key" {
  description = "Key of the first deployment's zip in the artifacts bucket."
  value       = aws_s3_object.code.key
}

output "timeout_seconds" {
  description = "Function timeout (the monitoring module derives the duration alarm from it)."
  value       = var.timeout_seconds
}

output "events_queue_url" {
  description = "URL of the FIFO queue between EventBridge and the events function (scripts/replay-failed-events re-queues into it)."
  value       = aws_sqs_queue.events.url
}

output "events_queue_arn" {
  description = "ARN of that queue (the EventBridge targets and the event source mapping)."
  value       = aws_sqs_queue.events.arn
}

output "failed_events_queue_url" {
  description = "URL of the FIFO dead-letter queue that keeps IVS events the events function could not apply (scripts/replay-failed-events)."
  value       = aws_sqs_queue.failed_events.url
}

output "failed_events_queue_name" {
  description = "Name of the failed-events queue (the monitoring module alarms on it)."
  value       = aws_sqs_queue.failed_events.name
}

output "role_permissions_boundaries" {
  description = "Permissions boundary of each function role, by function key (null = none)."
  value       = { for k, r in aws_iam_role.this : k => r.permissions_boundary }
}

output "recordings_index_key" {
  description = "Key of the recordings index (the list of replays) in the recordings bucket."
  value       = local.recordings_index_key
}

output "channel_info_parameter_name" {
  description = "Name of the SSM parameter holding the channel's title, description and next stream (scripts/channel)."
  value       = aws_ssm_parameter.channel_info.name
}

output "function_runtimes" {
  description = "Lambda runtime of each function (provided.al2023 for the native package, java21 for java)."
  value       = { for k, f in aws_lambda_function.this : k => f.runtime }
}

output "events_role_arn" {
  description = "Execution role of the events function (the one publisher of the go-live topic)."
  value       = aws_iam_role.this["events"].arn
}
