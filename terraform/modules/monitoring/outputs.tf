output "topic_arn" {
  description = "SNS topic the function alarms notify."
  value       = aws_sns_topic.alarms.arn
}

output "alarm_names" {
  description = "Names of every alarm."
  value       = concat([for a in aws_cloudwatch_metric_alarm.function : a.alarm_name], [aws_cloudwatch_metric_alarm.failed_events.alarm_name])
}
