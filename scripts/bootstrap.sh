#!/usr/bin/env bash
# One-time setup of an AWS account for OnAir releases: Terraform state bucket, GitHub OIDC provider, and two
# roles GitHub Actions may assume without stored keys. Idempotent: every resource is described before created.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=scripts/lib/release.sh
source "$(dirname "$0")/lib/release.sh"

OIDC_HOST=token.actions.githubusercontent.com
# GitHub's OIDC certificate thumbprint; IAM no longer checks it for this provider but the API wants one.
OIDC_THUMBPRINT=6938fd4d98bab03faadb97b34396831e3780aea1

usage() {
  cat <<USAGE
Usage: scripts/bootstrap.sh --repo OWNER/NAME --region REGION --state-bucket BUCKET [--hosted-zone-id ZONE]
                            [--role-name onair-release] [--plan-role-name onair-plan] [--name onair]
                            [--print-policies ACCOUNT_ID]

Creates, or leaves as they are when present (run it again at any time):
  - S3 bucket BUCKET for the Terraform state: versioned, encrypted (SSE-S3), all public access blocked,
    bucket-owner-enforced, TLS-only bucket policy
  - the IAM OIDC identity provider for $OIDC_HOST (audience sts.amazonaws.com)
  - managed policy NAME-function-boundary: the permissions boundary every role the release creates or changes
    must carry (the most a function role can ever do: no IAM, only the project's own resources)
  - role --role-name: assumable only by workflows of OWNER/NAME running for a tag v* (the release);
    its inline policy is least privilege: the state bucket, and the project's resources by the name prefix
    --name (default onair); where AWS gives no name to scope by (IVS, CloudFront ids) it is scoped to the
    account and region; the few calls that accept no resource at all are listed in the policy's 'Unscoped' statement.
    It cannot make itself (or anything) an administrator: it creates or changes roles only with the boundary
    above and can never remove it, it cannot write to its own role or the plan role, it has object access only
    to the state bucket, and changes DNS records only in --hosted-zone-id (no DNS changes without it)
  - role --plan-role-name: assumable only by OWNER/NAME pull_request workflows: the same resources, read
    actions only, plus its lock file in the state bucket (terraform plan)
Prints what it created and the repository variables to set.
--print-policies ACCOUNT_ID: print the three policies it would put for that account as one JSON document
  {"boundaryArn", "boundary", "release", "plan"} and stop: no AWS call, nothing created (review them, or evaluate them:
  local/iam DeployPermissionsCheck does, against what a Terraform apply made).
AWS access: the aws CLI with the standard environment, as an administrator of the account (once).
USAGE
}

repo='' region='' state_bucket='' role_name=onair-release plan_role_name=onair-plan name=onair hosted_zone_id=''
print_account=''
while (($#)); do
  case "$1" in
    --repo) repo=${2:?--repo needs owner/name}; shift 2 ;;
    --region) region=${2:?--region needs a region}; shift 2 ;;
    --state-bucket) state_bucket=${2:?--state-bucket needs a bucket name}; shift 2 ;;
    --role-name) role_name=${2:?--role-name needs a name}; shift 2 ;;
    --plan-role-name) plan_role_name=${2:?--plan-role-name needs a name}; shift 2 ;;
    --name) name=${2:?--name needs a prefix}; shift 2 ;;
    --hosted-zone-id) hosted_zone_id=${2:?--hosted-zone-id needs a Route 53 zone id}; shift 2 ;;
    --print-policies) print_account=${2:?--print-policies needs the account id}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ "$repo" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || die "--repo must be owner/name, got '${repo}'"
[[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || die "--region must be an AWS region like us-east-1, got '${region}'"
[[ "$state_bucket" =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || die "--state-bucket must be a valid S3 bucket name, got '${state_bucket}'"
[[ "$name" =~ ^[a-z][a-z0-9-]{1,30}$ ]] || die "--name must match ^[a-z][a-z0-9-]{1,30}\$ (the Terraform var.name), got '$name'"
[[ -z "$hosted_zone_id" || "$hosted_zone_id" =~ ^Z[A-Z0-9]{1,31}$ ]] || die "--hosted-zone-id must be a Route 53 zone id like Z0123456789ABCDEFGHIJ, got '$hosted_zone_id'"
for r in "$role_name" "$plan_role_name"; do
  [[ "$r" =~ ^[A-Za-z0-9+=,.@_-]{1,64}$ ]] || die "role name '$r' is not a valid IAM role name"
done
# The three policies this script puts (boundary, release role, plan role), as globals; no AWS call, so
# --print-policies can show them and tests can evaluate them (local/iam DeployPermissions).
make_policies() {
  p="arn:aws"
  boundary_name="$name-function-boundary"
  boundary_arn="$p:iam::$account:policy/$boundary_name"
  # The most any role the release creates or changes (the functions' execution roles) may ever do, whatever
  # policies the release puts on it: effective permissions = identity policies AND this boundary
  # (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html). Broader than today's
  # function policies (so a new Terraform statement for the project's own resources needs no bootstrap run), but no
  # IAM, no other project's resources, nothing outside this account and region. It must cover every statement
  # Terraform gives a function role (terraform/modules/function: the recordings index under onair/, the go-live
  # topic, the webhooks secret - and only that secret: never the stream key): a call the boundary does not allow
  # fails on AWS even though the role's own policy allows it. The e2e checks that against what its apply made (local/iam DeployPermissionsCheck).
  boundary_policy=$(
    cat <<JSON
{"Version":"2012-10-17","Statement":[
{"Sid":"StateParameter","Effect":"Allow","Action":["ssm:GetParameter","ssm:GetParameters","ssm:PutParameter"],"Resource":"$p:ssm:$region:$account:parameter/$name/*"},
{"Sid":"OwnLogs","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"$p:logs:$region:$account:log-group:/aws/lambda/$name-*:*"},
{"Sid":"IvsRead","Effect":"Allow","Action":["ivs:GetStream","ivs:GetChannel","ivs:ListStreams","ivs:PutMetadata"],"Resource":"$p:ivs:$region:$account:*"},
{"Sid":"ProjectQueues","Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage","sqs:DeleteMessage","sqs:ChangeMessageVisibility","sqs:GetQueueAttributes","sqs:GetQueueUrl"],"Resource":"$p:sqs:$region:$account:$name-*"},
{"Sid":"ProjectBucketsRead","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["$p:s3:::$name-*","$p:s3:::$name-*/*"]},
{"Sid":"ProjectRecordingsIndexWrite","Effect":"Allow","Action":"s3:PutObject","Resource":"$p:s3:::$name-recordings-*/onair/*"},
{"Sid":"ProjectTopicsPublish","Effect":"Allow","Action":"sns:Publish","Resource":"$p:sns:$region:$account:$name-*"},
{"Sid":"ProjectWebhooksSecretRead","Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"$p:secretsmanager:$region:$account:secret:$name/notification-webhooks-*"},
{"Sid":"NoIam","Effect":"Deny","Action":["iam:*","sts:AssumeRole","organizations:*","account:*"],"Resource":"*"}
]}
JSON
  )
  # No iam:UpdateAssumeRolePolicy at all: IAM offers no boundary condition for it, and a trust policy rewritten to
  # trust the release role would make any role named NAME-* assumable (a function role's trust policy never changes
  # after Terraform creates it; a change that needs it fails loudly and is applied by an administrator).
  # IAM actions whose condition key iam:PermissionsBoundary is the boundary of the role in the request (CreateRole,
  # PutRolePermissionsBoundary) or the one the role already has (the others): Service Authorization Reference, IAM,
  # https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
  boundary_actions='"iam:CreateRole","iam:PutRolePermissionsBoundary","iam:PutRolePolicy","iam:DeleteRolePolicy","iam:AttachRolePolicy","iam:DetachRolePolicy"'
  own_roles="\"$p:iam::$account:role/$role_name\",\"$p:iam::$account:role/$plan_role_name\""
  dns_statement=''
  if [[ -n "$hosted_zone_id" ]]; then
    dns_statement='{"Sid":"RecordsInTheConfiguredZone","Effect":"Allow","Action":["route53:GetHostedZone","route53:ListResourceRecordSets","route53:ChangeResourceRecordSets"],"Resource":"'"$p:route53:::hostedzone/$hosted_zone_id"'"},
{"Sid":"DnsChangeStatus","Effect":"Allow","Action":"route53:GetChange","Resource":"'"$p:route53:::change/*"'"},'
  fi
  # KMS: the alarm topics' keys (terraform/modules/alarm-topic) get random ids, so, like IVS and CloudFront, they are
  # scoped by account: reading them and what Terraform does right after CreateKey (rotation, tags, alias) on any key
  # of the account; changing a policy, a tag or a deletion only on keys tagged Project=NAME (every resource carries
  # it: the provider's default_tags); CreateKey only with that tag in the request. Tag conditions are not used for
  # the calls right after CreateKey: AWS says a new tag can take up to five minutes to count for authorization
  # (https://docs.aws.amazon.com/kms/latest/developerguide/abac.html). The residual path: TagResource on another key
  # of the account (adding Project=NAME) makes it changeable; keep keys that matter out of a release account.
  deploy_policy=$(
    cat <<JSON
{"Version":"2012-10-17","Statement":[
{"Sid":"StateBucketList","Effect":"Allow","Action":["s3:ListBucket","s3:GetBucketVersioning"],"Resource":"$p:s3:::$state_bucket"},
{"Sid":"StateObjects","Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":"$p:s3:::$state_bucket/*"},
{"Sid":"StateBucketObjectAccessOnly","Effect":"Deny","NotAction":["s3:ListBucket","s3:GetBucketVersioning","s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":["$p:s3:::$state_bucket","$p:s3:::$state_bucket/*"]},
{"Sid":"ProjectBuckets","Effect":"Allow","Action":"s3:*","Resource":["$p:s3:::$name-*","$p:s3:::$name-*/*"]},
{"Sid":"Functions","Effect":"Allow","Action":"lambda:*","Resource":["$p:lambda:$region:$account:function:$name-*"]},
{"Sid":"EventSourceMappings","Effect":"Allow","Action":["lambda:GetEventSourceMapping","lambda:UpdateEventSourceMapping","lambda:DeleteEventSourceMapping"],"Resource":"$p:lambda:$region:$account:event-source-mapping:*","Condition":{"ArnLike":{"lambda:FunctionArn":"$p:lambda:$region:$account:function:$name-*"}}},
{"Sid":"EventSourceMappingCreate","Effect":"Allow","Action":["lambda:CreateEventSourceMapping","lambda:ListEventSourceMappings"],"Resource":"*","Condition":{"ArnLike":{"lambda:FunctionArn":"$p:lambda:$region:$account:function:$name-*"}}},
{"Sid":"FunctionRolesRead","Effect":"Allow","Action":["iam:GetRole","iam:ListRolePolicies","iam:ListAttachedRolePolicies","iam:GetRolePolicy","iam:ListInstanceProfilesForRole","iam:ListRoleTags"],"Resource":"$p:iam::$account:role/$name-*"},
{"Sid":"FunctionRolesWithBoundary","Effect":"Allow","Action":[$boundary_actions],"Resource":"$p:iam::$account:role/$name-*","Condition":{"StringEquals":{"iam:PermissionsBoundary":"$boundary_arn"}}},
{"Sid":"FunctionRolesOther","Effect":"Allow","Action":["iam:DeleteRole","iam:UpdateRole","iam:UpdateRoleDescription","iam:TagRole","iam:UntagRole"],"Resource":"$p:iam::$account:role/$name-*"},
{"Sid":"PassFunctionRoles","Effect":"Allow","Action":"iam:PassRole","Resource":"$p:iam::$account:role/$name-*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}},
{"Sid":"IvsServiceLinkedRole","Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"$p:iam::$account:role/aws-service-role/ivs.amazonaws.com/AWSServiceRoleForIVSRecordToS3","Condition":{"StringEquals":{"iam:AWSServiceName":"ivs.amazonaws.com"}}},
{"Sid":"NoRoleWithoutTheBoundary","Effect":"Deny","Action":[$boundary_actions],"Resource":"*","Condition":{"StringNotEquals":{"iam:PermissionsBoundary":"$boundary_arn"}}},
{"Sid":"NoBoundaryRemoval","Effect":"Deny","Action":["iam:DeleteRolePermissionsBoundary","iam:DeleteUserPermissionsBoundary"],"Resource":"*"},
{"Sid":"NoBoundaryPolicyEdits","Effect":"Deny","Action":["iam:CreatePolicyVersion","iam:DeletePolicyVersion","iam:SetDefaultPolicyVersion","iam:DeletePolicy"],"Resource":"$boundary_arn"},
{"Sid":"NoWritesToTheReleaseAndPlanRoles","Effect":"Deny","NotAction":["iam:Get*","iam:List*"],"Resource":[$own_roles]},
{"Sid":"StateParameter","Effect":"Allow","Action":"ssm:*","Resource":"$p:ssm:$region:$account:parameter/$name/*"},
{"Sid":"StreamKeySecret","Effect":"Allow","Action":"secretsmanager:*","Resource":"$p:secretsmanager:$region:$account:secret:$name*"},
{"Sid":"EventRules","Effect":"Allow","Action":"events:*","Resource":"$p:events:$region:$account:rule/$name-*"},
{"Sid":"FunctionLogs","Effect":"Allow","Action":"logs:*","Resource":["$p:logs:$region:$account:log-group:/aws/lambda/$name-*","$p:logs:$region:$account:log-group:/aws/lambda/$name-*:*"]},
{"Sid":"Alarms","Effect":"Allow","Action":"cloudwatch:*","Resource":"$p:cloudwatch:*:$account:alarm:$name-*"},
{"Sid":"AlarmTopic","Effect":"Allow","Action":"sns:*","Resource":"$p:sns:*:$account:$name-*"},
{"Sid":"FailedEventsQueue","Effect":"Allow","Action":"sqs:*","Resource":"$p:sqs:$region:$account:$name-*"},
{"Sid":"AlarmTopicKeysCreate","Effect":"Allow","Action":"kms:CreateKey","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/Project":"$name"}}},
{"Sid":"AlarmTopicKeysByAccountIdsAreRandom","Effect":"Allow","Action":["kms:DescribeKey","kms:GetKeyPolicy","kms:GetKeyRotationStatus","kms:ListResourceTags","kms:EnableKeyRotation","kms:TagResource","kms:CreateAlias","kms:UpdateAlias","kms:DeleteAlias"],"Resource":"$p:kms:*:$account:key/*"},
{"Sid":"AlarmTopicKeysChangeOnlyTheProjects","Effect":"Allow","Action":["kms:PutKeyPolicy","kms:UpdateKeyDescription","kms:UntagResource","kms:DisableKeyRotation","kms:ScheduleKeyDeletion","kms:CancelKeyDeletion"],"Resource":"$p:kms:*:$account:key/*","Condition":{"StringEquals":{"aws:ResourceTag/Project":"$name"}}},
{"Sid":"AlarmTopicKeyAliases","Effect":"Allow","Action":["kms:CreateAlias","kms:UpdateAlias","kms:DeleteAlias"],"Resource":"$p:kms:*:$account:alias/$name-*"},
{"Sid":"IvsByAccountRegionIdsAreRandom","Effect":"Allow","Action":"ivs:*","Resource":"$p:ivs:$region:$account:*"},
{"Sid":"CloudFrontByAccountIdsAreRandom","Effect":"Allow","Action":"cloudfront:*","Resource":"$p:cloudfront::$account:*"},
{"Sid":"CertificateOptionalDns","Effect":"Allow","Action":"acm:*","Resource":"$p:acm:us-east-1:$account:certificate/*"},
$dns_statement
{"Sid":"Unscoped","Effect":"Allow","Action":["sts:GetCallerIdentity","ivs:ListChannels","ivs:ListRecordingConfigurations","ivs:ListStreamKeys","cloudfront:ListCachePolicies","cloudfront:ListOriginAccessControls","cloudfront:ListResponseHeadersPolicies","cloudfront:ListOriginRequestPolicies","cloudfront:ListDistributions","logs:DescribeLogGroups","acm:RequestCertificate","acm:ListCertificates","lambda:ListFunctions","iam:ListRoles","events:ListRules","kms:ListAliases"],"Resource":"*"}
]}
JSON
  )

  # terraform plan on a pull request: the same resources as the release role, read actions only, and no write
  # but its own lock file. It reads the stored stream key (plan refreshes the secret version): whoever can open a
  # pull request from a branch of this repository can read it through a workflow, so keep write access tight
  # (pull requests from forks get no OIDC token).
  plan_policy=$(
    cat <<JSON
{"Version":"2012-10-17","Statement":[
{"Sid":"StateRead","Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":["$p:s3:::$state_bucket","$p:s3:::$state_bucket/*"]},
{"Sid":"PlanLockOnly","Effect":"Allow","Action":["s3:PutObject","s3:DeleteObject"],"Resource":"$p:s3:::$state_bucket/*.tflock"},
{"Sid":"ProjectBucketsRead","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["$p:s3:::$name-*","$p:s3:::$name-*/*"]},
{"Sid":"FunctionsRead","Effect":"Allow","Action":["lambda:Get*","lambda:List*"],"Resource":"$p:lambda:$region:$account:function:$name-*"},
{"Sid":"EventSourceMappingsRead","Effect":"Allow","Action":["lambda:GetEventSourceMapping","lambda:ListEventSourceMappings"],"Resource":["$p:lambda:$region:$account:event-source-mapping:*","*"],"Condition":{"ArnLike":{"lambda:FunctionArn":"$p:lambda:$region:$account:function:$name-*"}}},
{"Sid":"RolesRead","Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"$p:iam::$account:role/$name-*"},
{"Sid":"ParameterRead","Effect":"Allow","Action":["ssm:GetParameter*","ssm:DescribeParameters","ssm:ListTagsForResource"],"Resource":"$p:ssm:$region:$account:parameter/$name/*"},
{"Sid":"SecretRead","Effect":"Allow","Action":["secretsmanager:Describe*","secretsmanager:Get*","secretsmanager:List*"],"Resource":"$p:secretsmanager:$region:$account:secret:$name*"},
{"Sid":"RulesRead","Effect":"Allow","Action":["events:Describe*","events:List*"],"Resource":"$p:events:$region:$account:rule/$name-*"},
{"Sid":"LogsRead","Effect":"Allow","Action":["logs:Describe*","logs:ListTagsForResource","logs:ListTagsLogGroup"],"Resource":"$p:logs:$region:$account:log-group:/aws/lambda/$name-*"},
{"Sid":"AlarmsRead","Effect":"Allow","Action":["cloudwatch:Describe*","cloudwatch:ListTagsForResource"],"Resource":"$p:cloudwatch:*:$account:alarm:$name-*"},
{"Sid":"TopicRead","Effect":"Allow","Action":["sns:Get*","sns:List*"],"Resource":"$p:sns:*:$account:$name-*"},
{"Sid":"QueueRead","Effect":"Allow","Action":["sqs:GetQueueAttributes","sqs:GetQueueUrl","sqs:ListQueueTags"],"Resource":"$p:sqs:$region:$account:$name-*"},
{"Sid":"IvsRead","Effect":"Allow","Action":["ivs:Get*","ivs:List*"],"Resource":"$p:ivs:$region:$account:*"},
{"Sid":"AlarmTopicKeysRead","Effect":"Allow","Action":["kms:DescribeKey","kms:GetKeyPolicy","kms:GetKeyRotationStatus","kms:ListResourceTags"],"Resource":"$p:kms:*:$account:key/*"},
{"Sid":"CloudFrontRead","Effect":"Allow","Action":["cloudfront:Get*","cloudfront:List*","cloudfront:Describe*"],"Resource":"$p:cloudfront::$account:*"},
{"Sid":"DnsRead","Effect":"Allow","Action":["acm:Describe*","acm:List*","acm:Get*","route53:Get*","route53:List*"],"Resource":["$p:acm:us-east-1:$account:certificate/*","$p:route53:::hostedzone/*"]},
{"Sid":"Unscoped","Effect":"Allow","Action":["sts:GetCallerIdentity","ivs:ListChannels","ivs:ListRecordingConfigurations","cloudfront:ListCachePolicies","cloudfront:ListDistributions","logs:DescribeLogGroups","acm:ListCertificates","kms:ListAliases"],"Resource":"*"}
]}
JSON
  )
}

if [[ -n "$print_account" ]]; then
  [[ "$print_account" =~ ^[0-9]{12}$ ]] || die "--account must be a 12-digit AWS account id, got '$print_account'"
  account=$print_account
  make_policies
  printf '{"boundaryArn":"%s",\n"boundary":%s,\n"release":%s,\n"plan":%s}\n' "$boundary_arn" "$boundary_policy" \
    "$deploy_policy" "$plan_policy"
  exit 0
fi

export AWS_REGION=$region
release_require_aws

created=() kept=()
account=$(aws sts get-caller-identity --query Account --output text) || die "no AWS credentials (aws sts get-caller-identity failed)"
make_policies
step "Account $account, region $region, repository $repo"

step "Terraform state bucket s3://$state_bucket"
if aws s3api head-bucket --bucket "$state_bucket" >/dev/null 2>&1; then
  kept+=("state bucket $state_bucket")
  info "exists"
else
  if [[ "$region" == us-east-1 ]]; then
    aws s3api create-bucket --bucket "$state_bucket" >/dev/null
  else
    aws s3api create-bucket --bucket "$state_bucket" --create-bucket-configuration "LocationConstraint=$region" >/dev/null
  fi
  created+=("state bucket $state_bucket")
  info "created"
fi
# The settings are re-applied every run: putting the same configuration is a no-op, and drift gets repaired.
aws s3api put-bucket-versioning --bucket "$state_bucket" --versioning-configuration Status=Enabled
aws s3api put-bucket-encryption --bucket "$state_bucket" --server-side-encryption-configuration \
  '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"},"BucketKeyEnabled":true}]}'
aws s3api put-public-access-block --bucket "$state_bucket" --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
aws s3api put-bucket-ownership-controls --bucket "$state_bucket" --ownership-controls \
  '{"Rules":[{"ObjectOwnership":"BucketOwnerEnforced"}]}'
aws s3api put-bucket-policy --bucket "$state_bucket" --policy "$(
  cat <<JSON
{"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*",
"Resource":["arn:aws:s3:::$state_bucket","arn:aws:s3:::$state_bucket/*"],
"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
JSON
)"
ok "versioned, encrypted (SSE-S3), public access blocked, owner enforced, TLS only"

step "GitHub OIDC identity provider"
provider_arn="arn:aws:iam::$account:oidc-provider/$OIDC_HOST"
if aws iam list-open-id-connect-providers --query 'OpenIDConnectProviderList[].Arn' --output text | tr '\t' '\n' | grep -qx "$provider_arn"; then
  kept+=("OIDC provider $provider_arn")
  info "exists: $provider_arn"
else
  provider_arn=$(aws iam create-open-id-connect-provider --url "https://$OIDC_HOST" \
    --client-id-list sts.amazonaws.com --thumbprint-list "$OIDC_THUMBPRINT" \
    --query OpenIDConnectProviderArn --output text)
  created+=("OIDC provider $provider_arn")
  info "created: $provider_arn"
fi

trust_policy() { # subject pattern
  cat <<JSON
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"$provider_arn"},
"Action":"sts:AssumeRoleWithWebIdentity","Condition":{
"StringEquals":{"$OIDC_HOST:aud":"sts.amazonaws.com"},
"StringLike":{"$OIDC_HOST:sub":"$1"}}}]}
JSON
}

ensure_role() { # name trust-json description
  local role=$1 trust=$2 description=$3
  if aws iam get-role --role-name "$role" >/dev/null 2>&1; then
    aws iam update-assume-role-policy --role-name "$role" --policy-document "$trust"
    kept+=("role $role (trust policy re-applied)")
    info "exists: trust policy re-applied"
  else
    aws iam create-role --role-name "$role" --assume-role-policy-document "$trust" \
      --description "$description" --max-session-duration 3600 >/dev/null
    created+=("role $role")
    info "created"
  fi
}

step "Permissions boundary $boundary_name (every role the release creates or changes carries it)"
if current=$(aws iam get-policy --policy-arn "$boundary_arn" --query Policy.DefaultVersionId --output text 2>/dev/null); then
  same=$(aws iam get-policy-version --policy-arn "$boundary_arn" --version-id "$current" --query PolicyVersion.Document --output json |
    python3 -c 'import json,sys,urllib.parse as u; d=sys.stdin.read(); d=json.loads(d); d=json.loads(u.unquote(d)) if isinstance(d,str) else d; print(d==json.loads(sys.argv[1]))' "$boundary_policy")
  if [[ "$same" == True ]]; then
    kept+=("policy $boundary_name")
    info "exists, unchanged"
  else
    # a managed policy keeps at most 5 versions: drop the oldest non-default one first
    # shellcheck disable=SC2016 # backticks are JMESPath literals, not command substitution
    mapfile -t old < <(aws iam list-policy-versions --policy-arn "$boundary_arn" \
      --query 'Versions[?IsDefaultVersion==`false`].VersionId' --output text | tr '\t' '\n' | grep . | sort -V)
    if ((${#old[@]} >= 4)); then aws iam delete-policy-version --policy-arn "$boundary_arn" --version-id "${old[0]}"; fi
    aws iam create-policy-version --policy-arn "$boundary_arn" --policy-document "$boundary_policy" --set-as-default >/dev/null
    kept+=("policy $boundary_name (new default version)")
    info "exists: new default version"
  fi
else
  aws iam create-policy --policy-name "$boundary_name" --policy-document "$boundary_policy" \
    --description "OnAir: the most a role made by the release may do" >/dev/null
  created+=("policy $boundary_name")
  info "created"
fi
ok "$boundary_arn"

step "Release role $role_name (tags v* of $repo)"
ensure_role "$role_name" "$(trust_policy "repo:$repo:ref:refs/tags/v*")" "OnAir release: GitHub Actions on tags v* of $repo"
aws iam put-role-policy --role-name "$role_name" --policy-name "$name-release" --policy-document "$deploy_policy"
deploy_role_arn=$(aws iam get-role --role-name "$role_name" --query Role.Arn --output text)
ok "$deploy_role_arn (inline policy $name-release)"

step "Plan role $plan_role_name (pull requests of $repo, read-only)"
ensure_role "$plan_role_name" "$(trust_policy "repo:$repo:pull_request")" "OnAir terraform plan: GitHub Actions pull requests of $repo"
aws iam put-role-policy --role-name "$plan_role_name" --policy-name "$name-plan" --policy-document "$plan_policy"
plan_role_arn=$(aws iam get-role --role-name "$plan_role_name" --query Role.Arn --output text)
ok "$plan_role_arn (inline read-only policy $name-plan)"

step "Summary"
for c in "${created[@]}"; do info "created: $c"; done
for k in "${kept[@]}"; do info "already there: $k"; done
echo "bootstrap: ${#created[@]} created, ${#kept[@]} already there"
cat <<NEXT

Set these in GitHub → $repo → Settings → Secrets and variables → Actions → Variables (no secrets needed):
  AWS_REGION            $region
  AWS_DEPLOY_ROLE_ARN   $deploy_role_arn
  AWS_PLAN_ROLE_ARN     $plan_role_arn
  AWS_PERMISSIONS_BOUNDARY_ARN  $boundary_arn
  TF_STATE_BUCKET       $state_bucket
  TF_STATE_KEY          $name/terraform.tfstate
And in Settings → Rules → Rulesets: protect tags 'v*' (only maintainers may create them): whoever can push a
v* tag can deploy.
NEXT
