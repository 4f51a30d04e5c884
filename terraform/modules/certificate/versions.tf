terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
      # CloudFront only accepts certificates from us-east-1: pass the us-east-1 provider as "aws".
    }
  }
}
