variable "bucket_name" {
  description = "Globally unique name of the bucket."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit."
  }
}

variable "versioning" {
  description = "Keep previous versions of every object (site and artifacts: yes; recordings: no, they are write-once and expire)."
  type        = bool
  default     = false
}

variable "expiration_days" {
  description = "Delete current objects this many days after creation (null = keep forever). The recordings bucket uses this as the DVR retention."
  type        = number
  default     = null

  validation {
    condition     = var.expiration_days == null || try(var.expiration_days >= 1 && floor(var.expiration_days) == var.expiration_days, false)
    error_message = "expiration_days must be null or a whole number of days, at least 1."
  }
}

variable "expiration_prefix" {
  description = "Key prefix the expiration rule applies to (\"\" = every object)."
  type        = string
  default     = ""
}

variable "noncurrent_version_expiration_days" {
  description = "Delete previous object versions this many days after they became noncurrent (versioned buckets only)."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number of days, at least 1."
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the bucket with its objects (otherwise a non-empty bucket blocks teardown)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the bucket (the provider's default_tags are added on top)."
  type        = map(string)
  default     = {}
}
