output "topic_arn" {
  description = "SNS topic the function alarms notify."
  value       = aws_sns_topic.alarms.arn
}

output "alarm_names" {
  description = "Names of every alarm."
  value = concat(
    [for a in aws_cloudwatch_metric_alarm.function_errors : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.function_throttles : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.function_duration : a.alarm_name],
  )
}
