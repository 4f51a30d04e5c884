# What the OnAir ivs module uses, applied with the unchanged hashicorp/aws provider against the emulator.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

variable "ivs_endpoint" { type = string }
variable "moto_endpoint" { type = string }

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
  endpoints {
    ivs = var.ivs_endpoint
    sts = var.moto_endpoint
    s3  = var.moto_endpoint
  }
}

resource "aws_ivs_recording_configuration" "this" {
  name                               = "onair-check"
  recording_reconnect_window_seconds = 30
  destination_configuration {
    s3 {
      bucket_name = "recordings"
    }
  }
  thumbnail_configuration {
    recording_mode          = "INTERVAL"
    target_interval_seconds = 10
  }
  tags = { project = "onair" }
}

resource "aws_ivs_channel" "this" {
  name                        = "onair-check"
  type                        = "STANDARD"
  latency_mode                = "LOW"
  recording_configuration_arn = aws_ivs_recording_configuration.this.arn
  tags                        = { project = "onair" }
}

data "aws_ivs_stream_key" "this" {
  channel_arn = aws_ivs_channel.this.arn
}

output "channel_arn" { value = aws_ivs_channel.this.arn }
output "ingest_endpoint" { value = aws_ivs_channel.this.ingest_endpoint }
output "playback_url" { value = aws_ivs_channel.this.playback_url }
output "stream_key_prefix" { value = substr(nonsensitive(data.aws_ivs_stream_key.this.value), 0, 13) }
