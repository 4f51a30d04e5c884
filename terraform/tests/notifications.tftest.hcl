# Go-live notifications: the topic (SSE with the AWS managed key, a policy that lets only the events function
# publish), one e-mail subscription per address, the webhooks secret (only with webhooks; its URLs never in an
# output), the viewer URL parameter, and the events function's IAM scoped to exactly that topic, secret and parameter.
# Mocked AWS provider: no account, no network.

mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"
}

variables {
  # the function module's tunables have no defaults of their own (the root's variables are their one source)

  name               = "onair"
  viewer_url         = "https://d111111abcdef8.cloudfront.net/"
  publisher_role_arn = "arn:aws:iam::123456789012:role/onair-events"
  emails             = ["fan@example.com", "crew@example.org"]
  webhooks = [
    { name = "discord", url = "https://discord.com/api/webhooks/1/DISCORDTOKEN", format = "discord" },
    { name = "slack", url = "https://hooks.slack.com/services/T0/B0/SLACKTOKEN", format = "slack" },
  ]
}

run "topic_subscriptions_and_secret" {
  command = apply
  module {
    source = "./modules/notifications"
  }
  override_resource {
    target = aws_sns_topic.golive
    values = { arn = "arn:aws:sns:us-east-1:123456789012:onair-golive" }
  }
  override_resource {
    target = aws_secretsmanager_secret.webhooks
    values = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:onair/notification-webhooks-AbCdEf" }
  }

  assert {
    condition     = aws_sns_topic.golive.name == "onair-golive" && aws_sns_topic.golive.kms_master_key_id == "alias/aws/sns"
    error_message = "the go-live topic is <name>-golive, encrypted with the AWS managed key alias/aws/sns"
  }
  assert {
    condition = length(aws_sns_topic_subscription.email) == 2 && alltrue([
      for s in aws_sns_topic_subscription.email : s.protocol == "email" && s.topic_arn == "arn:aws:sns:us-east-1:123456789012:onair-golive"
    ]) && toset([for s in aws_sns_topic_subscription.email : s.endpoint]) == toset(["fan@example.com", "crew@example.org"])
    error_message = "one subscription with protocol email per address of emails, on the go-live topic"
  }
  assert {
    condition = [
      for s in jsondecode(aws_sns_topic_policy.golive.policy).Statement : s.Principal
      if s.Effect == "Allow" && contains(flatten([s.Action]), "sns:Publish")
    ] == [{ AWS = "arn:aws:iam::123456789012:role/onair-events" }]
    error_message = "the topic policy lets exactly one principal publish: the events function's role"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_sns_topic_policy.golive.policy).Statement : s.Principal != "*" && s.Resource == "arn:aws:sns:us-east-1:123456789012:onair-golive"
      if s.Effect == "Allow"
    ])
    error_message = "the topic policy grants nothing to everyone, and only on this topic"
  }
  assert {
    condition = length([
      for s in jsondecode(aws_sns_topic_policy.golive.policy).Statement : s
      if s.Effect == "Deny" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false"
    ]) == 1
    error_message = "the topic policy denies publishing over plain HTTP"
  }
  assert {
    condition     = aws_sns_topic_policy.golive.arn == "arn:aws:sns:us-east-1:123456789012:onair-golive"
    error_message = "the policy is attached to the go-live topic"
  }
  assert {
    condition     = length(aws_secretsmanager_secret.webhooks) == 1 && aws_secretsmanager_secret.webhooks[0].name == "onair/notification-webhooks" && aws_secretsmanager_secret.webhooks[0].kms_key_id == null
    error_message = "one webhooks secret <name>/notification-webhooks, encrypted with the AWS managed key aws/secretsmanager (no customer key)"
  }
  assert {
    condition     = nonsensitive(jsondecode(aws_secretsmanager_secret_version.webhooks[0].secret_string)) == { webhooks = [{ name = "discord", url = "https://discord.com/api/webhooks/1/DISCORDTOKEN", format = "discord" }, { name = "slack", url = "https://hooks.slack.com/services/T0/B0/SLACKTOKEN", format = "slack" }] }
    error_message = "the secret holds {\"webhooks\":[{name,url,format}]}, the document the function reads"
  }
  assert {
    condition     = aws_ssm_parameter.viewer_url.name == "/onair/viewer-url" && aws_ssm_parameter.viewer_url.value == "https://d111111abcdef8.cloudfront.net/" && aws_ssm_parameter.viewer_url.type == "String"
    error_message = "the viewer URL is the String parameter /<name>/viewer-url"
  }
  assert {
    condition = !anytrue([
      for o in [output.topic_arn, output.topic_name, tostring(output.email_subscriptions), output.webhooks_secret_arn, output.viewer_url_parameter_name] :
      strcontains(o, "TOKEN") || strcontains(o, "hooks.slack.com") || strcontains(o, "discord.com")
    ])
    error_message = "no output of the module carries a webhook URL"
  }
  assert {
    condition     = output.webhooks_secret_arn == "arn:aws:secretsmanager:us-east-1:123456789012:secret:onair/notification-webhooks-AbCdEf" && output.viewer_url_parameter_name == "/onair/viewer-url"
    error_message = "the module names the secret (ARN only) and the viewer URL parameter"
  }
}

run "no_webhooks_no_secret" {
  command = apply
  module {
    source = "./modules/notifications"
  }
  variables {
    emails   = []
    webhooks = []
  }
  assert {
    condition     = length(aws_secretsmanager_secret.webhooks) == 0 && output.webhooks_secret_arn == null && length(aws_sns_topic_subscription.email) == 0
    error_message = "without webhooks there is no secret (and no secret ARN); without addresses no subscription"
  }
}

run "webhook_urls_must_be_https" {
  command = plan
  module {
    source = "./modules/notifications"
  }
  variables {
    webhooks = [{ name = "plain", url = "http://example.com/hook", format = "json" }]
  }
  expect_failures = [var.webhooks]
}

run "webhook_formats_are_known" {
  command = plan
  module {
    source = "./modules/notifications"
  }
  variables {
    webhooks = [{ name = "teams", url = "https://example.com/hook", format = "teams" }]
  }
  expect_failures = [var.webhooks]
}

run "emails_are_addresses" {
  command = plan
  module {
    source = "./modules/notifications"
  }
  variables {
    emails = ["not an address"]
  }
  expect_failures = [var.emails]
}

run "events_function_scoped_to_the_topic_secret_and_parameter" {
  command = apply
  module {
    source = "./modules/function"
  }
  variables {
    function_zip                     = "tests/fixtures/function.zip"
    artifacts_bucket                 = "onair-artifacts-123456789012-us-east-1"
    channel_arn                      = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"
    recordings_bucket                = "onair-recordings-123456789012-us-east-1"
    playback_url                     = "https://abcdef.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8"
    notification_topic_arn           = "arn:aws:sns:us-east-1:123456789012:onair-golive"
    notification_webhooks_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:onair/notification-webhooks-AbCdEf"
    viewer_url_parameter_name        = "/onair/viewer-url"
  }

  assert {
    condition = [
      for s in jsondecode(aws_iam_role_policy.this["events"].policy).Statement : s
      if strcontains(jsonencode(s.Action), "sns:") || strcontains(jsonencode(s.Action), "secretsmanager:") || strcontains(jsonencode(s.Action), "kms:") || strcontains(jsonencode(s.Resource), "viewer-url")
      ] == [
      { Sid = "PublishGoLive", Effect = "Allow", Action = "sns:Publish", Resource = "arn:aws:sns:us-east-1:123456789012:onair-golive" },
      { Sid = "ReadNotificationWebhooks", Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "arn:aws:secretsmanager:us-east-1:123456789012:secret:onair/notification-webhooks-AbCdEf" },
      { Sid = "ReadViewerUrl", Effect = "Allow", Action = "ssm:GetParameter", Resource = "arn:aws:ssm:us-east-1:123456789012:parameter/onair/viewer-url" },
    ]
    error_message = "the events function may publish to the go-live topic only, read the webhooks secret only and the viewer URL parameter only"
  }
  assert {
    condition = !anytrue([
      for s in jsondecode(aws_iam_role_policy.this["status"].policy).Statement :
      strcontains(jsonencode(s.Action), "sns:") || strcontains(jsonencode(s.Action), "secretsmanager:") || strcontains(jsonencode(s.Resource), "viewer-url")
    ])
    error_message = "the status function gets no notification permission"
  }
  assert {
    condition = {
      for k, v in aws_lambda_function.this["events"].environment[0].variables : k => v if startswith(k, "ONAIR_NOTIFY_")
      } == {
      ONAIR_NOTIFY_TOPIC_ARN            = "arn:aws:sns:us-east-1:123456789012:onair-golive"
      ONAIR_NOTIFY_WEBHOOKS_SECRET      = "arn:aws:secretsmanager:us-east-1:123456789012:secret:onair/notification-webhooks-AbCdEf"
      ONAIR_NOTIFY_VIEWER_URL_PARAMETER = "/onair/viewer-url"
    }
    error_message = "the events function is told the topic, the secret (its ARN, never a URL) and the viewer URL parameter"
  }
  assert {
    condition     = length([for k, v in aws_lambda_function.this["status"].environment[0].variables : k if startswith(k, "ONAIR_NOTIFY_")]) == 0
    error_message = "only the events function announces: the status function has no ONAIR_NOTIFY_ setting"
  }
}

run "events_function_without_notifications" {
  command = apply
  module {
    source = "./modules/function"
  }
  variables {
    function_zip      = "tests/fixtures/function.zip"
    artifacts_bucket  = "onair-artifacts-123456789012-us-east-1"
    channel_arn       = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"
    recordings_bucket = "onair-recordings-123456789012-us-east-1"
    playback_url      = "https://abcdef.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8"
  }
  assert {
    condition = !anytrue([
      for s in jsondecode(aws_iam_role_policy.this["events"].policy).Statement :
      strcontains(jsonencode(s.Action), "sns:") || strcontains(jsonencode(s.Action), "secretsmanager:")
    ]) && length([for k, v in aws_lambda_function.this["events"].environment[0].variables : k if startswith(k, "ONAIR_NOTIFY_")]) == 0
    error_message = "without a topic or secret the events function gets neither permission nor setting"
  }
}

run "root_wiring" {
  command = apply
  variables {
    function_zip          = "tests/fixtures/function.zip"
    notification_emails   = ["fan@example.com"]
    notification_webhooks = [{ name = "local", url = "http://127.0.0.1:8099/hook", format = "json" }]
  }
  override_resource {
    target = module.notifications.aws_sns_topic.golive
    values = { arn = "arn:aws:sns:us-east-1:123456789012:onair-golive" }
  }

  assert {
    condition     = output.notification_topic_arn == "arn:aws:sns:us-east-1:123456789012:onair-golive" && module.notifications.topic_arn == output.notification_topic_arn
    error_message = "the root outputs the go-live topic"
  }
  assert {
    condition     = module.notifications.viewer_url_parameter_name == "/onair/viewer-url" && output.viewer_url == "https://d111111abcdef8.cloudfront.net/"
    error_message = "the announcements carry the viewer URL the stack outputs (the distribution's, without a custom domain)"
  }
  assert {
    condition     = module.notifications.webhooks_secret_arn != null && module.notifications.email_subscriptions == 1
    error_message = "the root passes the addresses and the webhooks to the notifications module"
  }
  assert {
    condition     = !strcontains(jsonencode([output.viewer_url, output.notification_topic_arn, output.status_function_url, output.stream_key_secret_arn]), "8099") && !strcontains(file("outputs.tf"), "notification_webhooks") && !strcontains(file("outputs.tf"), "webhooks_secret")
    error_message = "no root output may carry the webhooks (their URLs are secrets)"
  }
}
