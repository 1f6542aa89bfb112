"""One writer per data folder: the lock, held by real processes (no model, no store)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import FolderBusyError
from desktop_gpt.core.app.lock import COMMAND, WINDOW, DataFolderLock
from tests.lockholder import hold, release


def test_a_second_writer_is_refused_and_told_who_holds_the_folder(tmp_path: Path) -> None:
    holder, pid = hold(tmp_path, WINDOW)
    try:
        with pytest.raises(FolderBusyError) as refused:
            DataFolderLock(tmp_path, COMMAND, "ingest").acquire()
        assert refused.value.holder is not None and refused.value.holder.pid == pid == holder.pid
        since = time.strftime("%H:%M", time.localtime(refused.value.holder.started))
        assert str(refused.value) == (
            f"The Desktop GPT window (pid {pid}) is using this data folder since {since}. "
            "Close it, or do this in the window."
        )
    finally:
        assert release(holder) == 0
    with DataFolderLock(tmp_path, COMMAND, "ingest") as lock:  # a clean exit lets the next one in
        assert lock.holder() is not None and lock.holder() == lock.holder()
        assert lock.holder().pid == os.getpid() and lock.holder().command == "ingest"  # type: ignore[union-attr]
    assert not lock.held and lock.holder() is None, "released: the record is cleared"


def test_kill_9_frees_the_lock(tmp_path: Path) -> None:
    holder, pid = hold(tmp_path, COMMAND, "reindex")
    with pytest.raises(FolderBusyError, match=rf"“desktop-gpt reindex” \(pid {pid}\) is using this data folder"):
        DataFolderLock(tmp_path, WINDOW).acquire()
    holder.send_signal(signal.SIGKILL)
    assert holder.wait(timeout=60) == -signal.SIGKILL
    assert DataFolderLock(tmp_path, WINDOW).holder() is None, "a dead holder's record is not believed"
    lock = DataFolderLock(tmp_path, WINDOW).acquire()  # no stale lock
    assert lock.held
    lock.release()


def test_waiting_says_what_for_once_and_takes_the_lock_when_it_is_free(tmp_path: Path) -> None:
    holder, _pid = hold(tmp_path, WINDOW)
    said: list[str] = []

    def waiting(text: str) -> None:
        said.append(text)
        release(holder)  # the window closes while the command waits

    with pytest.raises(FolderBusyError):
        DataFolderLock(tmp_path, COMMAND).acquire(wait=0.2)
    lock = DataFolderLock(tmp_path, COMMAND, "ingest").acquire(wait=None, on_wait=waiting)
    assert said == ["Waiting for the Desktop GPT window to close…"]
    assert lock.held
    lock.release()


def test_a_forked_child_does_not_keep_its_dead_parents_lock(tmp_path: Path) -> None:
    holder, child = hold(tmp_path, WINDOW, fork=True)
    try:
        assert child != holder.pid
        with pytest.raises(FolderBusyError):
            DataFolderLock(tmp_path, COMMAND).acquire()
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=60)
        # The child closes its copy of the lock file as it starts; on a loaded machine it may not
        # have been scheduled yet when its parent dies, so the lock is waited for, not taken at once.
        with DataFolderLock(tmp_path, COMMAND).acquire(wait=60) as lock:
            assert lock.held
            os.kill(child, 0)  # while the forked child still runs
    finally:
        release(holder)  # closes the pipe the child reads: it exits


def test_one_process_holds_a_folder_once(tmp_path: Path) -> None:
    """The window and a command in one process are two writers too: the second is refused."""
    in_this_process = rf"window \(pid {os.getpid()}\)"
    with DataFolderLock(tmp_path, WINDOW), pytest.raises(FolderBusyError, match=in_this_process):
        DataFolderLock(tmp_path, COMMAND).acquire()
    with DataFolderLock(tmp_path / "new" / "folder", COMMAND) as lock:  # a folder that did not exist yet
        assert lock.path.exists()
