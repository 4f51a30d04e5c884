# shellcheck shell=bash
# Shared helpers for OnAir scripts. Source it; do not run it.
# Every script: set -euo pipefail, --help, progress lines through step/info/warn/die.

ONAIR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ONAIR_ROOT
# Runtime state of the local platform and of test runs (gitignored).
ONAIR_STATE_DIR="${ONAIR_STATE_DIR:-$ONAIR_ROOT/.local}"
export ONAIR_STATE_DIR

if [[ -t 1 ]]; then _b=$'\e[1m'; _r=$'\e[31m'; _y=$'\e[33m'; _g=$'\e[32m'; _n=$'\e[0m'; else _b='' _r='' _y='' _g='' _n=''; fi
step() { printf '%s==> %s%s\n' "$_b" "$*" "$_n"; }
info() { printf '    %s\n' "$*"; }
ok()   { printf '    %sok%s %s\n' "$_g" "$_n" "$*"; }
warn() { printf '%swarning:%s %s\n' "$_y" "$_n" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$_r" "$_n" "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }

# A free TCP port on loopback, chosen by the kernel.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Wait until a TCP port on loopback accepts connections (default 60 s).
wait_for_port() {
  local port=$1 what=${2:-port $1} timeout=${3:-60} i
  for ((i = 0; i < timeout * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  die "$what did not open 127.0.0.1:$port within ${timeout}s"
}

# Directory holding the offline hashicorp/aws provider (the unpacked mirror layout).
terraform_mirror_dir() {
  local bin dir
  # Look where the image puts it first; a whole-disk search is the slow fallback.
  # (-print -quit and || true: find exits non-zero on unreadable paths, which must not abort under pipefail)
  for dir in /opt/tf-plugins /usr/share/terraform/plugins "$HOME/.terraform.d/plugins" /; do
    [[ -d $dir ]] || continue
    bin=$(find "$dir" -path '*registry.terraform.io/hashicorp/aws/*/terraform-provider-aws*' -type f -print -quit 2>/dev/null || true)
    [[ -n "$bin" ]] && break
  done
  [[ -n "$bin" ]] || die "no offline hashicorp/aws provider found on this machine (looked for registry.terraform.io/hashicorp/aws/*)"
  # .../<mirror>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_*
  dirname "$(dirname "$(dirname "$(dirname "$(dirname "$(dirname "$bin")")")")")"
}

# Point Terraform at the offline mirror only (never the internet): writes a CLI config and exports it.
use_offline_terraform() {
  local mirror cfg="$ONAIR_STATE_DIR/terraformrc"
  mirror=$(terraform_mirror_dir)
  mkdir -p "$ONAIR_STATE_DIR"
  cat >"$cfg" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
CFG
  export TF_CLI_CONFIG_FILE="$cfg"
  export TF_IN_AUTOMATION=1
  export CHECKPOINT_DISABLE=1
}

# terraform init of DIR for checks: no backend, providers from the offline mirror, and the committed lock file
# must already match it (-lockfile=readonly: init never rewrites it). Call use_offline_terraform first.
init_terraform_for_checks() {
  terraform -chdir="$1" init -backend=false -input=false -lockfile=readonly >/dev/null ||
    die "terraform init failed (is the provider mirror in place? see scripts/lib/common.sh)"
}
