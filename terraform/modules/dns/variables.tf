variable "domain_name" {
  description = "Viewer domain to point at the distribution."
  type        = string
}

variable "hosted_zone_id" {
  description = "Route 53 hosted zone that holds domain_name."
  type        = string
}

variable "distribution_domain_name" {
  description = "cloudfront.net host name of the distribution."
  type        = string
}

variable "distribution_hosted_zone_id" {
  description = "Route 53 zone ID of CloudFront (the distribution's hosted_zone_id)."
  type        = string
}
