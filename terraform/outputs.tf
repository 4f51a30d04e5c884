output "viewer_url" {
  description = "The URL viewers open."
  value       = local.viewer_url
}

output "obs_server" {
  description = "OBS Settings > Stream > Server (service: Custom)."
  value       = "rtmps://${module.ivs.ingest_endpoint}:443/app/"
}

output "stream_key_command" {
  description = "Command that prints the stream key (OBS Settings > Stream > Stream Key). The key itself is never an output."
  value       = "aws secretsmanager get-secret-value --region ${var.region} --secret-id ${module.ivs.stream_key_secret_arn} --query SecretString --output text"
}

output "stream_key_secret_arn" {
  description = "Secrets Manager secret holding the stream key."
  value       = module.ivs.stream_key_secret_arn
}

output "channel_arn" {
  description = "ARN of the IVS channel."
  value       = module.ivs.channel_arn
}

output "playback_url" {
  description = "IVS playback URL of the live edge."
  value       = module.ivs.playback_url
}

output "ingest_endpoint" {
  description = "IVS ingest host name."
  value       = module.ivs.ingest_endpoint
}

output "status_function_name" {
  description = "Status API function (GET /api/stream)."
  value       = module.function.status_function_name
}

output "events_function_name" {
  description = "IVS event handler function."
  value       = module.function.events_function_name
}

output "live_alias_name" {
  description = "Alias of both functions that serves traffic (moved by releases and rollbacks)."
  value       = module.function.live_alias_name
}

output "status_function_url" {
  description = "Function URL of the status alias (AWS_IAM: only the distribution may call it)."
  value       = module.function.function_url
}

output "distribution_id" {
  description = "CloudFront distribution ID (invalidations after a site deploy)."
  value       = module.cdn.distribution_id
}

output "distribution_arn" {
  description = "CloudFront distribution ARN."
  value       = module.cdn.distribution_arn
}

output "site_bucket" {
  description = "Bucket the player site is deployed to."
  value       = module.site_bucket.id
}

output "recordings_bucket" {
  description = "Bucket IVS records into (the DVR source)."
  value       = module.recordings_bucket.id
}

output "artifacts_bucket" {
  description = "Bucket holding function zips."
  value       = module.artifacts_bucket.id
}

output "state_parameter_name" {
  description = "SSM parameter holding the stream state document."
  value       = module.function.state_parameter_name
}

output "alarm_topic_arn" {
  description = "SNS topic the function alarms notify (and, in us-east-1, the CloudFront alarm)."
  value       = module.monitoring.topic_arn
}

output "events_queue_url" {
  description = "FIFO queue between EventBridge and the events function; scripts/replay-failed-events re-queues failed events into it."
  value       = module.function.events_queue_url
}

output "failed_events_queue_url" {
  description = "FIFO dead-letter queue of IVS events the events function could not apply; scripts/replay-failed-events re-queues them."
  value       = module.function.failed_events_queue_url
}

output "reconnect_window_seconds" {
  description = "IVS recording reconnect window (seconds): a broadcaster back within it continues the same recording; the status API says \"reconnecting\" meanwhile."
  value       = module.ivs.reconnect_window_seconds
}

output "channel_info_parameter" {
  description = "SSM parameter with the channel's title, description and next stream time (scripts/channel writes it)."
  value       = module.function.channel_info_parameter_name
}

output "notification_topic_arn" {
  description = "SNS topic announcing each new broadcast (e-mail subscriptions from notification_emails; more subscribers can be added by hand)."
  value       = module.notifications.topic_arn
}
