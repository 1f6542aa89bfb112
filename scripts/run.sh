#!/usr/bin/env bash
# One command for a fresh machine: install everything, fetch the starter models, start the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/desktop-gpt "$@"
