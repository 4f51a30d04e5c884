# The channel's info parameter: its own Standard parameter, read by the status function (served) and the events
# function (a replay's title), written by no function (scripts/channel is the one writer).

mock_provider "aws" {
  source = "./tests/mocks"
}

run "channel_info_read_only_by_the_functions" {
  command = apply
  module {
    source = "./modules/function"
  }
  variables {
    name              = "onair"
    function_zip      = "tests/fixtures/function.zip"
    artifacts_bucket  = "onair-artifacts-123456789012-us-east-1"
    channel_arn       = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"
    recordings_bucket = "onair-recordings-123456789012-us-east-1"
    playback_url      = "https://abcdef.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8"
  }
  # distinct ARNs, so a statement naming the wrong parameter shows
  override_resource {
    target = aws_ssm_parameter.channel_info
    values = { arn = "arn:aws:ssm:us-east-1:123456789012:parameter/onair/channel-info" }
  }

  assert {
    condition     = aws_ssm_parameter.channel_info.name == "/onair/channel-info" && aws_ssm_parameter.channel_info.tier == "Standard" && aws_ssm_parameter.channel_info.type == "String"
    error_message = "the channel info is the Standard String parameter /<name>/channel-info"
  }
  assert {
    condition = [
      for s in jsondecode(aws_iam_role_policy.this["status"].policy).Statement : s
      if strcontains(jsonencode(s.Resource), "channel-info")
      ] == [{
        Sid      = "ReadChannelInfo"
        Effect   = "Allow"
        Action   = "ssm:GetParameter"
        Resource = "arn:aws:ssm:us-east-1:123456789012:parameter/onair/channel-info"
    }]
    error_message = "the status function may only read (ssm:GetParameter) the channel info parameter"
  }
  assert {
    condition = [
      for s in jsondecode(aws_iam_role_policy.this["events"].policy).Statement : s
      if strcontains(jsonencode(s.Resource), "channel-info")
      ] == [{
        Sid      = "ReadChannelInfo"
        Effect   = "Allow"
        Action   = "ssm:GetParameter"
        Resource = "arn:aws:ssm:us-east-1:123456789012:parameter/onair/channel-info"
    }]
    error_message = "the events function reads the channel info (replay titles) and may not write it"
  }
  assert {
    condition     = aws_lambda_function.this["status"].environment[0].variables["ONAIR_CHANNEL_INFO_PARAMETER"] == "/onair/channel-info"
    error_message = "the status function must be told the channel info parameter (ONAIR_CHANNEL_INFO_PARAMETER)"
  }
}
