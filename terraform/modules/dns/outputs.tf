output "fqdns" {
  description = "FQDNs of the alias records, keyed by record type."
  value       = { for t, r in aws_route53_record.alias : t => r.fqdn }
}
