"""The ``desktop-gpt`` entry point: it chooses the window, the self-test or a command.

``desktop-gpt`` alone opens the window; ``desktop-gpt FILE...`` (what "Open with" in a file manager
runs) opens it and adds the files; ``--self-test`` runs the headless check; anything else is a
command of :mod:`desktop_gpt.cli`, which never imports Qt.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_gpt.cli import build_parser, command_names, run_command
from desktop_gpt.core.app.child import CHILD_FLAG


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=os.environ.get("DESKTOP_GPT_LOG", "WARNING"), format="%(levelname)s %(name)s: %(message)s"
    )
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) == 2 and argv[0] == CHILD_FLAG:  # a helper process of the frozen app (core/app/child.py)
        from desktop_gpt.child import run as run_child

        return run_child(argv[1])
    parser = build_parser()
    opened = files_to_open(argv, command_names(parser))
    if opened is not None:
        from desktop_gpt.ui.app import run

        data_dir, files = opened
        return int(run(data_dir, files))
    args = parser.parse_args(argv)
    if args.self_test:
        from desktop_gpt.diagnostics.selftest import run_self_test

        return run_self_test(args.data_dir)
    if args.command is None:
        from desktop_gpt.ui.app import run

        return int(run(args.data_dir))
    return run_command(args)


def files_to_open(argv: list[str], commands: Sequence[str] | None = None) -> tuple[str | None, list[str]] | None:
    """``[--data-dir DIR] PATH...`` where every PATH exists and none is a command."""
    commands = command_names(build_parser()) if commands is None else commands
    data_dir = None
    rest = argv
    if len(rest) >= 2 and rest[0] == "--data-dir":
        data_dir, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--data-dir="):
        data_dir, rest = rest[0].split("=", 1)[1], rest[1:]
    if not rest or rest[0] in commands or any(a.startswith("-") for a in rest):
        return None
    if not all(Path(a).expanduser().exists() for a in rest):
        return None
    return data_dir, rest


if __name__ == "__main__":
    sys.exit(main())
