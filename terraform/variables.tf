variable "name" {
  description = "Name of the stack: prefix of every resource (functions <name>-status/-events, parameter /<name>/stream-state, ...)."
  type        = string
  default     = "onair"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must be 2-31 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }

  # The longest bucket name, <name>-recordings-<12-digit account>-<region>, must fit S3's 63 characters
  # (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): said here, at the variable the
  # user sets, rather than as a bucket module error after the account id is known.
  validation {
    condition     = length(var.name) + length("-recordings-123456789012-") + length(var.region) <= 63
    error_message = "name is too long for this region: bucket names <name>-recordings-<account>-<region> must fit S3's 63 characters, so name may have at most ${63 - length("-recordings-123456789012-") - length(var.region)} characters in ${var.region}."
  }
}

variable "region" {
  description = "AWS region of the stack (IVS, buckets, function). CloudFront's certificate and metrics are in us-east-1 regardless."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as us-east-1 or eu-west-1."
  }
}

variable "function_zip" {
  description = "Path of the function zip (bootstrap + code) for the first deployment, e.g. ../lambda/target/onair-function-native.zip. Later code is released by the pipeline."
  type        = string
}

variable "architecture" {
  description = "Instruction set of the functions: arm64 (native build) or x86_64."
  type        = string
  default     = "arm64"
}

variable "function_package" {
  description = "Which build of the function runs: \"native\" (GraalVM binary on provided.al2023, default) or \"java\" (JVM zip on the managed java21 runtime with SnapStart; needs function_memory_mb >= 256). See README, \"Function package\"."
  type        = string
  default     = "native"
}

variable "function_memory_mb" {
  description = "Memory of each function in MB."
  type        = number
  default     = 256
}

variable "function_timeout_seconds" {
  description = "Timeout of each function invocation in seconds."
  type        = number
  default     = 10
}

variable "events_max_receive_count" {
  description = "Attempts Lambda gets at an IVS event from the events queue before it moves to the failed-events queue."
  type        = number
  default     = 5
}

variable "events_queue_visibility_timeout_seconds" {
  description = "Wait before a failed batch of IVS events is retried (the events queue's visibility timeout); null = 6 x function_timeout_seconds."
  type        = number
  default     = null
}

variable "recording_retention_days" {
  description = "Days recordings (the DVR source and the replays) are kept in the recordings bucket before they expire (an S3 lifecycle rule); an expired recording leaves the list of past broadcasts."
  type        = number
  default     = 3
}

variable "reconnect_window_seconds" {
  description = "Seconds a broadcaster may be disconnected and still continue the same recording (IVS recordingReconnectWindowSeconds, 0-300, validated in modules/ivs); the page says \"reconnecting\" meanwhile."
  type        = number
  default     = 60
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the function logs (one of CloudWatch's allowed values)."
  type        = number
  default     = 14
}

variable "dvr_window_seconds" {
  description = "How far back viewers may rewind, in seconds (default 4 h)."
  type        = number
  default     = 14400
}

variable "cache_ttl_seconds" {
  description = "How long the status function serves the state from memory before re-reading SSM (short: CloudFront already absorbs the polls, one origin request per edge TTL per edge location, and an offline page must see a stream go live within ~10 s)."
  type        = number
  default     = 2
}

variable "reconcile_interval_seconds" {
  description = "While the state says live or reconnecting, each status instance asks IVS GetStream at most this often (repairs lost Stream End/Start events, refreshes the viewer count)."
  type        = number
  default     = 30
}

variable "recording_playlist_ttl_seconds" {
  description = "Seconds CloudFront caches recorded playlists (they grow while the recording runs)."
  type        = number
  default     = 6
}

variable "domain_name" {
  description = "Custom viewer domain, e.g. live.example.com (null = use the cloudfront.net name; no certificate or DNS records are created)."
  type        = string
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase host name such as live.example.com (no scheme, port, path or trailing dot)."
  }
}

variable "hosted_zone_id" {
  description = "Route 53 public hosted zone of domain_name; required exactly when domain_name is set."
  type        = string
  default     = null

  validation {
    condition     = (var.hosted_zone_id == null) == (var.domain_name == null)
    error_message = "hosted_zone_id must be set when domain_name is set, and only then."
  }

  validation {
    condition     = var.hosted_zone_id == null || can(regex("^Z[A-Z0-9]{1,31}$", var.hosted_zone_id))
    error_message = "hosted_zone_id must be a Route 53 zone ID such as Z0123456789ABCDEFGHIJ."
  }
}

variable "alarm_email" {
  description = "E-mail address that receives alarm notifications (null = none; AWS mails a confirmation link first)."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address such as ops@example.com."
  }
}

variable "notification_emails" {
  description = "E-mail addresses told when a broadcast begins (the go-live SNS topic). AWS first mails each address a confirmation link; nothing arrives until it is confirmed."
  type        = list(string)
  default     = []
}

variable "notification_webhooks" {
  description = "Webhooks called when a broadcast begins: [{ name, url, format = \"discord\" | \"slack\" | \"json\" }]. The URLs are secrets: stored in Secrets Manager, never in outputs. https only (plain http only to 127.0.0.1/localhost, for the local platform)."
  type = list(object({
    name   = string
    url    = string
    format = string
  }))
  default   = []
  sensitive = true
}

variable "extra_media_origins" {
  description = "Extra origins the player may load media from, added to the CSP connect-src, media-src and img-src (the local platform passes its IVS playback origin)."
  type        = list(string)
  default     = []
}

variable "embed_allowed_origins" {
  description = "Sites allowed to show the player (/embed) in an iframe, e.g. [\"https://blog.example.com\"]: Content-Security-Policy frame-ancestors on /embed* only; every other path keeps refusing frames. HTTPS origins; plain http only for 127.0.0.1/localhost (local tests)."
  type        = list(string)
  default     = []
}

variable "price_class" {
  description = "CloudFront price class (edge locations used)."
  type        = string
  default     = "PriceClass_100"
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the buckets with their objects (site, recordings, artifacts). Apply it once before destroying."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource (on top of Project and ManagedBy)."
  type        = map(string)
  default     = {}
}

variable "permissions_boundary" {
  description = "ARN of the managed policy every IAM role of the stack carries as its permissions boundary (null = none). The release role from scripts/bootstrap.sh may create or change a role only with its boundary, NAME-function-boundary; the release passes it (repository variable AWS_PERMISSIONS_BOUNDARY_ARN)."
  type        = string
  default     = null
}
