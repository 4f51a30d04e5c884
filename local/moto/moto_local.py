"""moto_server for the OnAir local platform, with one documented fix.

moto evaluates S3 bucket policies but ignores their Condition blocks (moto/iam/access_control.py:
"TODO add support for the Resource and Condition parts"). Our buckets carry the standard statement
"Deny s3:* when aws:SecureTransport is false"; without its condition moto turns it into "deny every
object operation", so nothing could be uploaded or read. On the local platform every endpoint is
plain HTTP on loopback, which we treat as the secure transport that HTTPS is in AWS: this launcher
leaves out exactly those Deny statements whose only condition is aws:SecureTransport = false and lets
moto evaluate the rest of the policy unchanged.

A second fix: moto stores SSM parameter values of any length; AWS refuses a Standard-tier value longer than
4,096 characters (Advanced: 8,192) with a ValidationException (see _put_parameter_within_tier_limit below).

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

One addition: --ssm-snapshot FILE loads SSM parameters (written by `scripts/local ssm stop`, format and code in
ssm_snapshot.py) into moto's SSM backend BEFORE the server accepts its first request. Restoring them over the API after start would
leave a window in which a client sees "no parameter" - the state function reads that as "idle" and
would write it back over the restored document.

Usage: python3 local/moto/moto_local.py [--ssm-snapshot FILE] -H 127.0.0.1 -p PORT
       (the other flags are moto_server's)
"""
import argparse
import importlib.abc
import importlib.util
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


# SSM value size limits, as AWS enforces them and moto does not:
#   https://docs.aws.amazon.com/general/latest/gr/ssm.html (Service Quotas: "Parameter value size": Standard
#   4 KB, Advanced 8 KB) and the botocore model of PutParameter (Value: "Standard parameters have a value limit
#   of 4 KB. Advanced parameters have a value limit of 8 KB."; Tier: Standard | Advanced | Intelligent-Tiering).
# AWS's answer for a too-long Standard value is a ValidationException with this message (quoted in
#   https://github.com/aws/aws-sdk-net/issues/3157). Intelligent-Tiering picks Advanced for a larger value.
# The limit counts characters, as AWS says ("4096 characters").
SSM_STANDARD_MAX = 4096
SSM_ADVANCED_MAX = 8192
SSM_STANDARD_TOO_LONG = (
    "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger "
    "parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see "
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html"
)


def _ssm_value_limit(backend, name, tier):
    """The tier that applies to this write: the request's, else the existing parameter's, else Standard."""
    if tier in ("Advanced", "Intelligent-Tiering"):
        return SSM_ADVANCED_MAX
    if tier == "Standard":
        return SSM_STANDARD_MAX
    versions = backend._parameters[name] if name in backend._parameters else None
    if versions and getattr(versions[-1], "tier", None) == "Advanced":
        return SSM_ADVANCED_MAX
    return SSM_STANDARD_MAX


def _install_ssm_value_limit(ssm_models):
    from moto.ssm.exceptions import ValidationException

    SimpleSystemManagerBackend = ssm_models.SimpleSystemManagerBackend
    stock_put_parameter = SimpleSystemManagerBackend.put_parameter

    def put_parameter(self, name, description, value, parameter_type, allowed_pattern, keyid, overwrite, tags,
                      data_type, tier, policies):
        limit = _ssm_value_limit(self, name, tier)
        if value is not None and len(value) > limit:
            if limit == SSM_STANDARD_MAX:
                raise ValidationException(SSM_STANDARD_TOO_LONG)
            raise ValidationException(
                "1 validation error detected: Value at 'value' failed to satisfy constraint: "
                f"Member must have length less than or equal to {SSM_ADVANCED_MAX}"
            )
        return stock_put_parameter(self, name, description, value, parameter_type, allowed_pattern, keyid,
                                   overwrite, tags, data_type, tier, policies)

    SimpleSystemManagerBackend.put_parameter = put_parameter


class _PatchAfterImport(importlib.abc.MetaPathFinder):
    """Runs a patch right after a module is first imported. moto loads a service's backend on its first request;
    importing moto.ssm.models up front would add seconds to every start of this server."""

    def __init__(self, name, patch):
        self.name = name
        self.patch = patch

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        stock_exec = spec.loader.exec_module

        def exec_module(module):
            stock_exec(module)
            self.patch(module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _PatchAfterImport("moto.ssm.models", _install_ssm_value_limit))


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
    """Puts every parameter of the snapshot (ssm_snapshot.py owns its format) into the in-process SSM backend before
    the server listens; a bad file stops the launcher with the reason."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ssm.models import ssm_backends

    import ssm_snapshot

    snapshot = ssm_snapshot.read(path)
    count = ssm_snapshot.load_into(ssm_backends[DEFAULT_ACCOUNT_ID][snapshot["region"]], snapshot)
    print(f"ssm snapshot {path}: {count} parameter(s) loaded before serving", flush=True)


if __name__ == "__main__":
    own = argparse.ArgumentParser(add_help=False)
    own.add_argument("--ssm-snapshot")
    ours, moto_args = own.parse_known_args()
    if ours.ssm_snapshot:
        _load_ssm_snapshot(ours.ssm_snapshot)
    sys.exit(main(moto_args))
