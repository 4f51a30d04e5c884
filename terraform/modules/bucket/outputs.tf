output "id" {
  description = "Bucket name."
  value       = aws_s3_bucket.this.bucket
}

output "arn" {
  description = "Bucket ARN."
  value       = aws_s3_bucket.this.arn
}

output "regional_domain_name" {
  description = "Regional domain name, the form a CloudFront S3 origin with OAC needs."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}
