# The function package choice (function_package): the native binary on provided.al2023, or the JVM zip on the
# managed java21 runtime with SnapStart on published versions (the live alias points at one).
# SnapStart facts: https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html

mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"
}

variables {
  name              = "onair"
  function_zip      = "tests/fixtures/function.zip"
  artifacts_bucket  = "onair-artifacts-123456789012-us-east-1"
  channel_arn       = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"
  recordings_bucket = "onair-recordings-123456789012-us-east-1"
  playback_url      = "https://abcdef.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8"
}

run "native_is_the_default" {
  command = apply
  module {
    source = "./modules/function"
  }

  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.runtime == "provided.al2023"])
    error_message = "the native package runs on provided.al2023"
  }
  assert {
    condition     = aws_lambda_function.this["status"].handler == "status" && aws_lambda_function.this["events"].handler == "events"
    error_message = "the native bootstrap dispatches on _HANDLER = status | events"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : length(f.snap_start) == 0])
    error_message = "SnapStart does not support custom runtimes (provided.al2023): no snap_start block"
  }
}

run "java_runs_handler_classes_on_java21_with_snapstart" {
  command = apply
  module {
    source = "./modules/function"
  }
  variables {
    function_package = "java"
  }

  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.runtime == "java21" && f.architectures == tolist(["arm64"])])
    error_message = "the java package runs on the managed java21 runtime, arm64"
  }
  assert {
    condition = (
      aws_lambda_function.this["status"].handler == "onair.function.handler.StatusHandler::handleRequest" &&
      aws_lambda_function.this["events"].handler == "onair.function.handler.EventsHandler::handleRequest"
    )
    error_message = "the java package names the handler classes (HandlerNamesContractTest checks they exist)"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : one(f.snap_start).apply_on == "PublishedVersions"])
    error_message = "SnapStart must apply on published versions"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.publish])
    error_message = "SnapStart only restores published versions: the function must publish"
  }
  assert {
    condition     = alltrue([for k, a in aws_lambda_alias.live : a.function_version == aws_lambda_function.this[k].version])
    error_message = "the live alias must point at a published version (SnapStart never serves $LATEST)"
  }
  assert {
    condition     = alltrue([for f in aws_lambda_function.this : f.memory_size >= 256])
    error_message = "the java package needs at least 256 MB"
  }
}

run "java_refuses_128_mb" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    function_package = "java"
    memory_size      = 128
  }
  expect_failures = [aws_lambda_function.this]
}

run "unknown_package_is_refused" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    function_package = "jvm"
  }
  expect_failures = [var.function_package]
}

run "root_passes_the_package_through" {
  command = plan
  variables {
    function_package = "java"
  }
  assert {
    condition     = alltrue([for f in module.function.function_runtimes : f == "java21"])
    error_message = "the root must pass function_package to the function module"
  }
}
