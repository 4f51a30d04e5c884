# ACM certificate for the viewer domain, validated through DNS in the given Route 53 zone.
# Must be created with a us-east-1 provider: CloudFront only uses certificates from there.

resource "aws_acm_certificate" "this" {
  domain_name       = var.domain_name
  validation_method = "DNS"
  tags              = var.tags

  # A replaced certificate must exist before the distribution lets go of the old one.
  lifecycle {
    create_before_destroy = true
  }
}

# Keyed by the (known) domain name, so the plan does not depend on values ACM only returns after creation.
resource "aws_route53_record" "validation" {
  for_each = toset([var.domain_name])

  zone_id         = var.hosted_zone_id
  name            = local.validation[each.key].resource_record_name
  type            = local.validation[each.key].resource_record_type
  records         = [local.validation[each.key].resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

locals {
  validation = { for o in aws_acm_certificate.this.domain_validation_options : o.domain_name => o }
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}
