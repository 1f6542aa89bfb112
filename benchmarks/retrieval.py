"""Labelled retrieval evaluation: hit@5 and MRR@10 of the app's own search on hand-written query sets.

    python -m benchmarks.retrieval [--set NAME] [--config NAME] [--work DIR] [--json]

A query set (``benchmarks/querysets/*.json``) names its documents and how to obtain them (a Debian
package and a path), and lists questions with one or more short answer substrings. A retrieved chunk
is a hit when its text, whitespace-normalised, contains any answer (whitespace-normalised too), so the
labels survive changes of chunk size, overlap and splitting.

Each configuration is measured through the app's real pipeline: a :class:`Workspace` on its own data
folder (one LanceDB per index) ingests the documents with the config's settings, and every question
goes through :meth:`Workspace.search` (top 10) — what a user of the app gets. Each index holds every
document of every query set (a mixed Korean and English library); a question searches its own set's
documents. Configurations that differ only in the retrieval mode share one index (it depends only on
the model, the chunking and the extra settings); ``--work DIR`` keeps the indexes between runs, so a
second run only searches (``--misses`` then lists what each config got wrong).

To measure a new idea, add a :class:`RetrievalConfig` to :data:`CONFIGS` (``settings`` passes any
other :class:`~desktop_gpt.core.app.settings.Settings` field, e.g. a new tokenizer option).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from unittest import mock

QUERYSETS = Path(__file__).resolve().parent / "querysets"
MINILM = "all-MiniLM-L6-v2-int8.onnx"
E5 = "multilingual-e5-small-int8.onnx"
DEPTH = 10  # MRR@10: the rank of the first hit among the first 10 results


@dataclass(frozen=True)
class RetrievalConfig:
    name: str
    model: str  # embedding model file name in the models folder
    mode: str = "hybrid"  # "vector" | "fts" | "hybrid"
    chunk_size: int = 250  # in the embedding model's tokens, as the app's setting
    chunk_overlap: int = 40
    settings: dict[str, Any] = field(default_factory=dict)  # any other Settings field
    #: Module switches set while the config is measured ("desktop_gpt.core.index.ingest.SECTION_HEADINGS": False).
    patches: dict[str, Any] = field(default_factory=dict)

    def index_key(self) -> str:
        """What the index depends on (not the retrieval mode): configs with the same key share a store."""
        raw = json.dumps(
            [
                self.model,
                self.chunk_size,
                self.chunk_overlap,
                sorted(self.settings.items()),
                sorted(self.patches.items()),
            ]
        )
        digest = hashlib.sha1(raw.encode()).hexdigest()[:8]
        return f"{Path(self.model).stem}-{self.chunk_size}-{self.chunk_overlap}-{digest}"


HEADINGS = {"desktop_gpt.core.index.ingest.SECTION_HEADINGS": True}
CROSS_SECTIONS = {"desktop_gpt.core.index.ingest.SECTION_CHUNKS": False}
CONFIGS: list[RetrievalConfig] = [
    RetrievalConfig("MiniLM vector", MINILM, "vector"),
    RetrievalConfig("MiniLM hybrid", MINILM, "hybrid"),
    RetrievalConfig("e5 vector", E5, "vector"),
    RetrievalConfig("e5 hybrid", E5, "hybrid"),
    RetrievalConfig("e5 vector, headings embedded", E5, "vector", patches=HEADINGS),
    RetrievalConfig("e5 hybrid, headings embedded", E5, "hybrid", patches=HEADINGS),
    RetrievalConfig("e5 vector, chunks across sections", E5, "vector", patches=CROSS_SECTIONS),
    RetrievalConfig("e5 hybrid, chunks across sections", E5, "hybrid", patches=CROSS_SECTIONS),
]


# -- query sets and labels ------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces (and Unicode NFC, so composed and decomposed Hangul match)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def is_hit(chunk_text: str, answers: list[str]) -> bool:
    text = normalise(chunk_text)
    return any(normalise(a) in text for a in answers)


def first_hit_rank(texts: list[str], answers: list[str]) -> int | None:
    """1-based rank of the first passage that contains an answer, or None."""
    return next((i + 1 for i, t in enumerate(texts) if is_hit(t, answers)), None)


def score(ranks: list[int | None], k: int = 5, depth: int = DEPTH) -> dict[str, float]:
    """hit@k and MRR@depth of a list of first-hit ranks."""
    n = len(ranks) or 1
    return {
        "hit_at_5" if k == 5 else f"hit_at_{k}": sum(1 for r in ranks if r is not None and r <= k) / n,
        "mrr": sum(1 / r for r in ranks if r is not None and r <= depth) / n,
        "queries": len(ranks),
    }


def querysets() -> dict[str, Path]:
    return {json.loads(p.read_text(encoding="utf-8"))["name"]: p for p in sorted(QUERYSETS.glob("*.json"))}


def load_queryset(name_or_path: str | Path) -> dict[str, Any]:
    path = Path(name_or_path)
    if not path.exists():
        path = querysets()[str(name_or_path)]
    return json.loads(path.read_text(encoding="utf-8"))


# -- documents ------------------------------------------------------------------------------------


class _DocBookHtml(HTMLParser):
    """Text of one DocBook HTML page (the Debian manuals' format) as Markdown: headings as ``#`` lines,
    one paragraph per block; navigation bars and tables of contents left out."""

    BLOCKS = frozenset({"p", "li", "dt", "dd", "pre", "h1", "h2", "h3", "h4", "h5", "tr", "blockquote"})
    SKIP_CLASSES = frozenset({"navheader", "navfooter", "toc", "list-of-tables"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._text: list[str] = []
        self._heading = 0
        self._pre = 0
        self._skip: list[str] = []  # open tags of a skipped element (nested same-name tags counted)
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            if tag == self._skip[0]:
                self._skip.append(tag)
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag in ("head", "style", "script") or classes & self.SKIP_CLASSES:
            self._skip.append(tag)
            return
        if tag in self.BLOCKS:
            self._flush()
            if tag[0] == "h" and tag[1:].isdigit():
                self._heading = int(tag[1:])
            self._pre += tag == "pre"
        elif tag == "br":
            self._text.append("\n" if self._pre else " ")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[0]:
                self._skip.pop()
            return
        if tag in self.BLOCKS:
            self._flush()
            self._heading = 0
            self._pre -= tag == "pre"

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text.append(data)

    def _flush(self) -> None:
        raw = "".join(self._text)
        self._text = []
        text = raw.strip("\n") if self._pre else " ".join(raw.split())
        if not text.strip():
            return
        if self._heading:
            text = "#" * self._heading + " " + text
        self.blocks.append(text)

    def close(self) -> None:
        super().close()
        self._flush()


def docbook_html_to_markdown(index: Path) -> str:
    """A DocBook HTML manual (its index page and the chapter pages it links, in order) as one Markdown text."""
    pages = [index.name]
    for link in re.findall(r'href="([\w.-]+\.html)', index.read_text(encoding="utf-8")):
        if link not in pages and (index.parent / link).exists():
            pages.append(link)
    parts = []
    for page in pages:
        parser = _DocBookHtml()
        parser.feed((index.parent / page).read_text(encoding="utf-8"))
        parser.close()
        parts.append("\n\n".join(parser.blocks))
    return "\n\n".join(parts) + "\n"


def prepare_document(doc: dict[str, Any], folder: Path) -> Path:
    """The document as a file the app ingests, made from its source (never committed to the repository)."""
    source = doc["source"]
    path = Path(source["path"])
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: install Debian's '{source.get('debian')}' package")
    convert = source.get("convert")
    folder.mkdir(parents=True, exist_ok=True)
    if convert is None:
        return path
    if convert == "gunzip":
        target = folder / f"{doc['id']}{Path(path.stem).suffix}"
        data = gzip.decompress(path.read_bytes())
    elif convert == "docbook-html-to-markdown":
        target = folder / f"{doc['id']}.md"
        data = docbook_html_to_markdown(path).encode("utf-8")
    else:
        raise ValueError(f"unknown conversion '{convert}' for {doc['id']}")
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
    return target


def document_text(path: Path) -> str:
    """The text the app extracts, pages joined (to check that answers exist)."""
    from desktop_gpt.core.documents.loaders import load_document

    return "\n\n".join(p.text for p in load_document(path).pages)


def check_answers(queryset: dict[str, Any], work_dir: Path) -> list[str]:
    """Problems with a set's labels: answers that are not in the extracted text of their document, or
    that occur in it more than three times (too generic to point at the right passage)."""
    texts = {
        d["id"]: [normalise(p.text) for p in _pages(prepare_document(d, work_dir / "docs"))]
        for d in queryset["documents"]
    }
    problems = []
    for q in queryset["queries"]:
        for answer in q["answers"]:
            needle = normalise(answer)
            found = sum(page.count(needle) for page in texts[q["doc"]])
            if not found:
                problems.append(f"not in {q['doc']}: {answer!r} ({q['q']})")
            elif found > 3:
                problems.append(f"{found} times in {q['doc']}: {answer!r} ({q['q']})")
    return problems


def _pages(path: Path) -> list[Any]:
    from desktop_gpt.core.documents.loaders import load_document

    return load_document(path).pages


def library_documents(queryset: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every document of every query set: each index holds them all (a mixed Korean and English
    library, as the issue's users keep), so a set's figures never depend on which sets ran before.
    Each question searches only its own set's documents."""
    docs: dict[str, dict[str, Any]] = {}
    for path in querysets().values():
        for d in load_queryset(path)["documents"]:
            docs.setdefault(d["id"], d)
    for d in (queryset or {}).get("documents", []):
        docs.setdefault(d["id"], d)
    return list(docs.values())


# -- evaluation -----------------------------------------------------------------------------------


def _workspace(config: RetrievalConfig, models: Path, index_dir: Path) -> Any:
    from desktop_gpt.core.app.paths import AppPaths
    from desktop_gpt.core.app.settings import Settings
    from desktop_gpt.core.app.workspace import Workspace

    paths = AppPaths(index_dir, index_dir / "config").ensure()
    for model in models.iterdir():
        link = paths.models_dir / model.name
        if not link.exists() and not link.is_symlink():
            link.symlink_to(model.resolve())
    settings = Settings(
        embedding_model=config.model, cpu_threads=2, retrieval_mode=config.mode,
        chunk_size=config.chunk_size, chunk_overlap=config.chunk_overlap, **config.settings,
    ).validate()  # fmt: skip
    return Workspace(paths, settings)


def evaluate(
    queryset: dict[str, Any] | str | Path, config: RetrievalConfig, work_dir: Path, models: Path | None = None
) -> dict[str, Any]:
    """hit@5, MRR@10 and a per-language breakdown of one config on one query set.

    Returns ``{"skipped": reason}`` when the config's model file is not installed."""
    qs = queryset if isinstance(queryset, dict) else load_queryset(queryset)
    if models is None:
        from benchmarks.run import models_dir

        models = models_dir()
    if not (models / config.model).exists():
        return {"set": qs["name"], "config": config.name, "skipped": f"{config.model} is not in {models}"}
    try:
        files = [prepare_document(d, work_dir / "docs") for d in qs["documents"]]
        library = [prepare_document(d, work_dir / "docs") for d in library_documents(qs)]
    except FileNotFoundError as e:
        return {"set": qs["name"], "config": config.name, "skipped": str(e)}
    index_dir = work_dir / "index" / config.index_key()
    ws = _workspace(config, models, index_dir)
    with contextlib.ExitStack() as patches:
        for target, value in config.patches.items():
            module, name = target.rsplit(".", 1)
            patches.enter_context(mock.patch(f"{module}.{name}", value))
        return _measure(ws, qs, config, files, library, index_dir)


def _measure(
    ws: Any, qs: dict[str, Any], config: RetrievalConfig, files: list[Path], library: list[Path], index_dir: Path
) -> dict[str, Any]:
    try:
        whole = _ingest(ws, library, index_dir)
        ingest = _ingest(ws, files, index_dir)
        names = {d["id"]: f.name for d, f in zip(qs["documents"], files, strict=True)}
        doc_ids = [r.doc_id for r in ws.store.list_documents() if r.name in names.values()]
        ranks: list[int | None] = []
        per_query = []
        search_s = 0.0
        ws.search("warm-up", k=DEPTH, mode=config.mode, doc_ids=doc_ids)  # loads the engine
        for q in qs["queries"]:
            t0 = time.perf_counter()
            hits = ws.search(q["q"], k=DEPTH, mode=config.mode, doc_ids=doc_ids)
            search_s += time.perf_counter() - t0
            texts = [h.text for h in hits]
            rank = first_hit_rank(texts, q["answers"])
            wrong_doc = bool(hits) and hits[0].document != names[q["doc"]]
            ranks.append(rank)
            per_query.append({"q": q["q"], "lang": q["lang"], "doc": q["doc"], "rank": rank, "top_other_doc": wrong_doc,
                              "top": normalise(texts[0])[:160] if texts else ""})  # fmt: skip
    finally:
        ws.close()
    by_lang: dict[str, dict[str, float]] = {}
    for lang in sorted({q["lang"] for q in qs["queries"]}):
        by_lang[lang] = score([r for r, q in zip(ranks, qs["queries"], strict=True) if q["lang"] == lang])
    return {
        "set": qs["name"],
        "config": config.name,
        "model": config.model,
        **score(ranks),
        "by_lang": by_lang,
        "search_ms": 1000 * search_s / max(1, len(ranks)),
        "ingest": ingest,  # this set's documents
        "ingest_library": whole,  # every document of every query set
        "per_query": per_query,
    }


def _ingest(ws: Any, files: list[Path], index_dir: Path) -> dict[str, Any]:
    """Ingest the files not indexed yet; the figures of the run that embedded each file are kept next
    to the index, so a reused index still reports its ingest speed."""
    record = index_dir / "ingest.json"
    known: dict[str, Any] = json.loads(record.read_text()) if record.exists() else {}
    for f in files:
        if str(f) in known:
            continue
        _ = ws.store  # opened at start-up in the app: not part of ingesting
        t0 = time.perf_counter()
        report = ws.ingest([f])  # one file at a time, so each document's figures are its own
        seconds = time.perf_counter() - t0
        failed = [r for r in report.results if r.outcome == "failed"]
        if failed:
            raise RuntimeError(f"ingest failed: {failed}")
        known[str(f)] = {"seconds": seconds, "tokens": report.tokens_embedded, "chunks": report.chunks,
                         "embed_seconds": report.phase_seconds.get("embed", 0.0)}  # fmt: skip
        record.write_text(json.dumps(known, indent=1))
    total = {k: sum(known[str(f)][k] for f in files) for k in ("seconds", "tokens", "chunks", "embed_seconds")}
    total["tokens_per_s"] = total["tokens"] / total["seconds"] if total["seconds"] else 0.0
    return total


def evaluate_all(
    work_dir: Path,
    sets: list[str] | None = None,
    configs: list[RetrievalConfig] | None = None,
    models: Path | None = None,
    log: Any = None,
) -> list[dict[str, Any]]:
    rows = []
    for name, path in querysets().items():
        if sets and name not in sets:
            continue
        qs = load_queryset(path)
        for config in configs or CONFIGS:
            if log:
                print(f"  retrieval: {name} / {config.name}", file=log, flush=True)
            t0 = time.perf_counter()
            try:
                row = evaluate(qs, config, work_dir, models)
            except Exception as e:  # one broken config (e.g. a model being added) must not stop the others
                row = {"set": name, "config": config.name, "skipped": f"failed: {type(e).__name__}: {e}"}
            row["seconds"] = time.perf_counter() - t0
            rows.append(row)
    return rows


def table(rows: list[dict[str, Any]]) -> list[str]:
    """Markdown: one line per config and query set, and the skipped configs with their reason."""
    lines = ["| query set | config | queries | hit@5 | MRR@10 | by question language (hit@5 / MRR) | "
             "ingest tokens/s | search ms |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    skipped: dict[str, tuple[list[str], list[str]]] = {}  # reason: the configs and sets it stopped
    for r in rows:
        if "skipped" in r:
            configs, sets = skipped.setdefault(r["skipped"], ([], []))
            configs += [r["config"]] if r["config"] not in configs else []
            sets += [r["set"]] if r["set"] not in sets else []
            continue
        langs = ", ".join(f"{k} {v['hit_at_5']:.0%} / {v['mrr']:.3f} ({v['queries']})" for k, v in r["by_lang"].items())
        lines.append(
            f"| {r['set']} | {r['config']} | {r['queries']} | {r['hit_at_5']:.1%} | **{r['mrr']:.3f}** | {langs} | "
            f"{r['ingest']['tokens_per_s']:.0f} | {r['search_ms']:.0f} |"
        )
    lines += [f"\nNot measured: {', '.join(c)} on {', '.join(q)} ({why})." for why, (c, q) in skipped.items()]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", help="query set name (repeatable); default all")
    parser.add_argument("--config", action="append", help="config name or a part of it (repeatable); default all")
    parser.add_argument("--work", type=Path, help="keep documents and indexes here (reused by the next run)")
    parser.add_argument("--json", action="store_true", help="print the full results as JSON")
    parser.add_argument("--misses", action="store_true", help="list the questions with no hit in the top 5")
    parser.add_argument("--check", action="store_true", help="only check that every answer is in its document")
    args = parser.parse_args(argv)
    from desktop_gpt.core.app.privacy import lock_down

    lock_down()
    configs = [c for c in CONFIGS if not args.config or any(x.lower() in c.name.lower() for x in args.config)]
    if not configs:
        parser.error(f"no config matches {args.config}; known: {[c.name for c in CONFIGS]}")
    with tempfile.TemporaryDirectory(prefix="desktop-gpt-retrieval-") as tmp:
        work = args.work or Path(tmp)
        if args.check:
            problems = [p for name, path in querysets().items() if not args.set or name in args.set
                        for p in check_answers(load_queryset(path), work)]  # fmt: skip
            print("\n".join(problems) or "every answer is in its document")
            return 1 if problems else 0
        rows = evaluate_all(work, args.set, configs, log=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    print("\n".join(table(rows)))
    for r in rows:
        if "skipped" not in r:
            print(f"{r['set']} / {r['config']}: {r['seconds']:.0f} s", file=sys.stderr)
    if args.misses:
        for r in rows:
            for q in r.get("per_query", []):
                if q["rank"] is None or q["rank"] > 5:
                    print(f"[{r['config']}] rank {q['rank']}: {q['q']}\n    top: {q['top']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
