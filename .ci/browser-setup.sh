#!/usr/bin/env bash
# Installs what the real-browser tests need on a fresh machine: Debian's Chromium, Node.js, and
# the pinned npm packages (playwright-core, axe-core). Offline once installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
fi
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
/usr/bin/chromium --version
