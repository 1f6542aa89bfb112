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
        install_bundled_models(data_dir)
        return int(run(data_dir, files))
    args = parser.parse_args(argv)
    if args.command != "setup":  # setup installs them itself and says what it did
        install_bundled_models(args.data_dir)
    if args.self_test:
        from desktop_gpt.diagnostics.selftest import run_self_test

        return run_self_test(args.data_dir)
    if args.command is None:
        from desktop_gpt.ui.app import run

        return int(run(args.data_dir))
    return run_command(args)


def install_bundled_models(data_dir: str | None) -> None:
    """A frozen app's first start puts the models it carries into the data folder (no network)."""
    from desktop_gpt.core.models.bundled import frozen_bundle, install_bundled

    bundle = frozen_bundle()
    if bundle is None:
        return
    from desktop_gpt.core.app.errors import DesktopGptError
    from desktop_gpt.core.app.paths import AppPaths
    from desktop_gpt.core.documents.ocr_data import OCR_PINS

    try:
        paths = AppPaths.resolve(data_dir).ensure()
        install_bundled(bundle, paths.models_dir, paths.tessdata_dir, OCR_PINS)
    except (DesktopGptError, OSError) as exc:  # the window or the command then says which model is missing
        print(f"desktop-gpt: the bundled models could not be installed: {exc}", file=sys.stderr)


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
