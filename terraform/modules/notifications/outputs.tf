output "topic_arn" {
  description = "The go-live SNS topic."
  value       = aws_sns_topic.golive.arn
}

output "topic_name" {
  description = "Name of the go-live SNS topic."
  value       = aws_sns_topic.golive.name
}

output "email_subscriptions" {
  description = "Number of e-mail subscriptions (each pending until its address confirms)."
  value       = length(aws_sns_topic_subscription.email)
}

output "webhooks_secret_arn" {
  description = "Secrets Manager secret holding the webhooks (null without webhooks). The ARN only: the URLs never leave the secret."
  value       = one(aws_secretsmanager_secret.webhooks[*].arn)
}

# From the local, not the resource: the function's configuration names the parameter without depending on it (the
# parameter depends on the distribution, which depends on the function).
output "viewer_url_parameter_name" {
  description = "SSM parameter holding the viewer URL."
  value       = local.viewer_url_parameter
}
