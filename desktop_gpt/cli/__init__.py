"""The command line: a thin adapter over the core's actions (``Workspace``). It never imports Qt;
``desktop_gpt.main`` decides between the window and a command.

Errors are one plain line on stderr and a non-zero exit code; a bug's traceback goes to a log file.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from desktop_gpt import __version__
from desktop_gpt.cli.chat import cmd_ask
from desktop_gpt.cli.chats import cmd_chat, cmd_collection, cmd_summarize
from desktop_gpt.cli.library import cmd_ingest, cmd_list, cmd_reindex, cmd_remove, cmd_search
from desktop_gpt.cli.models import cmd_models, cmd_setup
from desktop_gpt.cli.parser import build_parser, command_names
from desktop_gpt.cli.session import EXIT_BUG, EXIT_BUSY, EXIT_ERROR, EXIT_USAGE
from desktop_gpt.cli.settings import cmd_cloud, cmd_settings, cmd_token
from desktop_gpt.cli.watch import cmd_sync, cmd_watch
from desktop_gpt.core.app.errors import DesktopGptError, FolderBusyError
from desktop_gpt.core.app.paths import AppPaths

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": cmd_ingest, "list": cmd_list, "remove": cmd_remove, "search": cmd_search,
    "ask": cmd_ask, "reindex": cmd_reindex, "setup": cmd_setup, "models": cmd_models,
    "settings": cmd_settings, "cloud": cmd_cloud, "token": cmd_token, "watch": cmd_watch, "sync": cmd_sync,
    "chat": cmd_chat, "collection": cmd_collection, "summarize": cmd_summarize,
}  # fmt: skip


def run_command(args: argparse.Namespace) -> int:
    """Run one parsed command; every failure becomes one plain line and an exit code."""
    try:
        return COMMANDS[args.command](args)
    except FolderBusyError as exc:
        print(f"desktop-gpt: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except DesktopGptError as exc:
        print(f"desktop-gpt: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("desktop-gpt: interrupted; what was already stored is kept.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the person, the traceback in a log file
        where = _log_bug(args)
        hint = f" (details in {where})" if where else ""
        print(f"desktop-gpt: unexpected error: {type(exc).__name__}: {exc}{hint}", file=sys.stderr)
        return EXIT_BUG


def _log_bug(args: argparse.Namespace) -> Path | None:
    try:
        log_dir = AppPaths.resolve(getattr(args, "data_dir", None)).data_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "crash.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {time.ctime()} desktop-gpt {__version__}\n{traceback.format_exc()}\n")
        return path
    except OSError:
        return None


__all__ = ["COMMANDS", "EXIT_BUSY", "EXIT_USAGE", "build_parser", "command_names", "run_command"]
