# The release role from scripts/bootstrap.sh may create or change a role only when it carries the permissions
# boundary (condition iam:PermissionsBoundary): every role of the stack must carry var.permissions_boundary, or the
# release's apply is denied. Runs against a mocked AWS provider.

mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"
}

variables {
  function_zip = "tests/fixtures/function.zip"
  # the function module (boundary_must_be_a_policy_arn); root runs ignore these
  name              = "onair"
  artifacts_bucket  = "onair-artifacts-123456789012-us-east-1"
  channel_arn       = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"
  recordings_bucket = "onair-recordings-123456789012-us-east-1"
  playback_url      = "https://abcdef.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8"
}

run "every_role_carries_the_boundary" {
  command = plan
  variables {
    permissions_boundary = "arn:aws:iam::123456789012:policy/onair-function-boundary"
  }
  assert {
    condition = alltrue([
      for r in values(module.function.role_permissions_boundaries) : r == "arn:aws:iam::123456789012:policy/onair-function-boundary"
    ]) && length(module.function.role_permissions_boundaries) == 2
    error_message = "every function role must carry var.permissions_boundary"
  }
}

run "no_boundary_by_default" {
  command = plan
  assert {
    condition     = alltrue([for r in values(module.function.role_permissions_boundaries) : r == null])
    error_message = "without var.permissions_boundary the roles have none (the local platform)"
  }
}

run "boundary_must_be_a_policy_arn" {
  command = plan
  module {
    source = "./modules/function" # validated where it is used
  }
  variables {
    permissions_boundary = "onair-function-boundary"
  }
  expect_failures = [var.permissions_boundary]
}
