# State in S3 with native locking (a .tflock object next to the state, no DynamoDB table).
# Partial configuration: bucket, key and region come from backend.hcl (see backend.hcl.example):
#   terraform init -backend-config=backend.hcl
terraform {
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
