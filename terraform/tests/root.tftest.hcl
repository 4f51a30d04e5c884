# Root wiring: who may read the buckets and invoke the function, what the outputs reveal, and that the
# optional DNS part stays off by default. Runs against a mocked AWS provider (no account, no network).

mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"
}

variables {
  function_zip = "tests/fixtures/function.zip"
}

run "defaults" {
  command = apply

  # --- buckets: names unique per account and region
  assert {
    condition     = output.site_bucket == "onair-site-123456789012-us-east-1"
    error_message = "site bucket name must be <name>-site-<account>-<region>"
  }
  assert {
    condition     = output.recordings_bucket == "onair-recordings-123456789012-us-east-1" && output.artifacts_bucket == "onair-artifacts-123456789012-us-east-1"
    error_message = "recordings/artifacts bucket names must be <name>-<role>-<account>-<region>"
  }

  # --- bucket policies: only this distribution reads; never a public Allow; never a listing
  assert {
    condition = alltrue([
      for s in jsondecode(aws_s3_bucket_policy.site.policy).Statement :
      s.Principal == { Service = "cloudfront.amazonaws.com" } && try(s.Condition.StringEquals["AWS:SourceArn"], null) == "arn:aws:cloudfront::123456789012:distribution/E2ONAIRTEST"
      if s.Effect == "Allow"
    ])
    error_message = "site bucket: every Allow must be for cloudfront.amazonaws.com scoped to this distribution's ARN"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_s3_bucket_policy.recordings.policy).Statement :
      s.Principal == { Service = "cloudfront.amazonaws.com" } && try(s.Condition.StringEquals["AWS:SourceArn"], null) == "arn:aws:cloudfront::123456789012:distribution/E2ONAIRTEST"
      if s.Effect == "Allow"
    ])
    error_message = "recordings bucket: every Allow must be for cloudfront.amazonaws.com scoped to this distribution's ARN"
  }
  assert {
    condition = alltrue(flatten([
      for p in [aws_s3_bucket_policy.site.policy, aws_s3_bucket_policy.recordings.policy, aws_s3_bucket_policy.artifacts.policy] : [
        for s in jsondecode(p).Statement : s.Principal != "*" && s.Action == "s3:GetObject" if s.Effect == "Allow"
      ]
    ]))
    error_message = "bucket policies may only Allow s3:GetObject to a named service (no public principal, no ListBucket)"
  }
  assert {
    condition = length([
      for s in jsondecode(aws_s3_bucket_policy.site.policy).Statement : s if s.Effect == "Allow"
      ]) == 1 && length([
      for s in jsondecode(aws_s3_bucket_policy.artifacts.policy).Statement : s if s.Effect == "Allow"
    ]) == 0
    error_message = "the site bucket has exactly one Allow (CloudFront) and the artifacts bucket none"
  }
  assert {
    condition     = [for s in jsondecode(aws_s3_bucket_policy.recordings.policy).Statement : s.Resource if s.Effect == "Allow"] == ["arn:aws:s3:::mocked-bucket/ivs/*"]
    error_message = "CloudFront may read only the ivs/ prefix of the recordings bucket"
  }
  assert {
    condition = alltrue([
      for p in [aws_s3_bucket_policy.site.policy, aws_s3_bucket_policy.recordings.policy, aws_s3_bucket_policy.artifacts.policy] :
      anytrue([for s in jsondecode(p).Statement : s.Effect == "Deny" && try(s.Condition.Bool["aws:SecureTransport"], null) == "false"])
    ])
    error_message = "every bucket policy must deny requests without TLS"
  }

  # --- only this distribution may invoke the status function, both actions, on the live alias
  assert {
    condition = (
      aws_lambda_permission.cloudfront_invoke_url.action == "lambda:InvokeFunctionUrl" &&
      aws_lambda_permission.cloudfront_invoke.action == "lambda:InvokeFunction"
    )
    error_message = "CloudFront needs both lambda:InvokeFunctionUrl and lambda:InvokeFunction"
  }
  assert {
    condition = alltrue([
      for p in [aws_lambda_permission.cloudfront_invoke_url, aws_lambda_permission.cloudfront_invoke] :
      p.principal == "cloudfront.amazonaws.com" && p.source_arn == "arn:aws:cloudfront::123456789012:distribution/E2ONAIRTEST" && p.qualifier == "live" && p.function_name == "onair-status"
    ])
    error_message = "the function URL permissions must name cloudfront.amazonaws.com, this distribution's ARN, the live alias of onair-status"
  }
  assert {
    condition     = aws_lambda_permission.cloudfront_invoke_url.function_url_auth_type == "AWS_IAM"
    error_message = "the InvokeFunctionUrl permission must be for AWS_IAM function URLs"
  }

  # --- outputs
  assert {
    condition     = output.obs_server == "rtmps://abcdef.global-contribute.live-video.net:443/app/"
    error_message = "obs_server must be rtmps://<ingest>:443/app/"
  }
  assert {
    condition     = output.viewer_url == "https://d111111abcdef8.cloudfront.net/"
    error_message = "without a domain the viewer URL is the cloudfront.net name over HTTPS"
  }
  assert {
    condition     = startswith(output.stream_key_command, "aws secretsmanager get-secret-value") && strcontains(output.stream_key_command, output.stream_key_secret_arn)
    error_message = "stream_key_command must read the secret from Secrets Manager"
  }
  assert {
    condition = !strcontains(jsonencode([
      output.viewer_url, output.obs_server, output.stream_key_command, output.stream_key_secret_arn, output.channel_arn,
      output.playback_url, output.ingest_endpoint, output.status_function_name, output.events_function_name,
      output.live_alias_name, output.status_function_url, output.distribution_id, output.distribution_arn,
      output.site_bucket, output.recordings_bucket, output.artifacts_bucket, output.state_parameter_name,
      output.alarm_topic_arn,
    ]), "NEVERPRINTME")
    error_message = "the stream key must never appear in an output"
  }
  assert {
    condition = (
      output.status_function_name == "onair-status" && output.events_function_name == "onair-events" &&
      output.live_alias_name == "live" && output.state_parameter_name == "/onair/stream-state" &&
      output.distribution_id == "E2ONAIRTEST"
    )
    error_message = "function, alias, parameter and distribution outputs must carry the contract names"
  }

  # --- DNS is optional and off by default
  assert {
    condition     = length(module.certificate) == 0 && length(module.dns) == 0
    error_message = "no certificate or DNS records without a domain"
  }

  # --- monitoring: errors, throttles, duration for both functions, failed events waiting, CloudFront 5xx, failed
  # go-live announcements
  assert {
    condition = toset(concat(module.monitoring.alarm_names, [module.edge_monitoring.alarm_name])) == toset([
      "onair-status-errors", "onair-events-errors", "onair-status-throttles", "onair-events-throttles",
      "onair-status-duration", "onair-events-duration", "onair-cloudfront-5xx-rate", "onair-events-failed.fifo-waiting",
      "onair-events-notifications-failed",
    ])
    error_message = "alarms on function errors, throttles and duration (both functions), waiting failed events and the CloudFront 5xx rate must exist"
  }
  assert {
    condition     = module.edge_monitoring.topic_arn == module.monitoring.topic_arn
    error_message = "in us-east-1 the CloudFront alarm notifies the stack's topic"
  }
}

run "custom_domain" {
  command = apply

  variables {
    domain_name    = "live.example.com"
    hosted_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = length(module.certificate) == 1 && length(module.dns) == 1
    error_message = "a domain brings the certificate and the alias records"
  }
  assert {
    condition     = toset(keys(module.dns[0].fqdns)) == toset(["A", "AAAA"])
    error_message = "the domain gets both A and AAAA alias records"
  }
  assert {
    condition     = output.viewer_url == "https://live.example.com/"
    error_message = "with a domain the viewer URL uses it"
  }
}
