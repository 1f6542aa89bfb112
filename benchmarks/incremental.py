"""Incremental re-indexing: a document is indexed, one part of it is edited, and it is indexed again.

    python -m benchmarks.incremental [--pages N] [--json]

Both runs go through the app's real pipeline (a Workspace at default settings: reader helper, e5,
LanceDB on disk). The goal of issue 15: editing one page of a 1,000-page document re-indexes in at
most 5% of the time of the first index. The same is measured for a Word document of as many
paragraphs' worth of text with one paragraph edited (its chunks are not cut at page ends, so the
edit may shift the chunks after it).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import page_text
from desktop_gpt.diagnostics.samplepdf import write_text_pdf

EDITED = "The edited clause now says that the Varnholm depot closes at six in the evening on Sundays."


def _workspace(data_dir: Path, models: Path) -> Any:
    from desktop_gpt.core.app.paths import AppPaths
    from desktop_gpt.core.app.settings import Settings
    from desktop_gpt.core.app.workspace import Workspace

    paths = AppPaths(data_dir, data_dir / "config").ensure()
    for model in models.iterdir():
        (paths.models_dir / model.name).symlink_to(model.resolve())
    workspace = Workspace(paths, Settings(cpu_threads=2).validate())
    _ = workspace.store, workspace.embedder  # opened at start-up in the app: not part of indexing
    return workspace


def _timed(workspace: Any, path: Path) -> dict[str, Any]:
    started = time.perf_counter()
    report = workspace.ingest([path])
    seconds = time.perf_counter() - started
    result = report.results[0]
    if result.outcome not in ("added", "replaced"):
        raise RuntimeError(f"{path.name}: {result.outcome} {result.detail}")
    return {
        "seconds": round(seconds, 2), "outcome": result.outcome, "chunks": result.chunks,
        "reused": report.reused_chunks, "tokens": report.tokens_embedded,
        "phases": {k: round(v, 2) for k, v in report.phase_seconds.items()},
    }  # fmt: skip


def _pdf_pages(pages: int) -> list[str]:
    rng = random.Random(pages)
    return [page_text(rng) for _ in range(pages)]


def _docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for index, text in enumerate(paragraphs):
        if index % 20 == 0:
            document.add_heading(f"Part {index // 20 + 1}", 1)
        document.add_paragraph(text)
    document.save(str(path))
    return path


def run(pages: int, models: Path, work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"pages": pages}
    texts = _pdf_pages(pages)
    edited = list(texts)
    middle = pages // 2
    edited[middle] = edited[middle].replace(".", f". {EDITED}", 1)
    paragraphs = [p for text in texts for p in text.split("\n")]
    edited_paragraphs = list(paragraphs)
    edited_paragraphs[len(paragraphs) // 2] += " " + EDITED
    cases = [
        ("pdf", lambda p, t: write_text_pdf(p, t, title="Incremental"), texts, edited, ".pdf"),
        ("docx", _docx, paragraphs, edited_paragraphs, ".docx"),
    ]
    for name, write, before, after, suffix in cases:
        folder = work / name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"document{suffix}"
        workspace = _workspace(work / f"data-{name}", models)
        try:
            print(f"  {name}: first index", file=sys.stderr, flush=True)
            write(path, before)
            first = _timed(workspace, path)
            print(f"  {name}: one part edited", file=sys.stderr, flush=True)
            write(path, after)
            again = _timed(workspace, path)
            hits = workspace.search("When does the Varnholm depot close on Sundays?", k=3, mode="hybrid")
            found = any(EDITED in " ".join(h.text.split()) for h in hits)  # PDF text keeps its line breaks
        finally:
            workspace.close()
        results[name] = {
            "first": first, "edited": again, "ratio": round(again["seconds"] / first["seconds"], 4),
            "edit_found": found,
        }  # fmt: skip
    return results


def summary(results: dict[str, Any]) -> list[str]:
    lines = [
        f"Editing one part of a {results['pages']}-page document and indexing it again, against its first index "
        "(the app's pipeline at default settings; goal for the PDF: ≤ 5% of the time):",
        "",
        "| document | first index | chunks | after the edit | chunks reused | tokens embedded | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, label in (("pdf", "PDF, one page edited"), ("docx", "Word, one paragraph edited")):
        r = results.get(name)
        if not r:
            continue
        first, again = r["first"], r["edited"]
        lines.append(
            f"| {label} | {first['seconds']:.1f} s | {first['chunks']} | {again['seconds']:.1f} s "
            f"(parse {again['phases']['parse']:.1f} s, embed {again['phases']['embed']:.1f} s) | "
            f"{again['reused']} | {again['tokens']} of {first['tokens']} | **{r['ratio'] * 100:.1f}%** |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from benchmarks.run import models_dir

    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as tmp:
        results = run(args.pages, models_dir(), Path(tmp))
    print(json.dumps(results, indent=2) if args.json else "\n".join(summary(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
