"""A real process that holds a data folder's lock until its stdin closes (or it is killed).

``python -m tests.lockholder DATA_DIR ROLE [COMMAND] [--fork]`` prints ``locked PID`` once it holds
the lock (with ``--fork``, PID is a forked child's, which lives as long as stdin stays open).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def hold(
    data_dir: Path, role: str = "window", command: str = "", fork: bool = False
) -> tuple[subprocess.Popen[str], int]:
    """Start a holder; return it and the pid it printed once it holds the lock (see :func:`release`)."""
    argv = [sys.executable, "-m", "tests.lockholder", str(data_dir), role, command, *(["--fork"] if fork else [])]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the holder exits (so this returns) if it cannot lock
    assert line.startswith("locked "), f"the holder did not lock: {line!r}"
    return proc, int(line.split()[1])


def release(proc: subprocess.Popen[str]) -> int:
    """Let the holder go and wait for it to exit."""
    assert proc.stdin is not None
    if not proc.stdin.closed:
        proc.stdin.close()
    return proc.wait(timeout=60)


def main() -> None:
    from desktop_gpt.core.app.lock import DataFolderLock

    data_dir, role, command = sys.argv[1], sys.argv[2], sys.argv[3]
    DataFolderLock(Path(data_dir), role, command).acquire()
    pid = os.getpid()
    if "--fork" in sys.argv:
        pid = os.fork()
        if pid == 0:  # the child: lives until stdin closes
            sys.stdin.read()
            os._exit(0)
    print(f"locked {pid}", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
