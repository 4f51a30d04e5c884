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

# --- What is deployed, and what a release tag changes relative to it -------------------------------------------
# A release deploys a part (frontend, lambda, terraform) when a file under it changed between the commit that part
# was last deployed from and the tag. Each part records that commit where the release reads it back and where it
# stays true when a deploy fails or is rolled back:
#   lambda     the description of the version behind the alias ("<label> <commit>", deploy-lambda --commit): it
#              moves with the alias, so deploy-lambda's own rollback and scripts/rollback change it too
#   frontend   metadata onair-commit on the site bucket's index.html, set last by deploy-frontend --commit (after the
#              invalidation): the page itself says what it was built from
#   terraform  an object beside the Terraform state (<state key>.release), written after a successful apply
# An unknown commit (nothing recorded, a record from before this scheme, a commit this clone does not have) deploys
# the part: never skip what cannot be shown to be deployed.

RELEASE_COMMIT_RE='[0-9a-f]{40}'

# The commit in a Lambda version description "<label> <commit>", or nothing.
release_commit_of() { grep -oE "(^| )$RELEASE_COMMIT_RE\$" <<<"${1:-}" | tr -d ' ' || true; }

# release_deployed_lambda ALIAS FUNCTION...: the commit behind ALIAS of every FUNCTION when they all agree, else
# nothing (one function rolled back alone, or no commit recorded).
release_deployed_lambda() {
  local alias=$1 fn version commit all=''
  shift
  for fn in "$@"; do
    version=$(alias_version "$fn" "$alias")
    [[ -n "$version" && "$version" != None ]] || return 0
    commit=$(release_commit_of "$(aws lambda get-function-configuration --function-name "$fn" --qualifier "$version" \
      --query Description --output text 2>/dev/null || true)")
    [[ -n "$commit" ]] || return 0
    [[ -z "$all" || "$all" == "$commit" ]] || return 0
    all=$commit
  done
  printf '%s' "$all"
}

# release_deployed_frontend SITE_BUCKET: the commit the page in the bucket was deployed from, or nothing.
release_deployed_frontend() {
  local commit
  commit=$(aws s3api head-object --bucket "$1" --key index.html --query 'Metadata."onair-commit"' --output text 2>/dev/null || true)
  if [[ "$commit" =~ ^$RELEASE_COMMIT_RE$ ]]; then printf '%s' "$commit"; fi
}

# release_record_frontend SITE_BUCKET COMMIT: marks index.html as deployed from COMMIT (a copy onto itself with the
# same body, Cache-Control and Content-Type: S3 replaces metadata only by copying).
release_record_frontend() {
  local bucket=$1 commit=$2
  [[ "$commit" =~ ^$RELEASE_COMMIT_RE$ ]] || die "not a full commit id: '$commit'"
  aws s3api copy-object --bucket "$bucket" --key index.html --copy-source "$bucket/index.html" \
    --metadata-directive REPLACE --metadata "onair-commit=$commit" \
    --cache-control no-cache --content-type 'text/html; charset=utf-8' --query CopyObjectResult.ETag --output text >/dev/null
}

# release_deployed_terraform s3://BUCKET/KEY: the commit recorded after the last successful apply, or nothing.
release_deployed_terraform() {
  local body
  body=$(aws s3 cp --only-show-errors "$1" - 2>/dev/null || true)
  body=${body%% *}
  if [[ "$body" =~ ^$RELEASE_COMMIT_RE$ ]]; then printf '%s' "$body"; fi
}

# release_record_terraform s3://BUCKET/KEY COMMIT LABEL
release_record_terraform() {
  [[ "$2" =~ ^$RELEASE_COMMIT_RE$ ]] || die "not a full commit id: '$2'"
  printf '%s %s\n' "$2" "$3" | aws s3 cp --only-show-errors - "$1"
}

# release_state_outputs s3://BUCKET/KEY NAME...: the named outputs of a Terraform state object, one "name=value" a
# line (missing ones left out); nothing at all when the state does not exist yet (first release).
release_state_outputs() {
  local state=$1
  shift
  aws s3 cp --only-show-errors "$state" - 2>/dev/null | python3 -c '
import json, sys
try:
    outputs = json.load(sys.stdin).get("outputs", {})
except ValueError:
    sys.exit(0)
for name in sys.argv[1:]:
    v = outputs.get(name, {}).get("value")
    if isinstance(v, str) and "\n" not in v:
        print(f"{name}={v}")
' "$@" || true
}

# What a release tag changes, as key=value lines (for $GITHUB_OUTPUT):
#   release_changes TAG [frontend=COMMIT] [lambda=COMMIT] [terraform=COMMIT]
# version, previous (the previous v*.*.* tag reachable from this one: release notes only), and for each of frontend
# lambda terraform: true when a file under that folder changed between the commit it is deployed from and the tag,
# true as well when that commit is not given, empty or not in this clone (see above), plus <part>_base=COMMIT.
release_changes() {
  local tag=$1 prev='' part base arg changed
  shift
  release_check_label "$tag"
  git rev-parse -q --verify "refs/tags/$tag" >/dev/null || die "tag $tag not found (fetch tags: checkout with fetch-depth: 0)"
  declare -A deployed=()
  for arg in "$@"; do
    [[ "$arg" =~ ^(frontend|lambda|terraform)=(.*)$ ]] || die "release_changes: '$arg' is not frontend|lambda|terraform=COMMIT"
    deployed[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
  done
  prev=$(git describe --tags --abbrev=0 --match 'v[0-9]*.[0-9]*.[0-9]*' "$tag^" 2>/dev/null || true)
  echo "version=${tag#v}"
  echo "previous=$prev"
  for part in frontend lambda terraform; do
    base=${deployed[$part]:-}
    if [[ -z "$base" ]] || ! git cat-file -e "$base^{commit}" 2>/dev/null; then
      echo "$part=true"
      echo "${part}_base="
      continue
    fi
    changed=$(git diff --name-only "$base" "$tag")
    # the parent pom.xml builds the function too
    if grep -q "^$part/" <<<"$changed" || { [[ $part == lambda ]] && grep -qx pom.xml <<<"$changed"; }; then
      echo "$part=true"
    else
      echo "$part=false"
    fi
    echo "${part}_base=$base"
  done
}

# The release workflow's change set: release_changes TAG against the commits recorded for what is deployed in the
# stack whose Terraform state is s3://BUCKET/KEY (the first release, with no state yet, deploys everything).
release_changes_from_state() {
  local tag=$1 state=$2 k v lambda='' frontend='' terraform=''
  declare -A out=()
  while IFS='=' read -r k v; do out[$k]=$v; done < <(release_state_outputs "$state" \
    status_function_name events_function_name live_alias_name site_bucket)
  if [[ -n "${out[live_alias_name]:-}" && -n "${out[status_function_name]:-}" && -n "${out[events_function_name]:-}" ]]; then
    lambda=$(release_deployed_lambda "${out[live_alias_name]}" "${out[status_function_name]}" "${out[events_function_name]}")
  fi
  [[ -z "${out[site_bucket]:-}" ]] || frontend=$(release_deployed_frontend "${out[site_bucket]}")
  terraform=$(release_deployed_terraform "$state.release")
  release_changes "$tag" "frontend=$frontend" "lambda=$lambda" "terraform=$terraform"
}
