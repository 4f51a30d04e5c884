# Realistic values for the mocked AWS provider: the provider validates ARNs passed between resources, and
# the tests compare policies against exact ARNs.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:root"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_ivs_stream_key" {
  defaults = {
    arn   = "arn:aws:ivs:us-east-1:123456789012:stream-key/SkEy"
    value = "sk_us-east-1_NEVERPRINTME"
  }
}

mock_resource "aws_ivs_channel" {
  defaults = {
    arn             = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"
    ingest_endpoint = "abcdef.global-contribute.live-video.net"
    playback_url    = "https://abcdef.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8"
  }
}

mock_resource "aws_ivs_recording_configuration" {
  defaults = {
    arn = "arn:aws:ivs:us-east-1:123456789012:recording-configuration/ReCoRd"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:onair/stream-key-AbCdEf"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn                         = "arn:aws:s3:::mocked-bucket"
    bucket_regional_domain_name = "mocked-bucket.s3.us-east-1.amazonaws.com"
  }
}

mock_resource "aws_ssm_parameter" {
  defaults = {
    arn = "arn:aws:ssm:us-east-1:123456789012:parameter/onair/stream-state"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/mocked"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mocked"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn           = "arn:aws:lambda:us-east-1:123456789012:function:mocked"
    qualified_arn = "arn:aws:lambda:us-east-1:123456789012:function:mocked:1"
    invoke_arn    = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:mocked/invocations"
    version       = "1"
  }
}

mock_resource "aws_lambda_alias" {
  defaults = {
    arn        = "arn:aws:lambda:us-east-1:123456789012:function:mocked:live"
    invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:mocked:live/invocations"
  }
}

mock_resource "aws_lambda_function_url" {
  defaults = {
    function_url = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/"
    function_arn = "arn:aws:lambda:us-east-1:123456789012:function:mocked"
  }
}

mock_resource "aws_cloudwatch_event_rule" {
  defaults = {
    arn = "arn:aws:events:us-east-1:123456789012:rule/mocked"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:us-east-1:123456789012:onair-alarms"
  }
}

mock_resource "aws_cloudwatch_metric_alarm" {
  defaults = {
    arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:mocked"
  }
}

mock_resource "aws_cloudfront_distribution" {
  defaults = {
    arn            = "arn:aws:cloudfront::123456789012:distribution/E2ONAIRTEST"
    id             = "E2ONAIRTEST"
    domain_name    = "d111111abcdef8.cloudfront.net"
    hosted_zone_id = "Z2FDTNDATAQYW2"
  }
}

mock_resource "aws_cloudfront_origin_access_control" {
  defaults = {
    id = "E3OACMOCKED"
  }
}

mock_resource "aws_acm_certificate" {
  defaults = {
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    domain_validation_options = [{
      domain_name           = "live.example.com"
      resource_record_name  = "_x1.live.example.com."
      resource_record_type  = "CNAME"
      resource_record_value = "_x2.acm-validations.aws."
    }]
  }
}

mock_resource "aws_acm_certificate_validation" {
  defaults = {
    certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  }
}

mock_resource "aws_route53_record" {
  defaults = {
    fqdn = "live.example.com"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:us-east-1:123456789012:onair-events-failed"
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/onair-events-failed"
  }
}

mock_data "aws_region" {
  defaults = {
    name = "us-east-1"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000a1a2"
    key_id = "00000000-0000-0000-0000-00000000a1a2"
  }
}
