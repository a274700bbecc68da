#!/usr/bin/env bash
# The deployment test (tests/test_deploy.py) starts its own PostgreSQL from Debian's server binaries
# (initdb, pg_ctl, postgres) in a temporary directory on loopback. This installs them with apt-get when
# missing and we are root (CI, training-centre servers); otherwise says how. Idempotent: with the
# binaries present it changes nothing. The system service is never started (the test needs none).
set -euo pipefail

find_bindir() {
  local dir
  if command -v pg_ctl >/dev/null 2>&1; then
    dir="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

if dir="$(find_bindir)"; then
  echo "PostgreSQL server binaries present in $dir; nothing to install."
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's postgresql for the deployment test (the service is not started)…"
  # policy-rc.d exit 101 = "do not start services" for the package scripts; only ours is removed again.
  added_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    added_policy=yes
  fi
  trap '[ -n "$added_policy" ] && rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  if dir="$(find_bindir)"; then
    echo "Installed PostgreSQL server binaries in $dir."
  else
    echo "apt-get installed postgresql but initdb/pg_ctl/postgres were not found" >&2
    exit 1
  fi
else
  echo "PostgreSQL server binaries not found; the deployment test will be skipped" \
       "(install: sudo apt-get install postgresql)" >&2
fi
