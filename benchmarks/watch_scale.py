"""Watched folders at scale: a tree of 10,000 files, indexed once, then rescanned as at start-up.

    python -m benchmarks.watch_scale [--files N] [--json]

Every step runs the real command line in its own process (``desktop-gpt watch add`` / ``sync``), so
the time and peak memory are what a person's start-up pass costs: the walk, a ``stat`` per file and
the comparison with what was seen last time. Measured: the first pass (indexing every file), a pass
with nothing changed, and a pass after 1% of the files were edited, deleted or moved.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import sentence

ROOT = Path(__file__).resolve().parent.parent


def build_tree(root: Path, files: int, seed: int = 3) -> list[Path]:
    """``files`` short notes in folders of 100 (a few per folder nested one level deeper)."""
    rng = random.Random(seed)
    made = []
    for index in range(files):
        folder = root / f"matter-{index // 100:03d}" / ("drafts" if index % 10 == 0 else "")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"note-{index:05d}.txt"
        path.write_text(f"Note {index}. " + " ".join(sentence(rng) for _ in range(3)) + "\n", encoding="utf-8")
        made.append(path)
    return made


def cli(data_dir: Path, *args: str) -> dict[str, Any]:
    """One command in its own process: its wall time, its own peak memory (RSS) and JSON output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "desktop_gpt", "--data-dir", str(data_dir), *args, "--json"],
            stdout=out, stderr=err, cwd=ROOT, text=True,
        )  # fmt: skip
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{args}: {stderr[-2000:]}")
    lines = stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(("{", "["))), None)
    if start is None:
        raise RuntimeError(f"{args}: no report (exit {proc.returncode}): {stderr[-3000:]}")
    report = json.loads("\n".join(lines[start:]))
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024), "report": report}


def run(files: int, models: Path, work: Path) -> dict[str, Any]:
    data_dir = work / "data"
    (data_dir / "models").mkdir(parents=True)
    for model in models.iterdir():
        (data_dir / "models" / model.name).symlink_to(model.resolve())
    tree = work / "tree"
    print(f"  building {files} files", file=sys.stderr, flush=True)
    paths = build_tree(tree, files)
    print("  first pass (indexing)", file=sys.stderr, flush=True)
    first = cli(data_dir, "watch", "add", str(tree))
    print("  rescan, nothing changed", file=sys.stderr, flush=True)
    idle = cli(data_dir, "sync")
    rng = random.Random(5)
    chosen = rng.sample(paths, max(3, files // 100))
    third = len(chosen) // 3
    for path in chosen[:third]:
        path.write_text(path.read_text(encoding="utf-8") + " An amendment was added.\n", encoding="utf-8")
    for path in chosen[third : 2 * third]:
        path.unlink()
    moved_to = tree / "archive"
    moved_to.mkdir()
    for path in chosen[2 * third :]:
        os.rename(path, moved_to / path.name)
    print("  rescan after 1% changed", file=sys.stderr, flush=True)
    changed = cli(data_dir, "sync")
    summary = {
        "files": files,
        "first": {"seconds": first["seconds"], "peak_rss_mb": first["peak_rss_mb"]},
        "idle": {"seconds": idle["seconds"], "hashed": idle["report"]["hashed"], "peak_rss_mb": idle["peak_rss_mb"]},
        "changed": {
            "seconds": changed["seconds"],
            "hashed": changed["report"]["hashed"],
            "peak_rss_mb": changed["peak_rss_mb"],
            "moved": len(changed["report"]["moved"]),
            "removed": len(changed["report"]["removed"]),
            "indexed": sum(1 for r in changed["report"]["results"] if r["outcome"] in ("added", "replaced")),
        },
    }
    # Listing the library: the same start (program, LanceDB, the store opened); a pass costs the rest.
    baseline = cli(data_dir, "list")
    summary["program_start_seconds"] = baseline["seconds"]
    return summary


def summary_lines(r: dict[str, Any]) -> list[str]:
    idle, changed = r["idle"], r["changed"]
    return [
        f"Watched folder of {r['files']:,} files (`desktop-gpt sync`, each pass a fresh process; starting the "
        f"program and opening the library, as `desktop-gpt list` does, takes {r['program_start_seconds']:.1f} s):",
        "",
        "| pass | time | files read | peak memory |",
        "|---|---|---|---|",
        f"| first (indexes every file) | {r['first']['seconds']:.0f} s | {r['files']:,} | "
        f"{r['first']['peak_rss_mb']} MB |",
        f"| start-up rescan, nothing changed | {idle['seconds']:.1f} s | {idle['hashed']} | {idle['peak_rss_mb']} MB |",
        f"| after 1% edited, deleted or moved | {changed['seconds']:.1f} s | {changed['hashed']} "
        f"({changed['indexed']} indexed, {changed['moved']} moved, {changed['removed']} removed) | "
        f"{changed['peak_rss_mb']} MB |",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from benchmarks.run import models_dir

    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        results = run(args.files, models_dir(), Path(tmp))
    print(json.dumps(results, indent=2) if args.json else "\n".join(summary_lines(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
