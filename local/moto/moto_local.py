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

One addition: --ssm-snapshot FILE loads SSM parameters (written by `scripts/local ssm stop`) into moto's
SSM backend BEFORE the server accepts its first request. Restoring them over the API after start would
leave a window in which a client sees "no parameter" - the state function reads that as "idle" and
would write it back over the restored document.

Usage: python3 local/moto/moto_local.py [--ssm-snapshot FILE] -H 127.0.0.1 -p PORT
       (the other flags are moto_server's)
"""
import argparse
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


def _load_ssm_snapshot(path):
    """Puts every parameter of the snapshot into the in-process SSM backend; fails loudly on a bad file."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ssm.models import ssm_backends

    with open(path, encoding="utf-8") as f:
        snapshot = json.load(f)
    backend = ssm_backends[DEFAULT_ACCOUNT_ID][snapshot["region"]]
    for p in snapshot["parameters"]:
        backend.put_parameter(
            name=p["Name"],
            description=p.get("Description") or None,
            value=p["Value"],
            parameter_type=p["Type"],
            allowed_pattern=None,
            keyid=None,
            overwrite=False,
            tags=p.get("Tags") or [],
            data_type=p.get("DataType", "text"),
            tier=p.get("Tier", "Standard"),
            policies=None,
        )
    print(f"ssm snapshot {path}: {len(snapshot['parameters'])} parameter(s) loaded before serving", flush=True)


if __name__ == "__main__":
    own = argparse.ArgumentParser(add_help=False)
    own.add_argument("--ssm-snapshot")
    ours, moto_args = own.parse_known_args()
    if ours.ssm_snapshot:
        _load_ssm_snapshot(ours.ssm_snapshot)
    sys.exit(main(moto_args))
