#!/usr/bin/env bash
# Browser tests drive Debian's headless Chromium (never a browser downloaded by a test tool), with a Chinese
# font so screenshots show the page as a user sees it (without one every Chinese character is a box).
# Installs what is missing with apt-get when we are root (CI, training-centre servers); otherwise says how.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "${missing[*]} not installed; browser tests skip or show boxes (install: sudo apt-get install ${missing[*]})" >&2
fi
