"""What the index holds, as plain records: a document, how it was embedded, and a search hit."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from desktop_gpt.core.documents.chunking import CHUNKER_REVISION


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
    #: The chunker's revision that cut the passages (0: before revisions were recorded).
    chunker: int = 0
    #: Pages without a text layer whose text was recognised by OCR, and those that could not be read
    #: ("3, 7"), with why: the library row names them, a page is never dropped silently.
    ocr_pages: int = 0
    unread_pages: str = ""
    unread_reason: str = ""

    def needs_reindex(self, spec: IndexSpec) -> bool:
        """Indexed, but with another embedding model, chunking or chunker than ``spec``: the one rule for it."""
        made_with = IndexSpec(self.embedding_model, self.chunk_size, self.chunk_overlap, self.chunker)
        return self.status == "ready" and made_with != spec


@dataclass(frozen=True)
class IndexSpec:
    """How documents are embedded with the current settings."""

    embedding_model: str  # the vector space (see embedding_model_id)
    chunk_size: int
    chunk_overlap: int
    chunker: int = CHUNKER_REVISION


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
    #: Where the passage is when a page number is not enough ("Slide 3", "Suppliers · row 14"); "" for PDFs.
    location: str = ""

    @property
    def place(self) -> str:
        """The passage's place for people: its location, else "p. 12"."""
        return self.location or f"p. {self.page}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
