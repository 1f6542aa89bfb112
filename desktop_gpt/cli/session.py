"""What every command shares: exit codes and the workspace of the chosen data folder."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.workspace import Workspace

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BUG = 70


@contextmanager
def workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    """The core for ``--data-dir`` (or the default folder), closed when the command is done.

    What opening had to tell (a damaged file set aside, a store repaired) goes to stderr, one line each."""
    ws = Workspace(
        AppPaths.resolve(args.data_dir), notify=lambda notice: print(f"desktop-gpt: {notice}", file=sys.stderr)
    )
    try:
        yield ws
    finally:
        ws.close()
