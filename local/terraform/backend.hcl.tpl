# Rendered by scripts/local (.local/terraform/backend.hcl) and passed to `terraform init -backend-config`.
bucket                      = "@STATE_BUCKET@"
key                         = "onair/terraform.tfstate"
region                      = "@REGION@"
endpoints                   = { s3 = "@MOTO@" }
use_path_style              = true
use_lockfile                = true
access_key                  = "test"
secret_key                  = "test"
skip_credentials_validation = true
skip_requesting_account_id  = true
skip_metadata_api_check     = true
skip_region_validation      = true
skip_s3_checksum            = true
