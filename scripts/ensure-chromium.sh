#!/usr/bin/env bash
# Browser tests drive Debian's headless Chromium (never a browser downloaded by a test tool).
# Installs it with apt-get when missing and we are root (CI, training-centre servers); otherwise says how.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "chromium is not installed; browser tests will be skipped (install: sudo apt-get install chromium)" >&2
fi
