output "distribution_id" {
  description = "ID of the distribution (invalidations)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the distribution: the only principal the buckets and the function URL accept."
  value       = aws_cloudfront_distribution.this.arn
}

output "domain_name" {
  description = "cloudfront.net host name of the distribution."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "hosted_zone_id" {
  description = "Route 53 zone ID of CloudFront, for alias records."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}

output "content_security_policy" {
  description = "The Content-Security-Policy header every response carries."
  value       = local.content_security_policy
}
