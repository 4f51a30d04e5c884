# The one IVS channel, its auto-record configuration and the stream key kept in Secrets Manager.

resource "aws_ivs_recording_configuration" "this" {
  name                               = var.name
  recording_reconnect_window_seconds = var.reconnect_window_seconds

  destination_configuration {
    s3 {
      bucket_name = var.recordings_bucket_name
    }
  }

  # Thumbnails let the player show a preview of the recording (and of the last frame when offline).
  thumbnail_configuration {
    recording_mode          = "INTERVAL"
    target_interval_seconds = var.thumbnail_interval_seconds
  }

  tags = var.tags
}

resource "aws_ivs_channel" "this" {
  name                        = var.name
  type                        = "STANDARD"
  latency_mode                = "LOW"
  authorized                  = false
  recording_configuration_arn = aws_ivs_recording_configuration.this.arn
  tags                        = var.tags
}

# IVS creates exactly one stream key with the channel; there is no resource for it, only this data source.
data "aws_ivs_stream_key" "this" {
  channel_arn = aws_ivs_channel.this.arn
}

resource "aws_secretsmanager_secret" "stream_key" {
  name                    = "${var.name}/stream-key"
  description             = "OBS stream key of the ${var.name} IVS channel (reveal with the stream_key_command output)."
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "stream_key" {
  secret_id = aws_secretsmanager_secret.stream_key.id
  # The provider does not mark the key sensitive; this keeps it out of plans and outputs.
  # After a rotation (scripts/stream-key) the data source reads the new key, so apply stays a no-op.
  secret_string = sensitive(data.aws_ivs_stream_key.this.value)
}
