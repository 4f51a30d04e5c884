# shellcheck shell=bash
# Helpers shared by the release and operations scripts (deploy-lambda, rollback, stream-key, deploy-frontend,
# replay-failed-events).
# Source it after scripts/lib/common.sh. Every AWS call goes through the aws CLI with the standard environment
# (AWS_REGION, credentials, and locally AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>), so the same script runs
# in GitHub Actions and against the local platform.

# aws CLI v1 reads AWS_DEFAULT_REGION, GitHub's configure-aws-credentials and the local platform set AWS_REGION:
# accept either and export both.
release_require_aws() {
  have aws || die "aws CLI not found (install awscli)"
  local region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
  [[ -n "$region" ]] || die "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION)"
  export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
  # Never page, never prompt: these scripts run unattended.
  export AWS_PAGER=""
}

# aws sqs ...: the aws CLI v1 pins SQS in us-east-1 to https://queue.amazonaws.com and ignores AWS_ENDPOINT_URL
# for it, so a configured endpoint (the local platform) is passed explicitly. CLI v2 and real AWS: unchanged.
aws_sqs() {
  local endpoint=${AWS_ENDPOINT_URL_SQS:-${AWS_ENDPOINT_URL:-}}
  if [[ -n "$endpoint" ]]; then aws --endpoint-url "$endpoint" sqs "$@"; else aws sqs "$@"; fi
}

# A release label is a semver tag: v1.2.3 or v1.2.3-rc.1 (the rehearsal uses v0.0.1-rehearsal.N).
release_check_label() {
  [[ "$1" =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
    die "release label '$1' is not a semver tag like v1.2.3 or v1.2.3-rc.1"
}

# The version an alias points at (a number), or nothing when the alias does not exist.
alias_version() {
  local fn=$1 alias=$2
  aws lambda get-alias --function-name "$fn" --name "$alias" --query FunctionVersion --output text 2>/dev/null || true
}

# Published version numbers of a function, ascending, one a line ($LATEST excluded).
published_versions() {
  local fn=$1
  aws lambda list-versions-by-function --function-name "$fn" --query 'Versions[].Version' --output text |
    tr '\t' '\n' | grep -E '^[0-9]+$' | sort -n
}

# Move an alias to a version; prints nothing.
move_alias() {
  local fn=$1 alias=$2 version=$3
  aws lambda update-alias --function-name "$fn" --name "$alias" --function-version "$version" \
    --query FunctionVersion --output text >/dev/null
}

# Read one Terraform output (raw) from a working directory, or die naming it.
tf_output() {
  local dir=$1 name=$2 value
  have terraform || die "terraform not found (needed to read output '$name' from $dir)"
  value=$(terraform -chdir="$dir" output -raw "$name" 2>/dev/null) ||
    die "could not read Terraform output '$name' in $dir (applied? right directory?)"
  printf '%s' "$value"
}

# What a release tag changes, as key=value lines (for $GITHUB_OUTPUT): version, previous (the previous v*.*.*
# tag reachable from this one, empty for the first release) and, for each of frontend lambda terraform,
# true when a file under that folder changed since the previous tag (always true for the first release).
release_changes() {
  local tag=$1 prev='' changed part
  release_check_label "$tag"
  git rev-parse -q --verify "refs/tags/$tag" >/dev/null || die "tag $tag not found (fetch tags: checkout with fetch-depth: 0)"
  prev=$(git describe --tags --abbrev=0 --match 'v[0-9]*.[0-9]*.[0-9]*' "$tag^" 2>/dev/null || true)
  echo "version=${tag#v}"
  echo "previous=$prev"
  if [[ -n "$prev" ]]; then
    changed=$(git diff --name-only "$prev" "$tag")
  fi
  for part in frontend lambda terraform; do
    # the parent pom.xml builds the function too
    if [[ -z "$prev" ]] || grep -q "^$part/" <<<"$changed" || { [[ $part == lambda ]] && grep -qx pom.xml <<<"$changed"; }; then echo "$part=true"; else echo "$part=false"; fi
  done
}
