#!/usr/bin/env bash
# The wheel carries everything `advisor` needs: build it from the working tree, install it into a fresh venv
# in a temporary folder (CPU torch first, as the Makefile does), and answer one question from another folder
# with the network shut off for Python (offline variables, proxies to a closed port) and a clean environment,
# so the answer can only come from the installed package: its code, its corpus/ and prompts/ (package data)
# and an index it builds in the user's data folder (here a temporary HOME). Needs the package registry for the
# install only. Run by `make wheel-smoke` and at the end of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"  # for the fresh venv, as the Makefile's; .venv (make setup) builds the wheel
QUESTION="贵州雷山县怎么发展农村电商？"
work="$(mktemp -d "${TMPDIR:-/tmp}/advisor-wheel-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$SECONDS

# A copy of the tracked and new (not ignored) files: no stale build/ or egg-info, no data/ or .venv.
mkdir "$work/src"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -xf - -C "$work/src"
.venv/bin/pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$work/src"
wheel=("$work"/dist/rural_ecommerce_advisor-*.whl)
contents="$(.venv/bin/python -m zipfile -l "${wheel[0]}")"
for needed in advisor/corpus/pei2026.zh.md advisor/corpus/rules/strategies.yaml advisor/prompts/composer.yaml; do
  grep -qF "$needed " <<<"$contents" || { echo "wheel-smoke: $needed is not in the wheel" >&2; exit 1; }
done

"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --upgrade pip
"$work/venv/bin/pip" install --quiet torch==2.13.0  # the CPU build first (see Makefile)
"$work/venv/bin/pip" install --quiet "${wheel[0]}"
installed=$((SECONDS - started))

mkdir -p "$work/elsewhere" "$work/home"
cd "$work/elsewhere"
dead=http://127.0.0.1:9
answer="$(env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 HF_HUB_OFFLINE=1 \
  http_proxy=$dead https_proxy=$dead HTTP_PROXY=$dead HTTPS_PROXY=$dead ALL_PROXY=$dead no_proxy= NO_PROXY= \
  "$work/venv/bin/advisor" ask "$QUESTION")"
if ! grep -q "西部" <<<"$answer"; then
  echo "wheel-smoke: the answer does not mention 西部:" >&2
  echo "$answer" >&2
  exit 1
fi
[ -d "$work/home/.local/share/rural-ecommerce-advisor/chroma" ] || {
  echo "wheel-smoke: the index is not in the user's data folder (~/.local/share/rural-ecommerce-advisor)" >&2
  exit 1
}
echo "wheel-smoke: ok in $((SECONDS - started)) s (build and install $installed s): the installed wheel answered" \
  "'$QUESTION' from another folder, offline"
