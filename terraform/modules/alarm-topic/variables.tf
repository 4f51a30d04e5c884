variable "name" {
  description = "Name of the SNS topic; its KMS key's alias is alias/<name>."
  type        = string
}

variable "description" {
  description = "What the topic is for, the start of the KMS key's description (e.g. \"onair alarm topic\")."
  type        = string
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
