variable "name" {
  description = "Prefix of the alarm (and topic) name."
  type        = string
}

variable "distribution_id" {
  description = "CloudFront distribution whose 5xx error rate is watched."
  type        = string
}

variable "threshold_percent" {
  description = "5xx error rate (percent of viewer requests, 5-minute average, two periods in a row) that raises the alarm."
  type        = number
  default     = 5

  validation {
    condition     = var.threshold_percent > 0 && var.threshold_percent <= 100
    error_message = "threshold_percent must be greater than 0 and at most 100."
  }
}

variable "create_topic" {
  description = "Create an SNS topic here in us-east-1 (true when the rest of the stack is in another region: alarm actions must be in the alarm's region)."
  type        = bool
  default     = false
}

variable "topic_arn" {
  description = "Existing us-east-1 SNS topic to notify (when create_topic is false)."
  type        = string
  default     = null
}

variable "alarm_email" {
  description = "E-mail address subscribed to the created topic (null = none)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
