variable "name" {
  description = "Prefix of every resource: the topic <name>-golive, the secret <name>/notification-webhooks, the parameter /<name>/viewer-url."
  type        = string
}

variable "emails" {
  description = "E-mail addresses subscribed to the go-live topic (each gets a confirmation mail from AWS first)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", e))]) && length(distinct(var.emails)) == length(var.emails)
    error_message = "emails must be distinct e-mail addresses such as fan@example.com."
  }
}

variable "webhooks" {
  description = "Webhooks called when a broadcast begins: name, url (https; http only to 127.0.0.1/localhost), format (discord, slack, json). Secret: kept in Secrets Manager, never in outputs."
  type = list(object({
    name   = string
    url    = string
    format = string
  }))
  default   = []
  sensitive = true

  validation {
    condition     = alltrue([for w in var.webhooks : can(regex("^[A-Za-z0-9 _.-]{1,64}$", w.name))]) && length(distinct([for w in var.webhooks : w.name])) == length(var.webhooks)
    error_message = "every webhook needs a distinct name of 1-64 letters, digits, spaces, '_', '.' or '-'."
  }
  validation {
    condition     = alltrue([for w in var.webhooks : contains(["discord", "slack", "json"], w.format)])
    error_message = "every webhook format must be \"discord\", \"slack\" or \"json\"."
  }
  validation {
    condition     = alltrue([for w in var.webhooks : length(w.url) <= 2048 && can(regex("^(https://[^/?#@\\s]+|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?)(/[^#\\s]*)?$", w.url))])
    error_message = "every webhook url must be https://host/... (plain http only to 127.0.0.1 or localhost, for local tests); the URL itself is not shown here because it is a secret."
  }
}

variable "viewer_url" {
  description = "The URL viewers open (the distribution's or the custom domain's), carried by every announcement."
  type        = string

  validation {
    condition     = can(regex("^https?://[^\\s\"<>]+$", var.viewer_url))
    error_message = "viewer_url must be an http(s) URL."
  }
}

variable "publisher_role_arn" {
  description = "The one role that may publish to the topic: the events function's execution role."
  type        = string
}

variable "secret_recovery_window_days" {
  description = "Days Secrets Manager keeps the deleted webhooks secret (0 deletes at once, so the stack can be re-created with the same name)."
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
