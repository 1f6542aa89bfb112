"""One writer per data folder: a lock the window and the commands share.

The window, for its whole life, and every command that writes (ingest, re-index, remove, a change
of settings or models, setup) hold an exclusive advisory lock on ``<data folder>/desktop-gpt.lock``.
Commands that only read (list, search, ask, showing settings or models) take no lock, and never
repair the store: repairs write, so only the holder makes them. The operating system drops the lock
when its process ends, even on kill -9, so a lock is never stale. The holder writes who it is into
the file (pid, window or command, since when), for the others to say so in plain words.

Linux and macOS use ``flock``; Windows locks one byte far past the record with ``msvcrt.locking``
(so the record stays readable). The lock file is never removed or replaced: the lock is that file's.
A child made by ``fork`` closes its copy at once, so it never keeps the lock after its parent died.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType

from desktop_gpt.core.app.errors import DesktopGptError, FolderBusyError

LOCK_FILE = "desktop-gpt.lock"
WINDOW = "window"
COMMAND = "command"
RECORD_SIZE = 512  # the record is overwritten in place, padded, in one write: never seen half-written
POLL_SECONDS = 0.05
RECORD_WAIT_SECONDS = 1.0  # the holder writes its record just after it locks: a reader may wait for it
_WINDOWS_LOCK_OFFSET = 1 << 30
EXIT_BUSY = 75  # the exit code of a start refused because the folder is in use (EX_TEMPFAIL: try later)


@dataclass(frozen=True)
class Holder:
    """Who holds a data folder's lock, as it recorded itself."""

    pid: int
    role: str  # WINDOW or COMMAND
    command: str = ""  # e.g. "ingest", "models add"
    started: float = 0.0  # time.time() when it took the lock

    @property
    def who(self) -> str:
        if self.role == WINDOW:
            return f"The Desktop GPT window (pid {self.pid})"
        return f"The command “desktop-gpt {self.command or '…'}” (pid {self.pid})"

    def since(self, now: float | None = None) -> str:
        started, today = time.localtime(self.started), time.localtime(now)
        return time.strftime("%H:%M" if started[:3] == today[:3] else "%Y-%m-%d %H:%M", started)

    def busy_message(self) -> str:
        advice = "Close it, or do this in the window." if self.role == WINDOW else "Try again when it has finished."
        return f"{self.who} is using this data folder since {self.since()}. {advice}"

    def waiting_message(self) -> str:
        if self.role == WINDOW:
            return "Waiting for the Desktop GPT window to close…"
        return f"Waiting for “desktop-gpt {self.command or '…'}” (pid {self.pid}) to finish…"


UNKNOWN_BUSY = "Another Desktop GPT process is using this data folder. Try again when it has finished."
UNKNOWN_WAITING = "Waiting for another Desktop GPT process to finish with this data folder…"


class DataFolderLock:
    """The lock of one data folder. ``role`` is WINDOW or COMMAND; ``command`` names the command."""

    def __init__(self, data_dir: Path, role: str, command: str = "") -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOCK_FILE
        self.role = role
        self.command = command
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: float | None = 0.0, on_wait: Callable[[str], None] | None = None) -> DataFolderLock:
        """Take the lock, waiting ``wait`` seconds for it at most (0: not at all; None: until it is free).

        ``on_wait`` hears once, in plain words, what it waits for. Raises :class:`FolderBusyError`
        (saying who holds it and since when) when it is still taken, or :class:`DesktopGptError`
        when the data folder cannot be used at all."""
        if self._fd is not None:
            return self
        fd = self._open()
        try:
            deadline = None if wait is None else time.monotonic() + wait
            told = False
            while not _lock(fd, block=False):
                if deadline is not None and time.monotonic() >= deadline:
                    holder = self._busy_holder()
                    raise FolderBusyError(holder.busy_message() if holder else UNKNOWN_BUSY, holder)
                if on_wait is not None and not told:
                    holder = self._busy_holder()
                    on_wait(holder.waiting_message() if holder else UNKNOWN_WAITING)
                    told = True
                if deadline is None and _lock(fd, block=True):
                    break
                time.sleep(POLL_SECONDS)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        _HELD.add(self)
        record = json.dumps(asdict(Holder(os.getpid(), self.role, self.command, time.time())))
        _write_record(fd, record)
        return self

    def release(self) -> None:
        """Let the next process in (also done by the operating system when this one ends)."""
        fd, self._fd = self._fd, None
        _HELD.discard(self)
        if fd is None:
            return
        try:
            _write_record(fd, "")
            _unlock(fd)
        except OSError:
            pass  # closing the file drops the lock anyway
        finally:
            os.close(fd)

    def holder(self) -> Holder | None:
        """Who recorded itself as the holder, if that process still runs (the record may be a dead one's)."""
        try:
            with open(self.path, "rb") as fh:
                data = json.loads(fh.read(RECORD_SIZE).decode("utf-8").strip() or "null")
            holder = Holder(int(data["pid"]), str(data["role"]), str(data["command"]), float(data["started"]))
        except (OSError, ValueError, TypeError, KeyError):
            return None
        return holder if _alive(holder.pid) else None

    def _busy_holder(self) -> Holder | None:
        deadline = time.monotonic() + RECORD_WAIT_SECONDS
        while (holder := self.holder()) is None and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
        return holder

    def _open(self) -> int:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DesktopGptError(f"Cannot use the data folder {self.data_dir}: {exc.strerror or exc}.") from exc

    def __enter__(self) -> DataFolderLock:
        return self.acquire()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


_HELD: set[DataFolderLock] = set()  # held locks (kept alive while held, like their open files)


def _forget_in_child() -> None:
    """A forked child closes its copy of each lock (never unlocks it: the lock is its parent's)."""
    for lock in list(_HELD):
        fd, lock._fd = lock._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def _write_record(fd: int, text: str) -> None:
    data = text.encode("utf-8").ljust(RECORD_SIZE)[:RECORD_SIZE]
    if sys.platform == "win32":
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
    else:
        os.pwrite(fd, data, 0)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int, *, block: bool) -> bool:
        if block:
            return False  # msvcrt only waits ten seconds at most: the caller polls
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _alive(pid: int) -> bool:
        return True  # os.kill would end the process on Windows

else:
    import fcntl

    def _lock(fd: int, *, block: bool) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if block else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
