"""What the index holds, as plain records: a document, how it was embedded, and a search hit."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocumentRecord:
    doc_id: str
    path: str
    name: str
    title: str = ""
    author: str = ""
    kind: str = ""
    size: int = 0
    mtime: float = 0.0
    pages: int = 0
    chunks: int = 0
    status: str = "ready"  # "ready" or "failed"
    error: str = ""
    embedding_model: str = ""
    chunk_size: int = 0
    chunk_overlap: int = 0
    added_at: float = field(default_factory=time.time)
    #: Which write made the document's chunks: its row names it, so chunks of an interrupted
    #: write or of an older version of the document are never counted or cited.
    generation: str = ""
    encoding: str = ""  # of a text file, in words (e.g. "cp949 (Korean)"); empty for PDFs
    #: Pages without a text layer whose text was recognised by OCR, and those that could not be read
    #: ("3, 7"), with why: the library row names them, a page is never dropped silently.
    ocr_pages: int = 0
    unread_pages: str = ""
    unread_reason: str = ""

    def needs_reindex(self, spec: IndexSpec) -> bool:
        """Indexed, but with another embedding model or chunking than ``spec``: the one rule for it."""
        made_with = IndexSpec(self.embedding_model, self.chunk_size, self.chunk_overlap)
        return self.status == "ready" and made_with != spec


@dataclass(frozen=True)
class IndexSpec:
    """How documents are embedded with the current settings."""

    embedding_model: str  # the vector space (see embedding_model_id)
    chunk_size: int
    chunk_overlap: int


@dataclass(frozen=True)
class SearchHit:
    chunk_id: str
    doc_id: str
    document: str
    path: str
    page: int
    start: int
    end: int
    text: str
    score: float  # the ranking score of the mode used (similarity, BM25 or RRF)
    similarity: float | None  # cosine similarity to the query, when a query vector was given
    keyword_score: float | None  # BM25 score, when the keyword search found this chunk

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
