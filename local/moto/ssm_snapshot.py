"""The SSM snapshot of the local platform's restart fault, in one place: its format, how it is taken, how it is
loaded and how a restored server is checked.

moto keeps its state in memory, so `scripts/local ssm stop` takes a snapshot of every parameter before it stops the
dedicated SSM server, and `scripts/local ssm start` has the new server load it BEFORE it serves its first request
(moto_local.py --ssm-snapshot): restoring over the API after start would leave a window in which the status function
reads "no parameter" = idle and writes that back over the restored document.

The file (JSON): {"region": "us-east-1", "parameters": [{"Name", "Type", "Value", "Description", "Tier", "DataType",
"Tags": [{"Key", "Value"}]}]}. Member names are those of SSM's own shapes (botocore ssm/2014-11-06: Parameter,
ParameterMetadata, Tag), so a snapshot reads like what the API returns. Values are stored decrypted (a SecureString is
put back as a SecureString under moto's default key: the local platform has no KMS key of its own).

Usage:
  python3 local/moto/ssm_snapshot.py save  --endpoint URL --region REGION FILE
  python3 local/moto/ssm_snapshot.py check --endpoint URL FILE
"""
import argparse
import json
import os
import sys

FORMAT_KEYS = ("Name", "Type", "Value")


def read(path):
    """The snapshot in FILE; a file that is not one fails with the reason, never half-loaded."""
    with open(path, encoding="utf-8") as f:
        snapshot = json.load(f)
    if not isinstance(snapshot, dict) or not isinstance(snapshot.get("region"), str) \
            or not isinstance(snapshot.get("parameters"), list):
        raise ValueError(f"{path}: not an SSM snapshot (needs 'region' and a 'parameters' list)")
    for i, p in enumerate(snapshot["parameters"]):
        missing = [k for k in FORMAT_KEYS if not isinstance(p, dict) or not isinstance(p.get(k), str)]
        if missing:
            raise ValueError(f"{path}: parameter #{i + 1} lacks {', '.join(missing)}")
    return snapshot


def _client(endpoint, region):
    import boto3

    return boto3.client("ssm", endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="test", aws_secret_access_key="test")


def save(endpoint, region, path):
    """Every parameter of the server (value decrypted, type, description, tier, data type, tags) into FILE."""
    c = _client(endpoint, region)
    out = []
    for page in c.get_paginator("describe_parameters").paginate():
        for d in page["Parameters"]:
            v = c.get_parameter(Name=d["Name"], WithDecryption=True)["Parameter"]
            tags = c.list_tags_for_resource(ResourceType="Parameter", ResourceId=d["Name"]).get("TagList", [])
            out.append({"Name": d["Name"], "Type": d["Type"], "Value": v["Value"],
                        "Description": d.get("Description", ""), "Tier": d.get("Tier", "Standard"),
                        "DataType": d.get("DataType", "text"), "Tags": tags})
    # written whole, then renamed: a stop interrupted half-way never leaves half a snapshot to load
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"region": region, "parameters": out}, f)
    os.replace(tmp, path)
    return len(out)


def load_into(backend, snapshot):
    """Puts every parameter into moto's in-process SSM backend (moto_local.py, before the server listens)."""
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
    return len(snapshot["parameters"])


def check(endpoint, path):
    """Every parameter of FILE is on the server with its type. Its value may already be newer: the functions write
    as soon as SSM answers. Returns the problems found (empty: restored)."""
    snapshot = read(path)
    c = _client(endpoint, snapshot["region"])
    problems = []
    for p in snapshot["parameters"]:
        try:
            got = c.get_parameter(Name=p["Name"], WithDecryption=True)["Parameter"]
        except c.exceptions.ParameterNotFound:
            problems.append(f"{p['Name']} is missing after the restart")
            continue
        if got["Type"] != p["Type"]:
            problems.append(f"{p['Name']} is a {got['Type']} after the restart, was {p['Type']}")
    return len(snapshot["parameters"]), problems


def main(argv):
    parser = argparse.ArgumentParser(prog="ssm_snapshot.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["save", "check"])
    parser.add_argument("--endpoint", required=True, help="the SSM endpoint, e.g. http://127.0.0.1:5001")
    parser.add_argument("--region", help="the region whose parameters are saved (save only)")
    parser.add_argument("file")
    args = parser.parse_args(argv)
    if args.command == "save":
        if not args.region:
            parser.error("save needs --region")
        print(f"    snapshot: {save(args.endpoint, args.region, args.file)} parameter(s)")
        return 0
    try:
        count, problems = check(args.endpoint, args.file)
    except ValueError as e:
        print(f"ssm_snapshot: {e}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"ssm_snapshot: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"    restored: {count} parameter(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
