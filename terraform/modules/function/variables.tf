variable "name" {
  description = "Prefix of every resource: functions are <name>-status and <name>-events, the parameter /<name>/stream-state."
  type        = string
}

variable "function_zip" {
  description = "Path of the function zip (bootstrap + code) used for the FIRST deployment; later code is released by the pipeline."
  type        = string

  validation {
    condition     = fileexists(var.function_zip)
    error_message = "function_zip must be the path of an existing file (build it with: mvn -B -ntp -pl lambda -am package)."
  }
}

variable "artifacts_bucket" {
  description = "Private bucket the zip is uploaded to; the functions load their code from it."
  type        = string
}

variable "architecture" {
  description = "Instruction set of the functions."
  type        = string

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be \"arm64\" or \"x86_64\"."
  }
}

variable "function_package" {
  description = "Which build runs: \"native\" (the GraalVM binary on provided.al2023, the default) or \"java\" (the JVM zip on the managed java21 runtime with SnapStart on published versions; for when the native build fails or is not wanted)."
  type        = string

  validation {
    condition     = contains(["native", "java"], var.function_package)
    error_message = "function_package must be \"native\" or \"java\"."
  }
}

variable "memory_size" {
  description = "Memory of each function in MB (a native binary needs little)."
  type        = number


  # Lambda's memory range: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout_seconds" {
  description = "Timeout of each function invocation."
  type        = number


  # The status function answers CloudFront, which waits at most 60 s for an origin without a quota increase (origin
  # response timeout: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html).
  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 60 && floor(var.timeout_seconds) == var.timeout_seconds
    error_message = "timeout_seconds must be a whole number between 1 and 60."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the function logs."
  type        = number

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "recordings_bucket" {
  description = "Name of the bucket IVS records into: the status function lists the recordings' thumbnails there (under ivs/ only), and the events function refuses recording events that name another bucket (ONAIR_RECORDINGS_BUCKET)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.recordings_bucket))
    error_message = "recordings_bucket must be an S3 bucket name (not an ARN or URL)."
  }
}

variable "recording_retention_days" {
  description = "Days the recordings bucket keeps a recording (its lifecycle expiry): a replay leaves GET /api/recordings when S3 expires it (ONAIR_RECORDING_RETENTION_DAYS)."
  type        = number

  validation {
    condition     = var.recording_retention_days >= 1 && floor(var.recording_retention_days) == var.recording_retention_days
    error_message = "recording_retention_days must be a whole number of days, at least 1."
  }
}

variable "channel_arn" {
  description = "ARN of the IVS channel: the only channel the function may query and whose events it receives."
  type        = string
}

variable "playback_url" {
  description = "IVS playback URL the status API hands to the player."
  type        = string
}

variable "dvr_window_seconds" {
  description = "How far back the player may rewind (ONAIR_DVR_WINDOW_SECONDS)."
  type        = number

  validation {
    condition     = var.dvr_window_seconds >= 60 && var.dvr_window_seconds <= 86400 && floor(var.dvr_window_seconds) == var.dvr_window_seconds
    error_message = "dvr_window_seconds must be a whole number between 60 and 86400."
  }
}

variable "cache_ttl_seconds" {
  description = "How long the status function keeps the state in memory before re-reading SSM (ONAIR_CACHE_TTL_SECONDS)."
  type        = number

  validation {
    condition     = var.cache_ttl_seconds >= 1 && var.cache_ttl_seconds <= 300 && floor(var.cache_ttl_seconds) == var.cache_ttl_seconds
    error_message = "cache_ttl_seconds must be a whole number between 1 and 300."
  }
}

variable "reconcile_interval_seconds" {
  description = "While the state says live or reconnecting, each status instance checks IVS GetStream at most this often (ONAIR_RECONCILE_INTERVAL_SECONDS): GetStream calls per second stay at most instances / this."
  type        = number

  validation {
    condition     = var.reconcile_interval_seconds >= 10 && var.reconcile_interval_seconds <= 3600 && floor(var.reconcile_interval_seconds) == var.reconcile_interval_seconds
    error_message = "reconcile_interval_seconds must be a whole number between 10 and 3600."
  }
}

variable "reconnect_window_seconds" {
  description = "The IVS recording configuration's reconnect window (ONAIR_RECORDING_RECONNECT_WINDOW_SECONDS): how long after a Stream End the status says \"reconnecting\". Pass the ivs module's output (validated there)."
  type        = number
}

variable "events_max_receive_count" {
  description = "How many times Lambda may receive an IVS event from the events queue (each failed attempt waits a visibility timeout) before SQS moves it to the failed-events queue."
  type        = number

  validation {
    condition     = var.events_max_receive_count >= 1 && var.events_max_receive_count <= 1000 && floor(var.events_max_receive_count) == var.events_max_receive_count
    error_message = "events_max_receive_count must be a whole number from 1 to 1000 (SQS's range for maxReceiveCount)."
  }
}

variable "events_queue_visibility_timeout_seconds" {
  description = "Visibility timeout of the events queue: how long a failed batch waits before Lambda receives it again. null = 6 x timeout_seconds (Lambda's advice); never below the function timeout (Lambda refuses the mapping)."
  type        = number
  default     = null

  validation {
    condition     = var.events_queue_visibility_timeout_seconds == null ? true : (var.events_queue_visibility_timeout_seconds >= 1 && var.events_queue_visibility_timeout_seconds <= 43200 && floor(var.events_queue_visibility_timeout_seconds) == var.events_queue_visibility_timeout_seconds)
    error_message = "events_queue_visibility_timeout_seconds must be null or a whole number of seconds from 1 to 43200 (12 h, SQS's maximum)."
  }
}

variable "failed_event_retention_days" {
  description = "How long the failed-events queue keeps an event that could not be applied (SQS allows at most 14 days)."
  type        = number
  default     = 14

  validation {
    condition     = var.failed_event_retention_days >= 1 && var.failed_event_retention_days <= 14 && floor(var.failed_event_retention_days) == var.failed_event_retention_days
    error_message = "failed_event_retention_days must be a whole number from 1 to 14."
  }
}

variable "notification_topic_arn" {
  description = "SNS topic the events function announces a new broadcast to (modules/notifications); null = none."
  type        = string
  default     = null
}

variable "notification_webhooks_secret_arn" {
  description = "Secrets Manager secret holding the go-live webhooks (modules/notifications); null = none."
  type        = string
  default     = null
}

variable "viewer_url_parameter_name" {
  description = "SSM parameter holding the viewer URL the announcements carry (modules/notifications); null = none."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}

variable "permissions_boundary" {
  description = "ARN of the managed policy set as the permissions boundary of the function roles (null = none)."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/[A-Za-z0-9+=,.@_/-]+$", var.permissions_boundary))
    error_message = "permissions_boundary must be the ARN of an IAM managed policy (arn:aws:iam::<account>:policy/<name>)."
  }
}
