output "alarm_name" {
  description = "Name of the CloudFront 5xx alarm."
  value       = aws_cloudwatch_metric_alarm.cloudfront_5xx.alarm_name
}

output "topic_arn" {
  description = "SNS topic the alarm notifies."
  value       = local.topic_arn
}
