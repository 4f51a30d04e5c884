# Rendered by scripts/local into the Terraform working copy (.local/terraform/local_override.tf).
# Terraform merges this override file into the root module's provider configuration: the SAME root
# module and modules are applied, only the endpoints and credential checks change. Never commit a
# rendered copy into terraform/.
provider "aws" {
  @ALIAS@
  region                      = "@REGION@"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_requesting_account_id  = false # sts GetCallerIdentity is answered by moto: account 123456789012
  s3_use_path_style           = true

  endpoints {
    # the AWS gateway (cloud emulator): answers CloudFront policies, EventBridge delivery and Lambda
    # Invoke itself and forwards every other call to moto_server
    acm            = "@GATEWAY@"
    cloudfront     = "@GATEWAY@"
    cloudwatch     = "@GATEWAY@"
    events         = "@GATEWAY@"
    iam            = "@GATEWAY@"
    kms            = "@GATEWAY@"
    lambda         = "@GATEWAY@"
    logs           = "@GATEWAY@"
    route53        = "@GATEWAY@"
    s3             = "@GATEWAY@"
    secretsmanager = "@GATEWAY@"
    sns            = "@GATEWAY@"
    sts            = "@GATEWAY@"
    # the dedicated SSM moto_server (restartable on its own for the fault tests)
    ssm = "@SSM@"
    # the IVS emulator (local/ivs): moto only knows channels
    ivs = "@IVS@"
  }
}
