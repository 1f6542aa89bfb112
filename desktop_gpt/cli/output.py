"""How the command line talks: a progress line on a terminal, plain lines elsewhere, sizes, JSON."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

FINISHED = ("added", "replaced", "unchanged", "failed", "unsupported")


class ProgressLine:
    """Ingest progress on stderr: a one-line bar on a terminal; otherwise one line per finished file
    (so a log, or a program watching the command, sees how far it got)."""

    def __init__(self) -> None:
        self.terminal = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, progress: object) -> None:
        stage = getattr(progress, "stage", "")
        name = Path(str(getattr(progress, "path", ""))).name
        if not self.terminal:
            if stage in FINISHED:
                index, count = getattr(progress, "file_index", 0), getattr(progress, "file_count", 0)
                print(f"[{index + 1}/{count}] {stage} {name}", file=sys.stderr, flush=True)
            return
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        overall = getattr(progress, "overall", 0.0)
        width = 30
        filled = int(width * overall)
        elapsed = now - self.started
        eta = f" ETA {elapsed / overall - elapsed:4.0f}s" if overall > 0.02 else ""
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {overall:4.0%}{eta} {stage:9} {name[:30]:30}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.terminal:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


def size(n: int) -> str:
    return f"{n / 2**30:.2f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


def print_json(value: object) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))
