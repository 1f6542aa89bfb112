"""``desktop-gpt watch add|remove|list FOLDER`` and ``desktop-gpt sync``: thin adapters over the
workspace's watched-folder actions (core/index/sync.py)."""

from __future__ import annotations

import argparse
import sys

from desktop_gpt.cli.library import _failed, _print_report
from desktop_gpt.cli.output import ProgressLine, print_json
from desktop_gpt.cli.session import EXIT_ERROR, workspace
from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.workspace import Workspace
from desktop_gpt.core.index.sync import SyncReport


def cmd_watch(args: argparse.Namespace) -> int:
    if args.action != "list" and not args.folder:
        raise DesktopGptError(f"watch {args.action} needs a FOLDER.")
    with workspace(args, writes=args.action != "list") as ws:
        if args.action == "list":
            folders = ws.settings.watched_folders
            if args.json:
                print_json(list(folders))
            elif not folders:
                print("No folder is watched. Watch one with: desktop-gpt watch add FOLDER")
            for folder in folders if not args.json else ():
                print(folder)
            return 0
        if args.action == "remove":
            ws.watch_remove(args.folder)
            print(f"No longer watching {args.folder}. Its documents stay in the library.")
            return 0
        change = ws.watch_add(args.folder)
        # With --json, stdout is one JSON document (the pass's report): the confirmation goes to stderr.
        print(f"Watching {change.settings.watched_folders[-1]}.", file=sys.stderr if args.json else sys.stdout)
        if args.no_sync:
            return 0
        return _sync(ws, args.json)


def cmd_sync(args: argparse.Namespace) -> int:
    with workspace(args, writes=True) as ws:
        if not ws.settings.watched_folders:
            print("No folder is watched. Watch one with: desktop-gpt watch add FOLDER")
            return 0
        return _sync(ws, args.json)


def _sync(ws: Workspace, as_json: bool) -> int:
    bar = ProgressLine()
    try:
        report = ws.sync(on_progress=bar)
    finally:
        bar.close()
    _print_sync(report, as_json)
    return EXIT_ERROR if _failed(report.ingest) or report.missing_folders else 0


def _print_sync(report: SyncReport, as_json: bool) -> None:
    if as_json:
        print_json(report.to_json())
        return
    for folder in report.missing_folders:
        print(f"  missing    {folder}: the folder is not there (its documents are kept)")
    for old, new in report.moved:
        print(f"  moved      {old} -> {new}")
    for path in report.removed:
        print(f"  removed    {path} (the file was deleted)")
    if report.ingest.results:
        _print_report(report.ingest, False)
    print(
        f"Synced {len(report.folders)} folder(s): {report.files} documents, {report.hashed} new or changed, "
        f"{len(report.moved)} moved, {len(report.removed)} removed in {report.seconds:.1f}s."
    )
