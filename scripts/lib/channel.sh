# shellcheck shell=bash
# The channel's info on the command side (scripts/channel, scripts/deploy-frontend). Source after common.sh and
# release.sh. Validation and rendering live in scripts/lib/channel.mjs (rules from the API contract).

CHANNEL_MJS="$ONAIR_ROOT/scripts/lib/channel.mjs"
# the aws CLI (Python) must print a title like "Café 🎥" whatever the locale
export PYTHONIOENCODING=utf-8

# The page's public URL: ONAIR_VIEWER_URL, else the local platform's edge (ONAIR_EDGE_URL), else the Terraform
# output viewer_url of DIR. Prints nothing when none is known.
channel_viewer_url() { # tf_dir
  if [[ -n "${ONAIR_VIEWER_URL:-}" ]]; then printf '%s' "$ONAIR_VIEWER_URL"; return 0; fi
  if [[ -n "${ONAIR_EDGE_URL:-}" ]]; then printf '%s' "$ONAIR_EDGE_URL"; return 0; fi
  terraform -chdir="$1" output -raw viewer_url 2>/dev/null || true
}

# The stored info as JSON ('{}' when the parameter does not exist yet). Fails when SSM cannot be read: a caller
# that renders must not replace the previews with defaults because of an outage.
channel_read_info() { # parameter
  local out
  if out=$(aws ssm get-parameter --name "$1" --query Parameter.Value --output text 2>&1); then
    printf '%s' "$out"
  elif [[ "$out" == *ParameterNotFound* ]]; then
    printf '{}'
  else
    printf '%s\n' "$out" >&2
    return 1
  fi
}

# Renders HTML_IN into HTML_OUT with the info of PARAMETER for the page at VIEWER_URL.
channel_render_page() { # parameter viewer_url html_in html_out
  local info
  info=$(mktemp)
  channel_read_info "$1" >"$info" || { rm -f "$info"; return 1; }
  node "$CHANNEL_MJS" render --html "$3" --info "$info" --viewer-url "$2" >"$4" || { rm -f "$info"; return 1; }
  rm -f "$info"
}
