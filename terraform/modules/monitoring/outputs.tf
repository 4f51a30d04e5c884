output "topic_arn" {
  description = "SNS topic the function alarms notify."
  value       = module.alarm_topic.topic_arn
}

output "alarm_names" {
  description = "Names of every alarm."
  value = concat([for a in aws_cloudwatch_metric_alarm.function : a.alarm_name], [aws_cloudwatch_metric_alarm.failed_events.alarm_name],
  aws_cloudwatch_metric_alarm.notifications_failed[*].alarm_name)
}
