"""Start-up of the built app: from process start to its main window shown, and to its library open.

    python -m benchmarks.frozen_start [APP] [--runs 3] [--json]

APP is the frozen app (default: dist/desktop-gpt/desktop-gpt, built by packaging/check.sh). It runs
on Qt's offscreen platform with ``DESKTOP_GPT_START_PROBE=1``, which makes the app print the moment
its window is shown and the moment its library is open, then quit (desktop_gpt/diagnostics/coldstart.py).
A first, untimed start installs the bundled models into a new data folder (as a new user's first
start does); the timed starts then find them there, as every later start does.

Baselines, measured in the same run and interleaved with it: the same binary's ``--version`` (the
frozen Python's own start and the command line's imports: the floor every start pays) and the
source tree's window (``python -m desktop_gpt.diagnostics.coldstart``). The goal of issue 17: the
window shown in at most 2 s (median of 3).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop_gpt.diagnostics.coldstart import PROBE_ENV

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 2.0


def _probed(command: list[str]) -> dict[str, float]:
    """Start ``command`` with the probe on; seconds from its start to each event it printed."""
    env = {**os.environ, PROBE_ENV: "1", "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    ended = time.monotonic()
    events = {line.split()[0]: float(line.split()[1]) - started for line in proc.stdout.splitlines()
              if line.split()[:1] in (["WELCOME"], ["SHOWN"], ["READY"], ["FAILED"])}  # fmt: skip
    if proc.returncode != 0 or "SHOWN" not in events or "READY" not in events:
        raise RuntimeError(f"{' '.join(command)} did not start (exit {proc.returncode}): {proc.stderr[-1500:]}")
    return {"shown": events["SHOWN"], "ready": events["READY"], "exit": ended - started, **(
        {"welcome": events["WELCOME"]} if "WELCOME" in events else {})}  # fmt: skip


def _version(app: Path) -> float:
    started = time.monotonic()
    subprocess.run([str(app), "--version"], capture_output=True, check=True, timeout=120)
    return time.monotonic() - started


def _summary(values: list[float]) -> dict[str, Any]:
    return {"median_s": round(statistics.median(values), 3), "runs_s": [round(v, 3) for v in values]}


def measure(app: Path, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="desktop-gpt-start-") as tmp:
        data = Path(tmp) / "data"
        frozen = [str(app), "--data-dir", str(data)]
        source = [sys.executable, "-m", "desktop_gpt.diagnostics.coldstart", str(data)]
        first = _probed(frozen)  # installs the bundled models; warms the page cache
        timed: dict[str, list[float]] = {k: [] for k in ("shown", "ready", "version", "source_shown", "source_ready")}
        for _ in range(runs):
            run = _probed(frozen)
            timed["shown"].append(run["shown"])
            timed["ready"].append(run["ready"])
            timed["version"].append(_version(app))
            run = _probed(source)
            timed["source_shown"].append(run["shown"])
            timed["source_ready"].append(run["ready"])
    result: dict[str, Any] = {key: _summary(values) for key, values in timed.items()}
    if "welcome" not in first:
        raise RuntimeError("the first start did not show the welcome")
    # The welcome is the first window a new user sees; the probe skips it.
    result["first_start"] = {f"{key}_s": round(first[key], 3) for key in ("welcome", "shown", "ready")}
    result["shown_vs_version"] = round(result["shown"]["median_s"] / result["version"]["median_s"], 2)
    result["shown_vs_source"] = round(result["shown"]["median_s"] / result["source_shown"]["median_s"], 2)
    result["goal_met"] = result["shown"]["median_s"] <= GOAL_S
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    result["cpus"] = os.cpu_count()
    return result


def describe(r: dict[str, Any], runs: int) -> str:
    def span(key: str) -> str:
        values = r[key]["runs_s"]
        return f"{r[key]['median_s']:.2f} s ({min(values):.2f}–{max(values):.2f})"

    first = r["first_start"]
    return (
        f"frozen start, median of {runs}: window shown {span('shown')}, library open {span('ready')}; "
        f"its --version {span('version')} (shown/--version {r['shown_vs_version']:.2f}×); the source tree's "
        f"window {span('source_shown')} (frozen/source {r['shown_vs_source']:.2f}×), library open "
        f"{span('source_ready')}; first start (installing the models): welcome shown "
        f"{first['welcome_s']:.2f} s, then the window {first['shown_s']:.2f} s. "
        f"Goal ≤ {GOAL_S:.0f} s: {'met' if r['goal_met'] else 'NOT met'} "
        f"(load average {r['load_average'][0]:.1f} on {r['cpus']} CPUs)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", nargs="?", default=str(ROOT / "dist" / "desktop-gpt" / "desktop-gpt"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    app = Path(args.app).resolve()
    if not app.is_file():
        print(f"frozen_start: no built app at {app} (build it: packaging/check.sh)", file=sys.stderr)
        return 1
    try:
        result = measure(app, args.runs)
    except (RuntimeError, subprocess.SubprocessError) as exc:
        print(f"frozen_start: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=1) if args.json else describe(result, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
