"""What every command shares: exit codes, the data folder's lock, and the workspace of the folder."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from desktop_gpt.core.app.errors import FolderBusyError
from desktop_gpt.core.app.lock import COMMAND, EXIT_BUSY, DataFolderLock
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.workspace import Workspace

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BUG = 70


@contextmanager
def folder_lock(args: argparse.Namespace) -> Iterator[AppPaths]:
    """Hold the data folder's lock while a command writes: at once, or with ``--wait`` when it is free.

    One writer per data folder: while the window (or another command that writes) runs, this says
    who it is and stops (:class:`FolderBusyError`), never races it."""
    paths = AppPaths.resolve(args.data_dir)
    name = " ".join(part for part in (args.command, getattr(args, "models_command", None)) if part)
    lock = DataFolderLock(paths.data_dir, COMMAND, name)
    try:
        lock.acquire(
            wait=None if getattr(args, "wait", False) else 0,
            on_wait=lambda text: print(text, file=sys.stderr, flush=True),
        )
    except FolderBusyError as busy:
        raise FolderBusyError(f"{busy} Or add --wait to wait until it is free.", busy.holder) from None
    try:
        yield paths
    finally:
        lock.release()


@contextmanager
def workspace(args: argparse.Namespace, *, writes: bool = False) -> Iterator[Workspace]:
    """The core for ``--data-dir`` (or the default folder), closed when the command is done.

    A command that ``writes`` holds the data folder's lock meanwhile (:func:`folder_lock`); one that
    only reads takes no lock, so it works while the window runs, and never repairs the store.
    What opening had to tell (a damaged file set aside, a store repaired) goes to stderr, one line each."""
    held = folder_lock(args) if writes else nullcontext(AppPaths.resolve(args.data_dir))
    with held as paths:
        ws = Workspace(paths, notify=lambda notice: print(f"desktop-gpt: {notice}", file=sys.stderr), writer=writes)
        try:
            yield ws
        finally:
            ws.close()


__all__ = ["EXIT_BUG", "EXIT_BUSY", "EXIT_ERROR", "EXIT_USAGE", "folder_lock", "workspace"]
