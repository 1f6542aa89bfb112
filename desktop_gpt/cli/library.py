"""Library commands: ingest, list, remove, search, reindex. Each is one core action and its output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_gpt.cli.output import ProgressLine, print_json
from desktop_gpt.cli.session import EXIT_ERROR, workspace
from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.index.ingest import IngestReport


def _print_report(report: IngestReport, as_json: bool) -> None:
    if as_json:
        print_json({
            "results": [r.to_json() for r in report.results],
            "cancelled": report.cancelled, "seconds": report.seconds,
            "pages": report.pages, "chunks": report.chunks, "tokens_embedded": report.tokens_embedded,
        })  # fmt: skip
        return
    for r in report.results:
        if r.outcome in ("failed", "unsupported"):
            print(f"  failed     {r.path}: {r.reason} — {r.detail}")
        else:
            note = _ocr_note(r.ocr_pages, r.unread_pages)
            print(f"  {r.outcome:10} {r.path} ({r.pages} pages{note}, {r.chunks} chunks)")
            if r.detail and r.unread_pages:
                print(f"             {r.detail}")
    print(
        f"Added {report.count('added')}, replaced {report.count('replaced')}, unchanged "
        f"{report.count('unchanged')}, failed {report.count('failed') + report.count('unsupported')} "
        f"in {report.seconds:.1f}s ({report.pages} pages, {report.chunks} chunks)."
    )


def _ocr_note(ocr_pages: int, unread_pages: str) -> str:
    """ ", 3 recognised by OCR, not read: 7" — what OCR did for a document, or nothing."""
    note = f", {ocr_pages} recognised by OCR" if ocr_pages else ""
    return note + (f", not read: page(s) {unread_pages}" if unread_pages else "")


def _failed(report: IngestReport) -> int:
    return report.count("failed") + report.count("unsupported")


def cmd_ingest(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).expanduser().exists()]
    for p in missing:
        print(f"desktop-gpt: {p}: no such file or folder", file=sys.stderr)
    existing = [p for p in args.paths if p not in missing]
    if not existing:
        return EXIT_ERROR
    bar = ProgressLine()
    with workspace(args, writes=True) as ws:
        try:
            report = ws.ingest(existing, on_progress=bar)
        finally:
            bar.close()
    _print_report(report, args.json)
    return EXIT_ERROR if (_failed(report) or missing) else 0


def cmd_reindex(args: argparse.Namespace) -> int:
    bar = ProgressLine()
    with workspace(args, writes=True) as ws:
        if not args.docs and not any(e.needs_reindex for e in ws.library()):
            print("Every document is indexed with the current embedding model and chunking.")
            return 0
        try:
            report = ws.reindex(args.docs or None, on_progress=bar)
        finally:
            bar.close()
    _print_report(report, False)
    return EXIT_ERROR if _failed(report) else 0


def cmd_list(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        entries = ws.library()
    if args.json:
        print_json([{**e.record.__dict__, "status": e.status} for e in entries])
        return 0
    if not entries:
        print("The library is empty. Add documents with: desktop-gpt ingest PATH")
    for e in entries:
        r = e.record
        detail = f"{r.pages} pages{_ocr_note(r.ocr_pages, r.unread_pages)}, {r.chunks} chunks"
        detail = detail if e.status != "failed" else r.error
        print(f"{r.doc_id[:12]}  {e.status:14} {r.name}  ({detail})")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with workspace(args, writes=True) as ws:
        for record in ws.remove(args.docs).result:
            print(f"Removed {record.name} ({record.chunks} chunks).")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if args.k < 1:
        raise DesktopGptError("--k must be at least 1.")
    with workspace(args) as ws:
        hits = ws.search(args.query, k=args.k, mode=args.mode)
    if args.json:
        print_json([
            {"document": h.document, "path": h.path, "page": h.page, "location": h.location, "text": h.text,
             "score": h.score,
             "doc_id": h.doc_id, "start": h.start, "end": h.end, "similarity": h.similarity}
            for h in hits
        ])  # fmt: skip
        return 0
    if not hits:
        print("No matching passages.")
    for i, h in enumerate(hits, 1):
        text = " ".join(h.text.split())
        print(f"[{i}] {h.document}, {h.place} (score {h.score:.3f})\n    {text[:240]}")
    return 0
