variable "domain_name" {
  description = "Domain the certificate is issued for (the viewer domain)."
  type        = string
}

variable "hosted_zone_id" {
  description = "Route 53 public hosted zone that holds domain_name; the DNS validation records go there."
  type        = string
}

variable "tags" {
  description = "Tags for the certificate."
  type        = map(string)
  default     = {}
}
