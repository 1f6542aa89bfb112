"""Ingestion: files and folders in, searchable chunks out. One bad file never stops the others."""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_gpt.core.app.changes import Changes
from desktop_gpt.core.app.errors import CancelledError, DesktopGptError, DocumentError
from desktop_gpt.core.app.hashing import file_sha256
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.documents.chunking import (
    CHUNKER_REVISION,
    CONTEXT_TOKENS,
    LOCATE_ANCHORS,
    LOCATE_LINES,
    LOCATE_NONE,
    Chunk,
    chunk_pages,
)
from desktop_gpt.core.documents.formats import SUPPORTED_NAMES, is_ignored
from desktop_gpt.core.documents.isolated import IsolatedLoader
from desktop_gpt.core.documents.loaders import LoadedDocument, is_supported
from desktop_gpt.core.documents.ocr import PageRecogniser, complete_document
from desktop_gpt.core.index.embeddings import EmbeddingEngine
from desktop_gpt.core.index.records import DocumentRecord, IndexSpec
from desktop_gpt.core.index.store import DocumentStore

log = logging.getLogger(__name__)

#: Chunks buffered before one batched write to the store.
WRITE_BATCH_CHUNKS = 512
#: Embed each chunk after its section's heading path (see Chunk.embedding_text). Off: measured on the
#: benchmark's query sets it cost MRR (e5 vector: English 0.650 → 0.541, Korean 0.601 → 0.503; the
#: passages of one section all look alike to the model), though hit@5 held. Kept as a switch so the
#: benchmark keeps measuring it (benchmarks/retrieval.py).
SECTION_HEADINGS = False
#: Start a new chunk where a section starts (a PDF outline's entry, a Markdown heading), so a chunk
#: holds a question's heading with its answer, not the end of the previous answer. Measured on the
#: benchmark's sets (e5 hybrid, MRR@10 / hit@5): English 0.679 / 86% → 0.815 / 92% (odd-numbered
#: questions 0.688 → 0.872, even 0.670 → 0.758), Korean 0.718 / 90% → 0.714 / 88%, cross-lingual
#: 0.186 → 0.195; e5 vector alone: English 0.664 → 0.741, Korean 0.601 → 0.690.
SECTION_CHUNKS = True


@dataclass(frozen=True)
class IngestProgress:
    file_index: int  # 0-based index of the current file
    file_count: int
    path: Path
    stage: str  # hashing, reading, recognising (OCR), embedding, writing, added, replaced, unchanged, failed
    done: int = 0  # pages read or chunks embedded so far in this stage
    total: int = 0

    @property
    def overall(self) -> float:
        """Fraction of the whole job, counting reading as 20% and embedding as 80% of a file."""
        within = 0.0
        if self.stage in ("reading", "recognising") and self.total:
            within = 0.2 * self.done / self.total
        elif self.stage == "embedding" and self.total:
            within = 0.2 + 0.8 * self.done / self.total
        elif self.stage in ("writing",) or self.stage in ("added", "replaced", "unchanged", "failed", "unsupported"):
            within = 1.0
        return min(1.0, (self.file_index + within) / max(1, self.file_count))


@dataclass(frozen=True)
class FileResult:
    path: Path
    outcome: str  # added, replaced, unchanged, failed, unsupported, cancelled
    doc_id: str | None = None
    pages: int = 0
    chunks: int = 0
    reason: str = ""  # short status, e.g. "password-protected"
    detail: str = ""  # one sentence for people
    ocr_pages: int = 0  # pages recognised by OCR
    unread_pages: str = ""  # pages without a text layer that could not be recognised, e.g. "3, 7"

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "outcome": self.outcome,
            "doc_id": self.doc_id,
            "pages": self.pages,
            "chunks": self.chunks,
            "reason": self.reason,
            "detail": self.detail,
            "ocr_pages": self.ocr_pages,
            "unread_pages": self.unread_pages,
        }


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    tokens_embedded: int = 0
    #: Chunks whose vectors were reused (the same text embedded before by the same model).
    reused_chunks: int = 0
    phase_seconds: dict[str, float] = field(
        default_factory=lambda: {"hash": 0.0, "parse": 0.0, "split": 0.0, "embed": 0.0, "write": 0.0}
    )

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def changes(self) -> Changes:
        stored = ("added", "replaced", "failed")  # a failure is recorded in the library with its reason
        return Changes(documents=any(r.outcome in stored for r in self.results))

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results if r.outcome in ("added", "replaced"))

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results if r.outcome in ("added", "replaced"))


def warm_up() -> None:
    """Import what the first ingest needs (pypdf's reader, text extraction and crypto; LangChain's
    splitter, which brings pydantic) by running both on a tiny in-memory document.

    Importing those modules holds the GIL for hundreds of milliseconds; done during the first
    ingest, it froze the window (a 0.3–0.5 s stall in the latency benchmark). The app calls this on
    its worker lane right after start-up.
    """
    import io

    from pypdf import PdfReader, PdfWriter

    from desktop_gpt.core.documents.loaders import Page

    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    writer.write(buffer)
    reader = PdfReader(buffer, strict=False)
    _ = reader.is_encrypted, reader.metadata
    reader.pages[0].extract_text()
    chunk_pages("warm-up", [Page(1, "Warm-up text. " * 40)], 200, 20)
    import pypdf._crypt_providers  # noqa: F401 - the AES provider an encrypted PDF loads on first use


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand folders recursively (skipping hidden entries, editors' lock and temporary files and
    tool folders such as node_modules); keep explicit files as given."""
    found: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser().resolve()
        candidates: Iterable[Path]
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and not is_ignored(p.relative_to(path)))
        else:
            candidates = [path]
        for candidate in candidates:
            if candidate not in seen:
                seen.add(candidate)
                found.append(candidate)
    return found


@dataclass
class _Parsed:
    """A document read and split by the reader thread, or why it could not be."""

    index: int
    count: int
    path: Path
    result: FileResult | DocumentError | CancelledError | None = None  # set when there is nothing to embed
    crashed: BaseException | None = None  # a bug in the reader thread: raised again by the writer
    base: DocumentRecord | None = None
    existing: bool = False
    replaces: list[str] = field(default_factory=list)
    document: LoadedDocument | None = None
    chunks: list[Chunk] = field(default_factory=list)


@dataclass
class _Pending:
    record: DocumentRecord
    chunks: list[Chunk]
    vectors: list[list[float]]
    replaces: list[str]


class Ingestor:
    """Runs the pipeline for a list of paths: hash, read, split, embed, write in batches."""

    def __init__(
        self,
        store: DocumentStore,
        embedder: EmbeddingEngine,
        settings: Settings,
        force: Iterable[str] = (),
        reader: IsolatedLoader | None = None,
        ocr: PageRecogniser | None = None,
    ) -> None:
        """``force``: ids of documents to read and embed again even if nothing changed (re-index).

        Their old chunks are replaced only once the new ones are complete: a cancelled or failed
        re-index leaves the document searchable as it was. ``reader`` reads files in a helper
        process with time and memory limits (one is made for the run if none is given). ``ocr``
        recognises the pages that have no text layer; without it they are named as not read.
        """
        self.reader = reader
        self.ocr = ocr
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.force = frozenset(force)
        self.spec = IndexSpec(embedder.model_id, settings.chunk_size, settings.chunk_overlap)
        self._hashes: dict[str, str] = {}

    def ingest(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        on_progress: Callable[[IngestProgress], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        hashes: dict[str, str] | None = None,
    ) -> IngestReport:
        """``hashes``: content hashes the caller already computed, by path (as given), not computed again."""
        started = time.perf_counter()
        files = collect_files(paths)
        self._hashes = {str(Path(p).expanduser().resolve()): h for p, h in (hashes or {}).items()}
        own_reader = self.reader is None
        if own_reader:
            self.reader = IsolatedLoader()
        report = IngestReport()
        pending: list[_Pending] = []
        emit = on_progress or (lambda _p: None)
        cancel = should_cancel or (lambda: False)
        tokens_before = getattr(self.embedder, "tokens_embedded", 0)

        def flush() -> None:
            if not pending:
                return
            t0 = time.perf_counter()
            self.store.write(
                self.embedder.model_id,
                self.embedder.dimension,
                [(p.record, p.chunks, p.vectors) for p in pending],
                replaced_doc_ids=[d for p in pending for d in p.replaces],
            )
            report.phase_seconds["write"] += time.perf_counter() - t0
            pending.clear()

        # Reading and splitting run one document ahead in a reader thread, so parsing overlaps
        # embedding (pypdf holds the GIL in pure Python; the embedding engines release it).
        stop = threading.Event()
        ready: queue.Queue[_Parsed | None] = queue.Queue(maxsize=2)
        reader = threading.Thread(
            target=self._read_ahead, args=(files, emit, lambda: cancel() or stop.is_set(), report, ready),
            name="ingest-reader", daemon=True,
        )  # fmt: skip
        reader.start()
        try:
            while True:
                parsed = ready.get()
                if parsed is None:
                    break
                if parsed.crashed is not None:
                    raise parsed.crashed
                if isinstance(parsed.result, CancelledError) or cancel():
                    raise CancelledError()
                result = self._embed_one(parsed, emit, cancel, report, pending)
                report.results.append(result)
                emit(IngestProgress(parsed.index, len(files), parsed.path, result.outcome))
                if sum(len(p.chunks) for p in pending) >= WRITE_BATCH_CHUNKS:
                    flush()
        except CancelledError:
            report.cancelled = True
            done = {r.path for r in report.results}
            report.results.extend(FileResult(p, "cancelled") for p in files if p not in done)
        finally:
            stop.set()
            while reader.is_alive():  # unblock a reader waiting to hand over a document
                with contextlib.suppress(queue.Empty):
                    ready.get(timeout=0.05)
            reader.join()
            if own_reader and self.reader is not None:
                self.reader.close()
                self.reader = None
            if self.ocr is not None:
                self.ocr.close()  # its helpers hold memory; the next run starts them again
            # Documents that were fully embedded before a cancel are kept: nothing is lost.
            flush()
            if any(r.outcome in ("added", "replaced") for r in report.results):
                self.store.optimize()
        report.tokens_embedded = getattr(self.embedder, "tokens_embedded", 0) - tokens_before
        report.seconds = time.perf_counter() - started
        return report

    def _read_ahead(
        self,
        files: list[Path],
        emit: Callable[[IngestProgress], None],
        cancel: Callable[[], bool],
        report: IngestReport,
        ready: queue.Queue[_Parsed | None],
    ) -> None:
        try:
            for index, path in enumerate(files):
                if cancel():
                    ready.put(_Parsed(index, len(files), path, result=CancelledError()))
                    return
                parsed = self._parse_one(index, len(files), path, emit, cancel, report)
                ready.put(parsed)
                if isinstance(parsed.result, CancelledError):
                    return
        except BaseException as exc:  # never end the run silently short
            ready.put(_Parsed(0, len(files), Path(), crashed=exc))
        finally:
            ready.put(None)

    def _parse_one(
        self,
        index: int,
        count: int,
        path: Path,
        emit: Callable[[IngestProgress], None],
        cancel: Callable[[], bool],
        report: IngestReport,
    ) -> _Parsed:
        """Hash, check whether anything changed, read and split. Never writes to the store."""
        settings = self.settings
        if not is_supported(path):
            return _Parsed(index, count, path, result=FileResult(
                path, "unsupported", reason="unsupported file type",
                detail=f"'{path.suffix or path.name}' files are not read here ({SUPPORTED_NAMES} are).",
            ))  # fmt: skip
        emit(IngestProgress(index, count, path, "hashing"))
        t0 = time.perf_counter()
        try:
            doc_id = self._hashes.get(str(path)) or file_sha256(path)
            stat = path.stat()
        except OSError as exc:
            failed = FileResult(path, "failed", reason="unreadable", detail=f"cannot be read: {exc.strerror or exc}")
            return _Parsed(index, count, path, result=failed)
        report.phase_seconds["hash"] += time.perf_counter() - t0
        existing = self.store.get_document(doc_id)
        if (
            existing is not None
            and existing.status == "ready"
            and not existing.needs_reindex(self.spec)
            and doc_id not in self.force
        ):
            unchanged = FileResult(
                path, "unchanged", doc_id, existing.pages, existing.chunks, detail="already in the library"
            )
            return _Parsed(index, count, path, result=unchanged)
        base = DocumentRecord(
            doc_id=doc_id, path=str(path), name=path.name, kind="pdf" if path.suffix.lower() == ".pdf" else "text",
            size=stat.st_size, mtime=stat.st_mtime, embedding_model=self.embedder.model_id,
            chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap, chunker=CHUNKER_REVISION,
        )  # fmt: skip
        replaces = [d.doc_id for d in self.store.documents_at_path(str(path)) if d.doc_id != doc_id]
        parsed = _Parsed(index, count, path, base=base, existing=existing is not None, replaces=replaces)
        try:
            t0 = time.perf_counter()
            assert self.reader is not None  # made by ingest()
            parsed.document = self.reader.load(
                path,
                max_bytes=settings.max_file_mb * 1024 * 1024,
                on_progress=lambda done, total: emit(IngestProgress(index, count, path, "reading", done, total)),
                should_cancel=cancel,
                scanned_ok=True,
            )
            if parsed.document.pages_without_text:

                def recognising(done: int, total: int) -> None:
                    emit(IngestProgress(index, count, path, "recognising", done, total))

                parsed.document = complete_document(
                    parsed.document, doc_id, self.ocr, on_progress=recognising, should_cancel=cancel
                )
            report.phase_seconds["parse"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            document = parsed.document
            room = self.embedder.max_input_tokens - (CONTEXT_TOKENS if SECTION_HEADINGS and document.sections else 0)
            locate = {"pdf": LOCATE_NONE, "text": LOCATE_LINES}.get(document.kind, LOCATE_ANCHORS)
            parsed.chunks = chunk_pages(
                doc_id, document.pages, min(settings.chunk_size, room), settings.chunk_overlap,
                length=self.embedder.count_tokens, sections=document.sections, headings_in_text=SECTION_HEADINGS,
                anchors=document.anchors, locate=locate, breaks=document.sections if SECTION_CHUNKS else None,
            )  # fmt: skip
            report.phase_seconds["split"] += time.perf_counter() - t0
        except (CancelledError, DocumentError) as exc:
            parsed.result = exc
        return parsed

    def _vectors(
        self, parsed: _Parsed, emit: Callable[[IngestProgress], None], cancel: Callable[[], bool], report: IngestReport
    ) -> list[list[float]]:
        """The chunks' vectors: those this model made before for the same text are reused (a changed
        file, a document added twice under other names), the others are embedded."""
        hashes = [c.text_hash for c in parsed.chunks]
        known = self.store.cached_vectors(self.embedder.model_id, hashes)
        missing = [i for i, h in enumerate(hashes) if h not in known]
        reused = len(hashes) - len(missing)
        report.reused_chunks += reused

        def progress(done: int, _total: int) -> None:
            emit(IngestProgress(parsed.index, parsed.count, parsed.path, "embedding", reused + done, len(hashes)))

        fresh = self.embedder.embed_documents(
            [parsed.chunks[i].embedding_text for i in missing], on_progress=progress, should_cancel=cancel
        )
        made = dict(zip(missing, fresh, strict=True))
        return [made[i] if i in made else known[h] for i, h in enumerate(hashes)]

    def _embed_one(
        self,
        parsed: _Parsed,
        emit: Callable[[IngestProgress], None],
        cancel: Callable[[], bool],
        report: IngestReport,
        pending: list[_Pending],
    ) -> FileResult:
        """Embed a parsed document and queue it for the next batched write (this thread is the writer)."""
        if isinstance(parsed.result, FileResult):
            return parsed.result
        path, base = parsed.path, parsed.base
        assert base is not None
        if isinstance(parsed.result, DocumentError):
            exc = parsed.result
            self.store.record_failure(
                DocumentRecord(**{**base.__dict__, "status": "failed", "error": exc.reason, "embedding_model": ""})
            )
            return FileResult(path, "failed", base.doc_id, reason=exc.reason, detail=exc.detail)
        if any(p.record.doc_id == base.doc_id for p in pending):  # the same bytes twice in one run
            return FileResult(path, "unchanged", base.doc_id, detail="already in the library")
        assert parsed.document is not None
        try:
            t0 = time.perf_counter()
            vectors = self._vectors(parsed, emit, cancel, report)
            report.phase_seconds["embed"] += time.perf_counter() - t0
        except CancelledError:
            raise
        except DesktopGptError as exc:
            return FileResult(path, "failed", base.doc_id, reason="error", detail=str(exc))
        doc = parsed.document
        record = DocumentRecord(
            **{**base.__dict__, "title": doc.title, "author": doc.author, "pages": doc.page_count,
               "chunks": len(parsed.chunks), "encoding": doc.encoding, "kind": doc.kind,
               "ocr_pages": len(doc.recognised_pages), "unread_pages": ", ".join(map(str, doc.unread_pages)),
               "unread_reason": doc.unread_reason}
        )  # fmt: skip
        emit(IngestProgress(parsed.index, parsed.count, path, "writing"))
        pending.append(_Pending(record, parsed.chunks, vectors, parsed.replaces))
        outcome = "replaced" if parsed.replaces or parsed.existing else "added"
        return FileResult(
            path, outcome, base.doc_id, doc.page_count, len(parsed.chunks), detail=doc.unread_reason,
            ocr_pages=record.ocr_pages, unread_pages=record.unread_pages,
        )  # fmt: skip
