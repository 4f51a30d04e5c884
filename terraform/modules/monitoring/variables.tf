variable "name" {
  description = "Prefix of the topic and alarm names."
  type        = string
}

variable "function_names" {
  description = "Lambda functions to watch, keyed by a short label (status, events)."
  type        = map(string)
}

variable "failed_events_queue_name" {
  description = "SQS queue holding IVS events the events function could not apply; alarms while it is not empty."
  type        = string
}

variable "notifications_function_name" {
  description = "Function whose go-live announcements are watched (its OnAir/NotificationsFailed metric); null = no such alarm."
  type        = string
  default     = null
}

variable "function_timeout_seconds" {
  description = "Timeout of the functions; the duration alarm fires at duration_alarm_ratio of it."
  type        = number
}

variable "duration_alarm_ratio" {
  description = "Fraction of the timeout the maximum duration may reach before alarming."
  type        = number
  default     = 0.8

  validation {
    condition     = var.duration_alarm_ratio > 0 && var.duration_alarm_ratio <= 1
    error_message = "duration_alarm_ratio must be greater than 0 and at most 1."
  }
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic(s) (null = no subscription; AWS sends a confirmation mail)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
