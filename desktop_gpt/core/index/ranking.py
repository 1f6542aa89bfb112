"""Ranking as pure functions: which terms a keyword search uses, and how vector and keyword results
are fused (reciprocal rank fusion). No store, no engine: tested in milliseconds."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Reciprocal rank fusion: score = Σ weight / (RRF_K + rank). Chosen on the benchmark's labelled query
#: sets (benchmarks/retrieval.py, e5, MRR@10): the textbook K=60 with equal weights gave English
#: 0.660, Korean 0.601; K=5 with the vector list counted twice gives 0.675 and 0.709 (a small K lets
#: a first place count; the multilingual vectors are the better list, keyword matches the tie-break).
RRF_K = 5
VECTOR_WEIGHT = 2.0
#: A lookup of an exact term (a part number, a case number: letters and digits, or a query of one or
#: two words) needs the keyword match to win: there the textbook fusion (K=60, equal weights) is used.
LOOKUP_RRF_K = 60
_CODE = re.compile(r"(?=\w*\d)(?=\w*[^\W\d])\w{4,}")


def is_lookup(query: str) -> bool:
    """A query for an exact term rather than a question: a code of letters and digits, or one or two words."""
    return bool(_CODE.search(query)) or len(query.split()) <= 2


#: A question's first word ("Why", "How", "Which") is capitalised for its place, not its meaning;
#: e5's tokenizer is case-sensitive, and the capitalised word pulls the query towards every question
#: heading of an FAQ. Measured (e5, MRR@10, English): hybrid 0.815 → 0.837 with section chunks, and
#: +0.014 to +0.040 on four other chunkings (400 tokens, overlap 0 and 80, chunks across sections);
#: Korean unchanged; acronyms and one-letter names ("R은") keep their capitals.
_FIRST_WORD = re.compile(r"^\s*[A-Z][a-z]+\b")


def vector_query(text: str) -> str:
    """What is embedded for a vector search: the query with its first word's capital dropped
    ("Why is R slow?" → "why is R slow?")."""
    return _FIRST_WORD.sub(lambda m: m.group().lower(), text, count=1)


MAX_KEYWORD_TERMS = 16
_WORD = re.compile(r"\w+")
_STOP_WORDS_TEXT = (
    "a an and are as at be but by for from had has have he her his i if in into is it its me my no not of on or "
    "our she so than that the their them then there these they this to was we were what when where which who "
    "why will with would you your how does did do can could should about"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

#: Hangul (syllables, jamo), kana and Han characters: scripts that glue particles to their
#: words or use no spaces at all, so a word tokenizer finds no useful terms in them.
CJK_CHARACTERS = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{CJK_CHARACTERS}]+")
#: Korean words that only shape a question (what, how, who, is there…): they match everywhere.
_KO_QUESTION_TEXT = (
    "무엇 무엇을 무엇이 무엇은 무엇인가요 무엇인지 뭐 뭔가요 뭐예요 어떻게 어떤 어느 누가 "
    "누구 누구인가요 누구예요 언제 언제인가요 어디 어디에 어디서 어디에서 왜 몇 얼마 "
    "얼마나 있나요 있어요 있습니까 하나요 합니까 되나요 됩니까 해야 하려면 싶어요 싶습니다 "
    "알려주세요 주세요 수 것 좀 그리고 또는 및"
)
_KO_QUESTION_WORDS = frozenset(_KO_QUESTION_TEXT.split())
#: Particles and endings stripped from the end of a Korean query word (longest first), so that only
#: the grams of its stem are searched: 계약서를 -> 계약서.
_KO_ENDINGS_TEXT = (
    "은 는 이 가 을 를 의 에 에서 에게 에게서 께 로 으로 와 과 도 만 부터 까지 "
    "보다 처럼 이나 나 라는 이라는 에서는 에는 으로는 로는 에서도 에도 으로도 로도 이란 "
    "란 들 들의 들이 들은 들을 들에 이다 입니다 인가요 인지 나요 까요 습니까 했나요 "
    "되나요 하나요 했어요 해요 하죠 죠 예요 이에요 에요 어요 아요 하려면 려면 으려면 "
    "하면 면 하는 되는 된 한 할 했 하고 하지 하게 하여 해서 되어 되고 되지 됩니다 "
    "합니다"
)
_KO_ENDINGS = tuple(sorted(set(_KO_ENDINGS_TEXT.split()), key=len, reverse=True))


def keyword_query(text: str) -> str:
    """The terms worth a keyword search: distinct, no stop words, at most ``MAX_KEYWORD_TERMS``.

    Each term costs a posting-list scan, so a pasted paragraph would otherwise make keyword search
    several times slower than a question; when there are too many terms the longest (usually the
    rarest and most telling) are kept, in their original order.
    """
    terms = list(dict.fromkeys(w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS))
    if len(terms) > MAX_KEYWORD_TERMS:
        keep = set(sorted(terms, key=len, reverse=True)[:MAX_KEYWORD_TERMS])
        terms = [t for t in terms if t in keep]
    return " ".join(terms)


def cjk_text(text: str) -> str:
    """What the CJK keyword column holds: the text's Hangul, kana and Han runs, space-separated
    (LanceDB's ngram tokenizer cuts each into 2- and 3-character grams). Empty for other scripts."""
    return " ".join(_CJK_RUN.findall(text))


def cjk_query(text: str) -> str:
    """The CJK terms worth a keyword search: each Korean word without its particle or ending (its
    grams would match every passage that uses the particle), question words left out, distinct, at
    most ``MAX_KEYWORD_TERMS``."""
    terms = []
    for word in _CJK_RUN.findall(text):
        if word in _KO_QUESTION_WORDS:
            continue
        ending = next((e for e in _KO_ENDINGS if word.endswith(e) and len(word) - len(e) >= 2), "")
        stem = word[: len(word) - len(ending)]
        if len(stem) >= 2 and stem not in _KO_QUESTION_WORDS:
            terms.append(stem)
    return " ".join(list(dict.fromkeys(terms))[:MAX_KEYWORD_TERMS])


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
    vector_rows: Sequence[dict[str, Any]],
    *keyword_lists: Sequence[dict[str, Any]],
    mode: str,
    k: int,
    lookup: bool = False,
) -> list[Ranked]:
    """The ``k`` best passages for ``mode``: by similarity, by BM25, or by reciprocal rank fusion.

    Rows are keyed by ``chunk_id``; vector rows carry ``_distance`` (cosine), keyword rows ``_score``.
    Each keyword list (one per keyword column) enters the fusion on its own; a passage found by
    several has the sum of their BM25 scores.
    """
    merged: dict[str, Ranked] = {}
    rrf_k, vector_weight = (LOOKUP_RRF_K, 1.0) if lookup else (RRF_K, VECTOR_WEIGHT)
    for rank, row in enumerate(vector_rows):
        entry = merged.setdefault(row["chunk_id"], Ranked(row))
        entry.similarity = _similarity(row)
        entry.rrf += vector_weight / (rrf_k + rank + 1)
    for keyword_rows in keyword_lists:
        for rank, row in enumerate(keyword_rows):
            entry = merged.setdefault(row["chunk_id"], Ranked(row))
            if entry.similarity is None:
                entry.similarity = _similarity(row)
            entry.keyword_score = (entry.keyword_score or 0.0) + float(row["_score"])
            entry.rrf += 1.0 / (rrf_k + rank + 1)
    return sorted(merged.values(), key=lambda e: e.score(mode), reverse=True)[:k]
