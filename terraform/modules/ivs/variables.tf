variable "name" {
  description = "Name of the channel and prefix of the other IVS resources."
  type        = string
}

variable "recordings_bucket_name" {
  description = "Private S3 bucket (same region) that IVS auto-records into; the DVR source."
  type        = string
}

variable "reconnect_window_seconds" {
  description = "If the broadcaster reconnects within this many seconds, IVS continues the same recording (and the DVR timeline) instead of starting a new one; until then the page says \"reconnecting\". IVS's recordingReconnectWindowSeconds."
  type        = number

  # The range IVS accepts: botocore IVS model, shape RecordingReconnectWindowSeconds {"type": "integer", "min": 0,
  # "max": 300} (CreateRecordingConfigurationRequest.recordingReconnectWindowSeconds; IVS's own default is 0).
  # Validated here only: the root passes it through and the function gets this module's output.
  validation {
    condition     = var.reconnect_window_seconds >= 0 && var.reconnect_window_seconds <= 300 && floor(var.reconnect_window_seconds) == var.reconnect_window_seconds
    error_message = "reconnect_window_seconds must be a whole number between 0 and 300."
  }
}

variable "thumbnail_interval_seconds" {
  description = "How often IVS writes a thumbnail of the recording (the player's offline/seek preview)."
  type        = number
  default     = 30

  validation {
    condition     = var.thumbnail_interval_seconds >= 1 && var.thumbnail_interval_seconds <= 60
    error_message = "thumbnail_interval_seconds must be between 1 and 60."
  }
}

variable "secret_recovery_window_days" {
  description = "Days Secrets Manager keeps the deleted stream-key secret. 0 deletes at once so the stack can be re-created with the same name; the key is useless once the channel is gone."
  type        = number
  default     = 0

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30 (Secrets Manager's limits)."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
