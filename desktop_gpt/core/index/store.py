"""The document store: LanceDB tables in the data directory.

* ``documents``: one row per document, keyed by the SHA-256 of its bytes.
* ``chunks_<model>``: one table per embedding model, so vectors of different models never mix.

Writes go through one lock (one writer) and arrive in batches; searches read the newest version.

Crash safety: every write of a document gives its chunks a new *generation*, and the document row
names the generation it shows. The row is switched in one commit after all its chunks are stored,
so a kill at any moment leaves each document either as it was or as it is now, never half. Chunks
of no current generation are invisible to search and are purged when the store is opened.

Keyword search has two full-text indexes: ``text`` (words, English stemming and stop words) and
``text_cjk`` (the chunk's Hangul, kana and Han runs cut into 2- and 3-character grams, so 계약서 finds
계약서를). See benchmarks/keyword_korean.py for why grams rather than a Korean morphological analyser.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from desktop_gpt.core.app.errors import DocumentNotFoundError, StoreError
from desktop_gpt.core.app.files import why_write_failed
from desktop_gpt.core.documents.chunking import Chunk
from desktop_gpt.core.index.integrity import Repairs, TableRepair
from desktop_gpt.core.index.ranking import CJK_CHARACTERS, cjk_query, cjk_text, fuse, is_lookup, keyword_query
from desktop_gpt.core.index.records import DocumentRecord, SearchHit

log = logging.getLogger(__name__)

DOCUMENTS_TABLE = "documents"
DOC_CACHE_SECONDS = 2.0
VECTOR_INDEX_MIN_ROWS = 50_000
VECTOR_NPROBES = 20
VECTOR_REFINE = 5
HIT_COLUMNS = ["chunk_id", "doc_id", "generation", "page", "start", "end", "text", "location"]
CJK_COLUMN = "text_cjk"
#: Columns a chunk table of an older version may lack (its documents were PDFs and text files).
_LATER_CHUNK_COLUMNS = ["generation", CJK_COLUMN, "location", "text_hash"]
#: Columns a store from an older version lacks, and how opening fills them (SQL over each row);
#: any other missing text column is added empty.
_MIGRATED_COLUMNS = {
    CJK_COLUMN: f"btrim(regexp_replace(text, '[^{CJK_CHARACTERS}]+', ' ', 'g'))",
    "text_hash": "md5(text)",  # Chunk.text_hash: headings are not embedded with the text by default
    "chunker": "CAST(0 AS INT)",  # documents cut before chunker revisions were recorded
    "ocr_pages": "CAST(0 AS INT)",  # documents indexed before OCR had no recognised pages
}
#: Hashes looked up in one query of the vector cache.
CACHE_LOOKUP_BATCH = 400
_HEX = re.compile(r"^[0-9a-f]{1,64}$")

DOCUMENT_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string()),
        pa.field("path", pa.string()),
        pa.field("name", pa.string()),
        pa.field("title", pa.string()),
        pa.field("author", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("size", pa.int64()),
        pa.field("mtime", pa.float64()),
        pa.field("pages", pa.int32()),
        pa.field("chunks", pa.int32()),
        pa.field("status", pa.string()),
        pa.field("error", pa.string()),
        pa.field("embedding_model", pa.string()),
        pa.field("chunk_size", pa.int32()),
        pa.field("chunk_overlap", pa.int32()),
        pa.field("added_at", pa.float64()),
        pa.field("generation", pa.string()),
        pa.field("encoding", pa.string()),
        pa.field("chunker", pa.int32()),
        pa.field("ocr_pages", pa.int32()),
        pa.field("unread_pages", pa.string()),
        pa.field("unread_reason", pa.string()),
    ]
)


def chunks_schema(dimension: int) -> pa.Schema:
    return pa.schema(
        [
            pa.field("chunk_id", pa.string()),
            pa.field("doc_id", pa.string()),
            pa.field("chunk_index", pa.int32()),
            pa.field("page", pa.int32()),
            pa.field("start", pa.int32()),
            pa.field("end", pa.int32()),
            pa.field("text", pa.string()),
            pa.field("embedding_model", pa.string()),
            pa.field("vector", pa.list_(pa.float32(), dimension)),
            pa.field("generation", pa.string()),
            pa.field(CJK_COLUMN, pa.string()),
            pa.field("location", pa.string()),  # "Slide 3 · Results", "Suppliers · row 14"; "" for PDFs
            pa.field("text_hash", pa.string()),  # Chunk.text_hash: the key of the vector cache
        ]
    )


def _fts_configs() -> dict[str, Any]:
    """The full-text index of each keyword column."""
    from lancedb.index import FTS

    return {
        "text": FTS(stem=True, remove_stop_words=True, ascii_folding=True),
        CJK_COLUMN: FTS(
            base_tokenizer="ngram",
            ngram_min_length=2,
            ngram_max_length=3,
            stem=False,
            remove_stop_words=False,
            ascii_folding=False,
        ),
    }


def new_generation() -> str:
    return uuid.uuid4().hex[:16]


def _probe(table: Any) -> None:
    """Read every row of a table (all but the vectors): raises if a file it needs is missing or damaged."""
    columns = [name for name in table.schema.names if name != "vector"]
    table.search().select(columns).limit(None).to_arrow()


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _check_id(doc_id: str) -> str:
    if not _HEX.match(doc_id):
        raise DocumentNotFoundError(f"'{doc_id}' is not a document id.")
    return doc_id


def chunks_table_name(model_id: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "_", model_id).strip("_")[:48]
    return f"chunks_{slug}_{hashlib.sha1(model_id.encode()).hexdigest()[:8]}"


class DocumentStore:
    def __init__(self, store_dir: Path, *, repair: bool = True) -> None:
        """Open (or create) the store. With ``repair`` (the process that holds the data folder's
        lock), damaged tables are rolled back to their last good version and orphans are purged;
        what was fixed is in :attr:`repairs`."""
        import lancedb

        store_dir.mkdir(parents=True, exist_ok=True)
        self.store_dir = store_dir
        self.repairs = Repairs()
        self._chunk_tables: dict[str, Any] = {}
        try:
            self._db = lancedb.connect(str(store_dir), read_consistency_interval=timedelta(0))
            self._documents = self._open_table(DOCUMENTS_TABLE, DOCUMENT_SCHEMA, "library's list of documents", repair)
        except Exception as exc:
            later = "" if repair else " (the window, or the next command that writes, repairs it)"
            raise StoreError(f"Cannot open the document store in {store_dir}: {exc}{later}") from exc
        self._write_lock = threading.RLock()  # check() marks documents while it holds it
        self._doc_cache: dict[str, DocumentRecord] = {}
        self._doc_cache_time = 0.0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-search")
        self._vector_indexed: set[str] = set()
        self._cjk_indexed: set[str] = set()
        if repair:
            try:
                self.check()
            except Exception as exc:
                raise StoreError(f"Cannot check the document store in {store_dir}: {exc}") from exc

    def _open_table(self, name: str, schema: pa.Schema | None, label: str, repair: bool) -> Any:
        """Open a table; with ``repair``, roll back damage (a chunk table that is lost is dropped:
        the documents it held are then marked for re-indexing)."""

        def create() -> Any:
            return None if schema is None else self._db.create_table(name, schema=schema, exist_ok=True)

        if name not in self._table_names():
            return create()
        if not repair:
            return self._db.open_table(name)
        table = TableRepair(self._db, name, self.store_dir, _probe, create, self.repairs, label).open()
        if table is not None:  # a store from an older version: its missing columns, in one commit
            wanted = schema.names if schema is not None else _LATER_CHUNK_COLUMNS
            missing = [name for name in wanted if name not in table.schema.names]
            if missing:
                table.add_columns({name: _MIGRATED_COLUMNS.get(name, "CAST('' AS STRING)") for name in missing})
        return table

    def check(self) -> int:
        """Open every chunk table (rolling back damage), then make the library consistent: a ready
        document whose chunks are not all there is marked for re-indexing, and chunks that no
        document shows are purged. Returns how many chunks were purged."""
        with self._write_lock:
            counts: dict[str, Counter[tuple[str, str]]] = {}
            for name in self._table_names():
                if name.startswith("chunks_"):
                    table = self._open_table(name, None, "search index", True)
                    self._chunk_tables.pop(name, None)
                    if table is not None:
                        self._chunk_tables[name] = table
                        self._ensure_fts_index(table)  # a migrated store gains its CJK index here
                        pairs = table.search().select(["doc_id", "generation"]).limit(None).to_arrow()
                        ids, generations = pairs["doc_id"].to_pylist(), pairs["generation"].to_pylist()
                        counts[name] = Counter(zip(ids, generations, strict=True))
            ready = {r.doc_id: r for r in self.list_documents() if r.status == "ready"}
            shown = {(d.doc_id, d.generation, chunks_table_name(d.embedding_model)) for d in ready.values()}
            purged = 0
            for name, pairs in counts.items():
                stale = [pair for pair in pairs if (*pair, name) not in shown]
                purged += sum(pairs[pair] for pair in stale)
                for start in range(0, len(stale), 200):
                    batch = stale[start : start + 200]
                    self._chunk_tables[name].delete(
                        " OR ".join(f"(doc_id = {_quote(d)} AND generation = {_quote(g)})" for d, g in batch)
                    )
            for doc in ready.values():
                table_counts = counts.get(chunks_table_name(doc.embedding_model), Counter())
                if table_counts[(doc.doc_id, doc.generation)] != doc.chunks:
                    self.record_failure(replace(doc, status="failed", error="index damaged: re-index"))
                    self.repairs.add(f"{doc.name} lost part of its index (the store was damaged); re-index it.")
        if purged:
            log.info("Purged %d chunks left by interrupted writes.", purged)
        return purged

    # -- documents ---------------------------------------------------------------------------

    def _document_rows(self, where: str | None = None) -> list[dict[str, Any]]:
        query = self._documents.search()
        if where:
            query = query.where(where)
        return query.limit(None).to_list()

    @staticmethod
    def _record(row: dict[str, Any]) -> DocumentRecord:
        names = {f.name for f in fields(DocumentRecord)}
        return DocumentRecord(**{k: v for k, v in row.items() if k in names})

    def list_documents(self) -> list[DocumentRecord]:
        records = [self._record(r) for r in self._document_rows()]
        return sorted(records, key=lambda r: (r.name.lower(), r.path))

    def get_document(self, doc_id: str) -> DocumentRecord | None:
        rows = self._document_rows(f"doc_id = {_quote(_check_id(doc_id))}")
        return self._record(rows[0]) if rows else None

    def documents_at_path(self, path: str) -> list[DocumentRecord]:
        return [self._record(r) for r in self._document_rows(f"path = {_quote(path)}")]

    def resolve(self, ref: str, docs: Sequence[DocumentRecord] | None = None) -> DocumentRecord:
        """Find a document by id, id prefix, path or file name, in ``docs`` (default: the library)."""
        docs = self.list_documents() if docs is None else docs
        matches = [d for d in docs if d.doc_id == ref or d.path == ref]
        if not matches and len(ref) >= 6:
            matches = [d for d in docs if d.doc_id.startswith(ref.lower())]
        if not matches:
            resolved = str(Path(ref).expanduser().resolve()) if ref else ref
            matches = [d for d in docs if d.path == resolved or d.name == ref]
        if not matches:
            raise DocumentNotFoundError(f"No document matches '{ref}'. See 'desktop-gpt list'.")
        if len(matches) > 1:
            raise DocumentNotFoundError(
                f"'{ref}' matches {len(matches)} documents; use its id from 'desktop-gpt list'."
            )
        return matches[0]

    # -- chunks ------------------------------------------------------------------------------

    def _chunks_table(self, model_id: str, dimension: int | None = None) -> Any | None:
        name = chunks_table_name(model_id)
        table = self._chunk_tables.get(name)
        if table is not None:
            return table
        if name in self._table_names():
            table = self._db.open_table(name)
        elif dimension is None:
            return None
        else:
            table = self._db.create_table(name, schema=chunks_schema(dimension), exist_ok=True)
        self._chunk_tables[name] = table
        return table

    def count_chunks(self, model_id: str, doc_id: str | None = None) -> int:
        """Chunks stored for a model (all rows), or those a document shows (its current generation)."""
        table = self._chunks_table(model_id)
        if table is None:
            return 0
        return int(table.count_rows(self._current_chunks(doc_id) if doc_id else None))

    def chunks_of(self, model_id: str, doc_id: str) -> list[dict[str, Any]]:
        table = self._chunks_table(model_id)
        if table is None:
            return []
        rows = table.search().where(self._current_chunks(doc_id)).limit(None).to_list()
        return sorted(rows, key=lambda r: r["chunk_index"])

    def cached_vectors(self, model_id: str, text_hashes: Iterable[str]) -> dict[str, list[float]]:
        """Vectors this model already made for texts with these hashes (any document's, any
        version's): a changed file re-embeds only the chunks whose text changed."""
        table = self._chunks_table(model_id)
        wanted = [h for h in dict.fromkeys(text_hashes) if _HEX.match(h)]
        found: dict[str, list[float]] = {}
        if table is None or "text_hash" not in table.schema.names:
            return found
        for start in range(0, len(wanted), CACHE_LOOKUP_BATCH):
            batch = wanted[start : start + CACHE_LOOKUP_BATCH]
            rows = (
                table.search()
                .where(f"text_hash IN ({', '.join(_quote(h) for h in batch)})")
                .select(["text_hash", "vector"])
                .limit(None)
                .to_arrow()
            )
            for text_hash, vector in zip(rows["text_hash"].to_pylist(), rows["vector"].to_pylist(), strict=True):
                found.setdefault(text_hash, vector)
        return found

    def _current_chunks(self, doc_id: str) -> str:
        doc = self.get_document(doc_id)
        generation = doc.generation if doc is not None else ""
        return f"doc_id = {_quote(_check_id(doc_id))} AND generation = {_quote(generation)}"

    # -- writing -----------------------------------------------------------------------------

    def write(
        self,
        model_id: str,
        dimension: int,
        documents: Sequence[tuple[DocumentRecord, Sequence[Chunk], Sequence[Sequence[float]]]],
        replaced_doc_ids: Iterable[str] = (),
    ) -> None:
        """Store several documents and their chunks in one batch, then drop what they replace.

        Order matters for crash safety: new chunks first (under a new generation), then the
        document rows that show them (one commit), and only then the chunks they no longer show.
        A kill at any point leaves at worst chunks no document shows, which opening purges.
        """
        generations = {record.doc_id: new_generation() for record, _, _ in documents}
        rows: list[dict[str, Any]] = []
        for record, chunks, vectors in documents:
            if len(chunks) != len(vectors):
                raise StoreError(f"{record.name}: {len(chunks)} chunks but {len(vectors)} vectors.")
            for chunk, vector in zip(chunks, vectors, strict=True):
                if len(vector) != dimension:
                    raise StoreError(f"{record.name}: vector of size {len(vector)}, expected {dimension}.")
                rows.append(
                    {
                        "chunk_id": chunk.chunk_id,
                        "doc_id": record.doc_id,
                        "chunk_index": chunk.index,
                        "page": chunk.page,
                        "start": chunk.start,
                        "end": chunk.end,
                        "text": chunk.text,
                        "embedding_model": model_id,
                        "vector": vector,
                        "generation": generations[record.doc_id],
                        CJK_COLUMN: cjk_text(chunk.text),
                        "location": chunk.location,
                        "text_hash": chunk.text_hash,
                    }
                )
        with self._writing("The library could not be saved"):
            table = self._chunks_table(model_id, dimension)
            assert table is not None  # created when a dimension is given
            if rows:
                table.add(pa.Table.from_pylist(rows, schema=table.schema))
                self._ensure_fts_index(table)
            doc_rows = [{**asdict(record), "generation": generations[record.doc_id]} for record, _, _ in documents]
            if doc_rows:
                self._upsert_documents(doc_rows)
                ids = ", ".join(_quote(d) for d in generations)
                shown = ", ".join(_quote(g) for g in generations.values())
                self._delete_chunks(f"doc_id IN ({ids}) AND generation NOT IN ({shown})")
            gone = [d for d in replaced_doc_ids if d not in generations]
            if gone:
                self._delete_documents(gone)

    @contextmanager
    def _writing(self, what: str) -> Iterator[None]:
        """One writer at a time; a failure (a full disk, a read-only folder) in plain words. LanceDB
        commits each step whole, so what the library showed before stays as it was."""
        self._invalidate()
        with self._write_lock:
            try:
                yield
            except StoreError:
                raise
            except Exception as exc:
                raise StoreError(
                    f"{what}: {why_write_failed(exc)}. What was already in the library is unchanged."
                ) from exc

    def _upsert_documents(self, rows: list[dict[str, Any]]) -> None:
        (
            self._documents.merge_insert("doc_id")
            .when_matched_update_all()
            .when_not_matched_insert_all()
            .execute(pa.Table.from_pylist(rows, schema=self._documents.schema))
        )

    def record_failure(self, record: DocumentRecord) -> None:
        """A document that could not be read: listed with its reason, showing no chunks."""
        with self._writing(f"{record.name} could not be listed as failed"):
            self._upsert_documents([{**asdict(record), "generation": ""}])

    def relocate(self, doc_id: str, path: str, mtime: float) -> DocumentRecord:
        """A document's file was moved or renamed (same bytes): it keeps its passages, under its new path."""
        record = self.get_document(doc_id)
        if record is None:
            raise DocumentNotFoundError(f"No document with id {doc_id}.")
        moved = replace(record, path=path, name=Path(path).name, mtime=mtime)
        with self._writing(f"{record.name} could not be given its new place"):
            self._upsert_documents([asdict(moved)])
        return moved

    def _delete_documents(self, doc_ids: Sequence[str]) -> None:
        """The rows go first (one commit hides the documents), then their chunks."""
        self._invalidate()
        in_list = ", ".join(_quote(_check_id(d)) for d in doc_ids)
        self._documents.delete(f"doc_id IN ({in_list})")
        self._delete_chunks(f"doc_id IN ({in_list})")

    def _delete_chunks(self, condition: str) -> None:
        for name in self._table_names():
            if name.startswith("chunks_"):
                self._chunks_table_by_name(name).delete(condition)

    def _table_names(self) -> list[str]:
        names: list[str] = []
        token = None
        while True:
            page = self._db.list_tables(page_token=token)
            names.extend(page.tables)
            token = page.page_token
            if not token:
                return names

    def _chunks_table_by_name(self, name: str) -> Any:
        if name not in self._chunk_tables:
            self._chunk_tables[name] = self._db.open_table(name)
        return self._chunk_tables[name]

    def remove_document(self, doc_id: str) -> DocumentRecord:
        record = self.get_document(doc_id)
        if record is None:
            raise DocumentNotFoundError(f"No document with id {doc_id}.")
        with self._writing(f"{record.name} could not be removed"):
            self._delete_documents([doc_id])
        return record

    def purge_orphans(self) -> int:
        """Remove chunks no document shows (left by an interrupted write); opening the store does it too."""
        return self.check()

    @staticmethod
    def _fts_columns(table: Any) -> set[str]:
        return {column for index in table.list_indices() if index.index_type == "FTS" for column in index.columns}

    def _ensure_fts_index(self, table: Any) -> None:
        """Each keyword column has its full-text index once the table has rows (later rows are
        folded in by :meth:`optimize`; until then LanceDB searches them unindexed)."""
        configs, indexed = _fts_configs(), self._fts_columns(table)
        missing = [c for c in configs if c in table.schema.names and c not in indexed]
        if missing and table.count_rows() > 0:
            for column in missing:
                table.create_index(column, config=configs[column])

    def optimize(self) -> None:
        """Fold new rows into the indexes and compact the many small versions that writes create.

        Past ``VECTOR_INDEX_MIN_ROWS`` chunks a table gets an approximate vector index (IVF with
        HNSW and scalar quantisation), so vector search stays fast as the library grows; results
        are re-ranked with exact distances (``refine_factor``).
        """
        try:
            self._optimize()
        except Exception as exc:  # upkeep only: the data is complete without it
            log.warning("Could not compact the library: %s", why_write_failed(exc))

    def _optimize(self) -> None:
        with self._write_lock:
            self._documents.optimize()
            for name in self._table_names():
                if not name.startswith("chunks_"):
                    continue
                table = self._chunks_table_by_name(name)
                table.optimize()
                if not self._has_vector_index(table) and table.count_rows() >= VECTOR_INDEX_MIN_ROWS:
                    table.create_index(
                        metric="cosine", vector_column_name="vector", index_type="IVF_HNSW_SQ", replace=True
                    )
                    self._vector_indexed.discard(name)

    def _has_vector_index(self, table: Any) -> bool:
        name = table.name
        if name not in self._vector_indexed and any(i.index_type.startswith("IVF") for i in table.list_indices()):
            self._vector_indexed.add(name)
        return name in self._vector_indexed

    # -- searching ---------------------------------------------------------------------------

    @staticmethod
    def keyword_query(text: str) -> str:
        return keyword_query(text)

    def _keyword_queries(self, table: Any, text: str) -> list[Any]:
        """One query per keyword column that the text has terms for: its words, its CJK stems (a
        store not yet migrated, opened read-only, has no CJK index: words only)."""
        from lancedb.query import MatchQuery

        queries = []
        words = keyword_query(text)
        if words:
            queries.append(MatchQuery(words, "text"))  # type: ignore[call-arg]
        cjk = cjk_query(text)
        if cjk and self._has_cjk_index(table):
            queries.append(MatchQuery(cjk, CJK_COLUMN))  # type: ignore[call-arg]
        return queries

    def _has_cjk_index(self, table: Any) -> bool:
        name = table.name
        if name not in self._cjk_indexed and CJK_COLUMN in self._fts_columns(table):
            self._cjk_indexed.add(name)
        return name in self._cjk_indexed

    def search(
        self,
        model_id: str,
        *,
        query_text: str,
        query_vector: Sequence[float] | None,
        k: int,
        mode: str,
        doc_ids: Sequence[str] | None = None,
    ) -> list[SearchHit]:
        """Vector, keyword (BM25) or hybrid (reciprocal rank fusion of both) search."""
        table = self._chunks_table(model_id)
        if table is None or k <= 0:
            return []
        where = None
        if doc_ids is not None:
            if not doc_ids:
                return []
            where = f"doc_id IN ({', '.join(_quote(_check_id(d)) for d in doc_ids)})"
        queries = self._keyword_queries(table, query_text) if mode in ("fts", "hybrid") else []
        # Deeper lists where two rankings are merged: keyword mode ranks by the columns' BM25
        # summed (as one query over both would, at half BooleanQuery's latency).
        depth = k if mode == "vector" or (mode == "fts" and len(queries) < 2) else max(3 * k, 20)

        def vector_search() -> list[dict[str, Any]]:
            if query_vector is None:
                raise StoreError("Vector search needs a query vector.")
            q = table.search(list(query_vector), vector_column_name="vector").distance_type("cosine")
            if self._has_vector_index(table):
                q = q.nprobes(VECTOR_NPROBES).refine_factor(VECTOR_REFINE)
            if where:
                q = q.where(where, prefilter=True)
            return q.select([*HIT_COLUMNS, "_distance"]).limit(depth).to_list()

        def keyword_search(queries: Sequence[Any]) -> list[list[dict[str, Any]]]:
            lists = []
            for query in queries:
                q = table.search(query, query_type="fts")
                if where:
                    q = q.where(where, prefilter=True)
                lists.append(q.select([*HIT_COLUMNS, "_score"]).limit(depth).to_list())
            return lists

        if mode not in ("vector", "fts", "hybrid"):
            raise StoreError(f"Unknown search mode '{mode}'.")
        vector_rows: list[dict[str, Any]] = []
        keyword_lists: list[list[dict[str, Any]]] = []
        if mode == "hybrid" and queries:
            # Both searches at once: LanceDB releases the GIL while it scans.
            future = self._pool.submit(keyword_search, queries)
            vector_rows = vector_search()
            keyword_lists = future.result()
        else:
            if mode in ("vector", "hybrid"):
                vector_rows = vector_search()
            keyword_lists = keyword_search(queries)

        ordered = fuse(vector_rows, *keyword_lists, mode=mode, k=k, lookup=is_lookup(query_text))
        docs = self._documents_by_id({e.row["doc_id"] for e in ordered})
        hits = []
        for entry in ordered:
            row = entry.row
            doc = docs.get(row["doc_id"])
            if doc is None or doc.generation != row["generation"] or doc.status != "ready":
                continue  # a chunk of an interrupted write or of an older version: never cite it
            hits.append(
                SearchHit(
                    chunk_id=row["chunk_id"],
                    doc_id=row["doc_id"],
                    document=doc.name,
                    path=doc.path,
                    page=int(row["page"]),
                    start=int(row["start"]),
                    end=int(row["end"]),
                    text=row["text"],
                    score=entry.score(mode),
                    similarity=entry.similarity,
                    keyword_score=entry.keyword_score,
                    location=row.get("location") or "",
                )
            )
        return hits

    def _documents_by_id(self, doc_ids: set[str]) -> dict[str, DocumentRecord]:
        """Document rows for search hits, from a small cache refreshed after writes and every few seconds."""
        if not doc_ids:
            return {}
        now = time.monotonic()
        if now - self._doc_cache_time > DOC_CACHE_SECONDS:  # another process may have written
            self._doc_cache, self._doc_cache_time = {}, now
        missing = doc_ids - self._doc_cache.keys()
        if missing:
            rows = self._document_rows(f"doc_id IN ({', '.join(_quote(d) for d in sorted(missing))})")
            self._doc_cache.update({r["doc_id"]: self._record(r) for r in rows})
        return {d: self._doc_cache[d] for d in doc_ids if d in self._doc_cache}

    def _invalidate(self) -> None:
        self._doc_cache = {}
        self._doc_cache_time = 0.0
