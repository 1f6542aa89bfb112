#!/usr/bin/env bash
# Run the benchmark harness (same-run baselines): scripts/bench.sh [--quick]
# Results: benchmarks/results/summary.md, results.json and PNG plots.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m benchmarks.run "$@"
