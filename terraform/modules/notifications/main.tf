# Go-live notifications: the topic followers subscribe to by e-mail, the webhooks' secret and the viewer URL the
# events function announces. The events function decides (it holds the state: one announcement per broadcast, none
# for a reconnect) and delivers; this module only provides where to.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  topic_name           = "${var.name}-golive"
  viewer_url_parameter = "/${var.name}/viewer-url"
  # The count of webhooks is not secret, their URLs are: only the count decides whether the secret exists.
  has_webhooks = nonsensitive(length(var.webhooks)) > 0
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
}

# ---------------------------------------------------------------- topic

# SSE with the AWS managed key alias/aws/sns: the publisher is the events function (an IAM role of this account, whose
# calls SNS decrypts for with the managed key) and the subscribers are e-mail addresses, so no service principal ever
# needs that key's policy. (CloudWatch alarms would: that is why the ALARM topic uses a customer key, see
# modules/alarm-topic.) https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
resource "aws_sns_topic" "golive" {
  name              = local.topic_name
  display_name      = substr("${var.name} is live", 0, 100)
  kms_master_key_id = "alias/aws/sns"
  tags              = var.tags
}

# Replaces SNS's default topic policy (which lets any principal of the account publish and subscribe): only the
# events function's role publishes; the account administers the topic through IAM (Terraform adds the e-mail
# subscriptions); nobody publishes over plain HTTP.
resource "aws_sns_topic_policy" "golive" {
  arn = aws_sns_topic.golive.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EventsFunctionPublishes"
        Effect    = "Allow"
        Principal = { AWS = var.publisher_role_arn }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.golive.arn
      },
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action = [
          "sns:GetTopicAttributes",
          "sns:SetTopicAttributes",
          "sns:ListSubscriptionsByTopic",
          "sns:Subscribe",
          "sns:DeleteTopic",
        ]
        Resource = aws_sns_topic.golive.arn
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.golive.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# Each address gets a confirmation mail from AWS and receives nothing until its owner confirms ("If the endpoint type
# is HTTP/S or email ... the endpoint owner must run the ConfirmSubscription action": botocore sns/2010-03-31
# Subscribe). Until then the subscription is "PendingConfirmation"; the confirmation token is valid for two days (same source).
resource "aws_sns_topic_subscription" "email" {
  for_each  = toset(var.emails)
  topic_arn = aws_sns_topic.golive.arn
  protocol  = "email"
  endpoint  = each.value
}

# ---------------------------------------------------------------- webhooks (a secret)

# A Discord or Slack webhook URL is its own credential. One secret holds them all, encrypted with the AWS managed key
# aws/secretsmanager (no kms_key_id): its key policy lets any principal of the account that may call Secrets Manager
# decrypt through it, so the function needs secretsmanager:GetSecretValue on this secret only; a customer key would
# also need kms:Decrypt for the function and a key policy naming it
# (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html; botocore
# secretsmanager/2017-10-17 GetSecretValue). Only created when there are webhooks.
resource "aws_secretsmanager_secret" "webhooks" {
  count                   = local.has_webhooks ? 1 : 0
  name                    = "${var.name}/notification-webhooks"
  description             = "Go-live webhooks of ${var.name} (name, url, format), read by ${var.name}-events."
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "webhooks" {
  count     = local.has_webhooks ? 1 : 0
  secret_id = aws_secretsmanager_secret.webhooks[0].id
  # The document the function reads: {"webhooks":[{"name","url","format"}]} (SecretString: at most 65,536 bytes).
  secret_string = jsonencode({ webhooks = var.webhooks })
}

# ---------------------------------------------------------------- viewer URL

# The function cannot get the viewer URL as an environment variable: the distribution depends on the function URL,
# so the function's configuration cannot depend on the distribution. Written here, once the distribution exists;
# the function reads it when it announces.
resource "aws_ssm_parameter" "viewer_url" {
  name        = local.viewer_url_parameter
  description = "The URL viewers open; ${var.name}-events puts it in go-live notifications."
  type        = "String"
  tier        = "Standard"
  value       = var.viewer_url
  tags        = var.tags
}
