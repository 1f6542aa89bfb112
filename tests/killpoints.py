"""Kill a real process with SIGKILL at a chosen file-system step of its writes.

The process runs under ``strace -f``, which pauses every thread for a moment right after each
rename, link or unlink (the steps by which LanceDB, and our own atomic writes, make a change
durable and visible). The test counts those steps as strace reports them and sends SIGKILL while
the process is paused after step ``k``: a real ``kill -9`` at a known point, repeatable for every k.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

STEP_CALLS = "rename,renameat,renameat2,link,linkat,unlink,unlinkat"
PAUSE_MICROSECONDS = 30_000


@dataclass
class KillResult:
    killed: bool  # False when the command finished before step k
    steps_seen: int
    last_step: str  # the strace line of the step the kill followed
    returncode: int
    stderr: str


def steps_under(data_dir: Path, line: str) -> bool:
    """A step that touches the data folder (the interpreter also renames and unlinks temporary files)."""
    return str(data_dir) in line and "ENOENT" not in line and "<unfinished" not in line


def command_pid(tracer: int) -> int:
    """The traced command: strace's own child (its helper processes are the command's children)."""
    children = Path(f"/proc/{tracer}/task/{tracer}/children").read_text().split()
    return int(children[0])


def run_killed_at(argv: list[str], step: int, data_dir: Path, env: dict[str, str] | None = None) -> KillResult:
    """Run ``argv`` and SIGKILL it right after its ``step``-th write step in ``data_dir`` (1-based)."""
    strace = shutil.which("strace")
    if strace is None:
        raise RuntimeError("strace is needed (scripts/setup.sh --test installs it)")
    read_end, write_end = os.pipe()
    tracer = subprocess.Popen(
        [strace, "-f", "-qq", "-o", f"/dev/fd/{write_end}", f"--trace={STEP_CALLS}",
         f"--inject={STEP_CALLS}:delay_exit={PAUSE_MICROSECONDS}", "--", *argv],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(write_end,), env=env, text=True,
    )  # fmt: skip
    os.close(write_end)
    seen, last, killed = 0, "", False
    with os.fdopen(read_end, encoding="utf-8", errors="replace") as trace:
        for line in trace:
            if killed or not steps_under(data_dir, line):
                continue
            seen += 1
            if seen == step:
                last = line.strip()
                os.kill(command_pid(tracer.pid), signal.SIGKILL)  # its helpers die with it
                killed = True
    _, stderr = tracer.communicate(timeout=300)
    return KillResult(killed, seen, last, tracer.returncode, stderr)
