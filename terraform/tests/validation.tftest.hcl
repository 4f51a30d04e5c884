# Bad input fails at plan with a clear message (each run expects exactly the variable it breaks).

mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"
}

# Each variable is validated once, where it is used: runs that break a module's variable run that module (a root
# run cannot expect a child module's validation failure). Root runs ignore the module-only values below.
variables {
  function_zip = "tests/fixtures/function.zip"
  # the function module
  name              = "onair"
  artifacts_bucket  = "onair-artifacts-123456789012-us-east-1"
  channel_arn       = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"
  recordings_bucket = "onair-recordings-123456789012-us-east-1"
  playback_url      = "https://abcdef.us-east-1.playback.live-video.net/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8"
  # the cdn module
  site_bucket_domain_name       = "onair-site.s3.us-east-1.amazonaws.com"
  recordings_bucket_domain_name = "onair-recordings.s3.us-east-1.amazonaws.com"
  function_url_domain           = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws"
}

run "rejects_bad_domain" {
  command = plan
  variables {
    domain_name    = "https://Live.Example.com/"
    hosted_zone_id = "Z0123456789ABCDEFGHIJ"
  }
  expect_failures = [var.domain_name]
}

run "rejects_domain_without_zone" {
  command = plan
  variables {
    domain_name = "live.example.com"
  }
  expect_failures = [var.hosted_zone_id]
}

run "rejects_zone_without_domain" {
  command = plan
  variables {
    hosted_zone_id = "Z0123456789ABCDEFGHIJ"
  }
  expect_failures = [var.hosted_zone_id]
}

run "rejects_negative_log_retention" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    log_retention_days = -1
  }
  expect_failures = [var.log_retention_days]
}

run "rejects_unsupported_log_retention" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    log_retention_days = 10
  }
  expect_failures = [var.log_retention_days]
}

run "rejects_zero_recording_retention" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    recording_retention_days = 0
  }
  expect_failures = [var.recording_retention_days]
}

# IVS's range (botocore RecordingReconnectWindowSeconds: 0-300), validated once, in the ivs module
run "rejects_long_reconnect_window" {
  command = plan
  module {
    source = "./modules/ivs"
  }
  variables {
    name                     = "onair"
    recordings_bucket_name   = "onair-recordings-123456789012-us-east-1"
    reconnect_window_seconds = 301
  }
  expect_failures = [var.reconnect_window_seconds]
}

run "rejects_negative_reconnect_window" {
  command = plan
  module {
    source = "./modules/ivs"
  }
  variables {
    name                     = "onair"
    recordings_bucket_name   = "onair-recordings-123456789012-us-east-1"
    reconnect_window_seconds = -1
  }
  expect_failures = [var.reconnect_window_seconds]
}

run "rejects_bad_name" {
  command = plan
  variables {
    name = "OnAir_Prod"
  }
  expect_failures = [var.name]
}

# 25 characters: fits us-east-1 (at most 29), not ap-southeast-2 (at most 24), where the recordings bucket's name
# would be 64 characters
run "rejects_name_too_long_for_the_regions_bucket_names" {
  command = plan
  variables {
    name   = "onair-production-stream-1"
    region = "ap-southeast-2"
  }
  expect_failures = [var.name]
}

run "accepts_the_longest_name_that_fits_the_region" {
  command = plan
  variables {
    name   = "onair-production-stream2"
    region = "ap-southeast-2"
  }
}

run "rejects_bad_architecture" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    architecture = "arm32"
  }
  expect_failures = [var.architecture]
}

run "rejects_missing_zip" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    function_zip = "tests/fixtures/does-not-exist.zip"
  }
  expect_failures = [var.function_zip]
}

run "rejects_bad_email" {
  command = plan
  variables {
    alarm_email = "not-an-address"
  }
  expect_failures = [var.alarm_email]
}

run "rejects_media_origin_with_path_or_wildcard" {
  command = plan
  module {
    source = "./modules/cdn"
  }
  variables {
    extra_media_origins = ["http://127.0.0.1:8080/api", "https://*.example.com"]
  }
  expect_failures = [var.extra_media_origins]
}

run "rejects_bad_price_class" {
  command = plan
  module {
    source = "./modules/cdn"
  }
  variables {
    price_class = "PriceClass_Cheap"
  }
  expect_failures = [var.price_class]
}

run "accepts_local_platform_input" {
  command = plan
  variables {
    extra_media_origins      = ["http://127.0.0.1:38080"]
    recording_retention_days = 1
    reconnect_window_seconds = 0
    architecture             = "x86_64"
    alarm_email              = "ops@example.com"
    force_destroy            = true
  }
}

run "rejects_cache_ttl_over_five_minutes" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    cache_ttl_seconds = 301
  }
  expect_failures = [var.cache_ttl_seconds]
}

run "rejects_function_timeout_over_cloudfronts_origin_timeout" {
  command = plan
  module {
    source = "./modules/function"
  }
  variables {
    timeout_seconds = 61
  }
  expect_failures = [var.timeout_seconds]
}
