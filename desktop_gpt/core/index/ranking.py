"""Ranking as pure functions: which terms a keyword search uses, and how vector and keyword results
are fused (reciprocal rank fusion). No store, no engine: tested in milliseconds."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

RRF_K = 60
MAX_KEYWORD_TERMS = 16
_WORD = re.compile(r"\w+")
_STOP_WORDS_TEXT = (
    "a an and are as at be but by for from had has have he her his i if in into is it its me my no not of on or "
    "our she so than that the their them then there these they this to was we were what when where which who "
    "why will with would you your how does did do can could should about"
)
_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def keyword_query(text: str) -> str:
    """The terms worth a keyword search: distinct, no stop words, at most ``MAX_KEYWORD_TERMS``.

    Each term costs a posting-list scan, so a pasted paragraph would otherwise make keyword search
    several times slower than a question; when there are too many terms the longest (usually the
    rarest and most telling) are kept, in their original order.
    """
    terms = list(dict.fromkeys(w for w in _WORD.findall(text.lower()) if w not in _STOP_WORDS))
    if len(terms) > MAX_KEYWORD_TERMS:
        keep = set(sorted(terms, key=len, reverse=True)[:MAX_KEYWORD_TERMS])
        terms = [t for t in terms if t in keep]
    return " ".join(terms)


@dataclass
class Ranked:
    """One passage found by either search, with what each search said about it."""

    row: dict[str, Any]
    similarity: float | None = None  # cosine similarity, from the vector search
    keyword_score: float | None = None  # BM25, from the keyword search
    rrf: float = 0.0

    def score(self, mode: str) -> float:
        if mode == "vector":
            return float(self.similarity or 0.0)
        if mode == "fts":
            return float(self.keyword_score or 0.0)
        return self.rrf


def _similarity(row: dict[str, Any]) -> float | None:
    # Keyword-only hits carry no distance: their relevance is the keyword match itself.
    distance = row.get("_distance")
    return None if distance is None else 1.0 - float(distance)


def fuse(
    vector_rows: Sequence[dict[str, Any]], keyword_rows: Sequence[dict[str, Any]], *, mode: str, k: int
) -> list[Ranked]:
    """The ``k`` best passages for ``mode``: by similarity, by BM25, or by reciprocal rank fusion.

    Rows are keyed by ``chunk_id``; vector rows carry ``_distance`` (cosine), keyword rows ``_score``.
    """
    merged: dict[str, Ranked] = {}
    for rank, row in enumerate(vector_rows):
        entry = merged.setdefault(row["chunk_id"], Ranked(row))
        entry.similarity = _similarity(row)
        entry.rrf += 1.0 / (RRF_K + rank + 1)
    for rank, row in enumerate(keyword_rows):
        entry = merged.setdefault(row["chunk_id"], Ranked(row))
        if entry.similarity is None:
            entry.similarity = _similarity(row)
        entry.keyword_score = float(row["_score"])
        entry.rrf += 1.0 / (RRF_K + rank + 1)
    return sorted(merged.values(), key=lambda e: e.score(mode), reverse=True)[:k]
