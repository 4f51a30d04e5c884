"""moto_server for the OnAir local platform, with one documented fix.

moto evaluates S3 bucket policies but ignores their Condition blocks (moto/iam/access_control.py:
"TODO add support for the Resource and Condition parts"). Our buckets carry the standard statement
"Deny s3:* when aws:SecureTransport is false"; without its condition moto turns it into "deny every
object operation", so nothing could be uploaded or read. On the local platform every endpoint is
plain HTTP on loopback, which we treat as the secure transport that HTTPS is in AWS: this launcher
leaves out exactly those Deny statements whose only condition is aws:SecureTransport = false and lets
moto evaluate the rest of the policy unchanged.

Everything else is stock moto_server. (moto's regionless CloudFront ARNs are corrected in one place, the
cloud emulator's AWS gateway, which every CloudFront client of the local platform goes through.)

Usage: python3 local/moto/moto_local.py -H 127.0.0.1 -p PORT   (the same flags as moto_server)
"""
import json
import sys

from moto.iam.access_control import IAMPolicy, PermissionResult
from moto.s3 import models
from moto.server import main

_stock_get_permission = models.FakeBucket.get_permission


def _insecure_transport_deny(statement):
    """True for a Deny whose only condition is Bool aws:SecureTransport = false."""
    if statement.get("Effect") != "Deny":
        return False
    condition = statement.get("Condition") or {}
    if list(condition) != ["Bool"] or len(condition["Bool"]) != 1:
        return False
    key, value = next(iter(condition["Bool"].items()))
    values = value if isinstance(value, list) else [value]
    return key.lower() == "aws:securetransport" and [str(v).lower() for v in values] == ["false"]


def _get_permission(self, action, resource):
    if self.policy is None:
        return _stock_get_permission(self, action, resource)
    document = json.loads(self.policy.decode())
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    kept = [s for s in statements if not _insecure_transport_deny(s)]
    if len(kept) == len(statements):
        return _stock_get_permission(self, action, resource)
    if not kept:
        return PermissionResult.NEUTRAL
    return IAMPolicy(json.dumps({**document, "Statement": kept})).is_action_permitted(action, resource)


models.FakeBucket.get_permission = _get_permission


if __name__ == "__main__":
    sys.exit(main())
