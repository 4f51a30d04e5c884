output "channel_arn" {
  description = "ARN of the IVS channel."
  value       = aws_ivs_channel.this.arn
}

output "channel_name" {
  description = "Name of the IVS channel."
  value       = aws_ivs_channel.this.name
}

output "ingest_endpoint" {
  description = "IVS ingest server host name."
  value       = aws_ivs_channel.this.ingest_endpoint
}

output "playback_url" {
  description = "IVS playback URL of the live edge (HLS)."
  value       = aws_ivs_channel.this.playback_url
}

output "recording_configuration_arn" {
  description = "ARN of the auto-record-to-S3 configuration."
  value       = aws_ivs_recording_configuration.this.arn
}

output "stream_key_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the stream key (the key itself is never an output)."
  value       = aws_secretsmanager_secret.stream_key.arn
}

output "reconnect_window_seconds" {
  description = "The recording configuration's reconnect window (seconds): the status function says \"reconnecting\" for as long after a Stream End."
  value       = aws_ivs_recording_configuration.this.recording_reconnect_window_seconds
}
