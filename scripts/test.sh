#!/usr/bin/env bash
# One command for a fresh machine: install everything the tests need, then run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m ruff check desktop_gpt tests packaging benchmarks
.venv/bin/python -m ruff format --check desktop_gpt tests packaging benchmarks
.venv/bin/python -m mypy
exec .venv/bin/python -m pytest "$@"
