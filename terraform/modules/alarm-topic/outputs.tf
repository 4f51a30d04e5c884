output "topic_arn" {
  description = "ARN of the SNS topic CloudWatch alarms of this account and region can notify."
  value       = aws_sns_topic.this.arn
}

output "key_arn" {
  description = "ARN of the topic's customer-managed KMS key."
  value       = aws_kms_key.this.arn
}
