# Reads back, in one process, what IAM holds for the given roles: inline and attached policies and the permissions
# boundary, plus the given managed policies' default versions. Prints one JSON object. Standard AWS environment.
import json
import sys
import urllib.parse

import botocore.session

iam = botocore.session.get_session().create_client("iam")


def doc(d):
    return json.loads(urllib.parse.unquote(d)) if isinstance(d, str) else d


def managed(arn):
    v = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    return doc(iam.get_policy_version(PolicyArn=arn, VersionId=v)["PolicyVersion"]["Document"])


out = {"roles": {}, "policies": {}}
roles, policies = [], []
for a in sys.argv[1:]:
    (policies if a.startswith("arn:") else roles).append(a)
for role in roles:
    r = iam.get_role(RoleName=role)["Role"]
    entry = {"inline": {}, "attached": {}, "boundary": r.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")}
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        entry["inline"][name] = doc(iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"])
    for a in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]:
        entry["attached"][a["PolicyArn"]] = managed(a["PolicyArn"])
    out["roles"][role] = entry
for arn in policies:
    try:
        out["policies"][arn] = managed(arn)
    except iam.exceptions.NoSuchEntityException:
        out["policies"][arn] = None
print(json.dumps(out))
