variable "name" {
  description = "Prefix of the distribution's policies and origin access controls."
  type        = string
}

variable "site_bucket_domain_name" {
  description = "Regional domain name of the site bucket (default behaviour /*)."
  type        = string
}

variable "recordings_bucket_domain_name" {
  description = "Regional domain name of the recordings bucket (behaviours /ivs/*)."
  type        = string
}

variable "function_url_domain" {
  description = "Host name of the status function URL (behaviour /api/*), without scheme or slash."
  type        = string

  validation {
    condition     = !can(regex("[/:]", var.function_url_domain))
    error_message = "function_url_domain must be a bare host name (no scheme, port or path)."
  }
}

variable "price_class" {
  description = "CloudFront price class."
  type        = string

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "domain_name" {
  description = "Custom domain served by the distribution (null = the cloudfront.net name only)."
  type        = string
  default     = null
}

variable "certificate_arn" {
  description = "ACM certificate (us-east-1) for domain_name; required when domain_name is set."
  type        = string
  default     = null
}

variable "extra_media_origins" {
  description = "Origins added to the CSP connect-src, media-src and img-src (e.g. a local IVS playback origin)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.extra_media_origins : can(regex("^https?://[a-z0-9.-]+(:[0-9]{1,5})?$", o))])
    error_message = "extra_media_origins must be origins like https://media.example.com or http://127.0.0.1:8080 (scheme, host, optional port; no path)."
  }
}

variable "embed_allowed_origins" {
  description = "Sites allowed to show /embed in an iframe: CSP frame-ancestors of /embed* only (every other path refuses frames). HTTPS origins; plain http only for loopback (local tests)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.embed_allowed_origins : can(regex("^(https://([a-z0-9-]+\\.)*[a-z0-9-]+(:[0-9]{1,5})?|http://(127\\.0\\.0\\.1|localhost)(:[0-9]{1,5})?)$", o))])
    error_message = "embed_allowed_origins must be origins like https://blog.example.com or https://example.com:8443 (https, lower-case host, optional port; no path, no wildcard, no trailing slash); http only for 127.0.0.1 or localhost."
  }
}

variable "recording_playlist_ttl_seconds" {
  description = "How long CloudFront caches recorded playlists, recording events and LATEST thumbnails (they change while a recording runs)."
  type        = number

  validation {
    condition     = var.recording_playlist_ttl_seconds >= 1 && var.recording_playlist_ttl_seconds <= 60
    error_message = "recording_playlist_ttl_seconds must be between 1 and 60."
  }
}

variable "recording_segment_ttl_seconds" {
  description = "How long CloudFront caches recorded segments (never change; no point keeping them past the recordings' expiry)."
  type        = number
  default     = 259200

  validation {
    condition     = var.recording_segment_ttl_seconds >= 60 && var.recording_segment_ttl_seconds <= 31536000
    error_message = "recording_segment_ttl_seconds must be between 60 and 31536000 (one year)."
  }
}

variable "site_max_ttl_seconds" {
  description = "Upper bound of the site cache; objects say what they want with Cache-Control (index.html no-cache, assets immutable)."
  type        = number
  default     = 31536000
}

variable "tags" {
  description = "Tags for the distribution."
  type        = map(string)
  default     = {}
}
