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

Two fixes for SQS event source mappings, whose polling the cloud emulator plays (local/cloud
SqsEventSourcePoller), as Lambda does:
- moto keeps an ESM's FunctionArn as the VERSION an alias pointed to at creation ("fn:1"); Lambda keeps the
  alias ARN as given ("fn:live"), so the mapping follows the alias when a release moves it
  (https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html: FunctionName may be an alias
  ARN, "Version or Alias ARN"). Here the ARN is kept qualified exactly as the caller gave it.
- moto_server itself tries to invoke the function (through docker) on every SendMessage to a queue with an
  ESM; without docker that fails and still counts a receive (a message could reach its DLQ without ever
  running). That in-process delivery is switched off; the cloud emulator polls the queue instead.
- moto forgets a FIFO message's in-flight state only while it walks the queue, one message at a time, so when
  several messages of one group come back after their visibility timeout, the first is skipped as "its group is
  still in flight" (because of the second) and the second is delivered alone, out of order. SQS delivers a
  group's messages in order once none of them is in flight
  (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html):
  messages whose visibility timeout has passed stop counting as in flight before the walk.

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


def _qualified_function_arn(stored_arn, function_name):
    """The FunctionArn Lambda keeps for FunctionName: as given when it is an ARN, else name[:qualifier]."""
    if function_name.startswith("arn:"):
        return function_name
    unqualified = ":".join(stored_arn.split(":")[:7])
    if ":" in function_name:
        return unqualified + ":" + function_name.split(":", 1)[1]
    return unqualified


def _keep_alias_arn(original):
    def wrapper(self, *args, **kwargs):
        esm = original(self, *args, **kwargs)
        spec = args[-1] if args and isinstance(args[-1], dict) else kwargs.get("spec", {})
        if esm is not None and isinstance(spec, dict) and spec.get("FunctionName"):
            esm.function_arn = _qualified_function_arn(esm.function_arn, spec["FunctionName"])
        return esm

    return wrapper


from moto.awslambda.models import LambdaBackend  # noqa: E402
from moto.sqs.models import Queue  # noqa: E402

LambdaBackend.create_event_source_mapping = _keep_alias_arn(LambdaBackend.create_event_source_mapping)
LambdaBackend.update_event_source_mapping = _keep_alias_arn(LambdaBackend.update_event_source_mapping)
from moto.sqs.models import SQSBackend  # noqa: E402

_stock_receive_message = SQSBackend.receive_message


def _receive_message(self, queue_name, *args, **kwargs):
    queue = self.get_queue(queue_name)
    for message in list(queue.pending_messages):
        if message.visible:
            queue.pending_messages.discard(message)
    return _stock_receive_message(self, queue_name, *args, **kwargs)


SQSBackend.receive_message = _receive_message
# No in-process SQS -> Lambda delivery: reads return no mapping, writes are dropped (only Queue.add_message reads it).
Queue.lambda_event_source_mappings = property(lambda self: {}, lambda self, value: None)


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
