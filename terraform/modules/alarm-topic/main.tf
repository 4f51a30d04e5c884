# An SNS topic CloudWatch alarms can notify, encrypted with its own customer-managed KMS key. The one owner of that
# key and its policy: modules/monitoring calls it for the stack's topic, modules/edge-monitoring for the us-east-1
# topic (an SNS topic's key must be in the topic's region, so each region gets its own key from this module).
#
# CloudWatch cannot publish alarms to a topic encrypted with the AWS-managed key alias/aws/sns: that key's policy
# cannot be changed to grant cloudwatch.amazonaws.com, so every notification is dropped silently. The key policy
# lets CloudWatch, acting for this account's alarms in this region only, use the key (kms:Decrypt and
# kms:GenerateDataKey*, conditions aws:SourceAccount and aws:SourceArn), as AWS documents:
#   https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
#   https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Without it nobody could manage the key again (KMS refuses a policy that locks the account out).
        Sid       = "AccountAdministersTheKey"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchAlarmsOfThisAccountPublish"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alarm:*" }
        }
      },
    ]
  })
}

resource "aws_kms_key" "this" {
  description             = "${var.description}: CloudWatch alarms of this account may publish"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = local.key_policy
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_sns_topic" "this" {
  name              = var.name
  kms_master_key_id = aws_kms_key.this.arn
  tags              = var.tags
}
