#!/usr/bin/env bash
# Browser tests drive Debian's headless Chromium (never a browser downloaded by a test tool), with a Chinese
# font so screenshots show the page as a user sees it (without one every Chinese character is a box), and a
# TrueType Chinese font for the PDF exports to embed.
# Installs what is missing with apt-get when we are root (CI, training-centre servers); otherwise says how.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
# A TrueType Chinese font the PDF exports can embed (reportlab cannot embed Noto's CFF outlines).
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "${missing[*]} not installed; browser tests skip or show boxes (install: sudo apt-get install ${missing[*]})" >&2
fi
