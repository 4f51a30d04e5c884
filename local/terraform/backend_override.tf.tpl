# Rendered by scripts/local (.local/terraform/backend_override.tf): the real S3 backend with native
# locking, pointed at moto's S3 through backend.hcl. The state lives next to the resources it
# describes, so it disappears with them when moto stops (scripts/local down).
terraform {
  backend "s3" {}
}
