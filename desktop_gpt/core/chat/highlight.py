"""Where a cited passage lies in a page's own text, and which of its sentences answers the question
(issue 16, item 4): the viewer marks the whole passage and, more strongly, that sentence.

The page's text as the PDF engine gives it and the passage as the reader indexed it agree on the
characters, not always on the spaces and line breaks between them, so both are compared without
whitespace (NFKC, case-folded) and the match is mapped back to the page text's own offsets.
"""

from __future__ import annotations

import re
import unicodedata

from desktop_gpt.core.chat.followup import key_terms

#: Compared stretches of the passage, in characters without whitespace.
PROBE = 60


def _compact_with_map(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, normalised and case-folded, and each character's offset in ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        for piece in unicodedata.normalize("NFKC", ch).casefold():
            chars.append(piece)
            offsets.append(i)
    return "".join(chars), offsets


def _positions(haystack: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(f"(?={re.escape(needle)})", haystack)] if needle else []


def passage_span(page_text: str, passage: str, near: int = 0) -> tuple[int, int] | None:
    """The ``(start, end)`` of ``passage`` in ``page_text`` (end exclusive), or None when the page
    does not show it. Where the page repeats the passage's opening, the occurrence nearest ``near``
    (the passage's offset in the indexed page text) wins. A passage that runs onto the next page, or
    begins with a heading the page lays out elsewhere, is placed by the stretches the page shows."""
    page, where = _compact_with_map(page_text)
    whole, _ = _compact_with_map(passage)
    if not page or not whole:
        return None
    near_compact = near * len(page) // max(1, len(page_text))
    first = last = None
    for begin in range(0, max(1, len(whole) - PROBE // 2), PROBE // 2):
        found = _positions(page, whole[begin : begin + PROBE])
        if found:
            at = min(found, key=lambda at: abs(at - begin - near_compact))
            first = (at, begin)
            break
    if first is None:
        return None
    expected_end = first[0] - first[1] + len(whole)  # where the passage ends if the page shows all of it
    for end in range(len(whole), PROBE // 2, -(PROBE // 2)):
        probe = whole[max(0, end - PROBE) : end]
        found = [at + len(probe) for at in _positions(page, probe) if at >= first[0]]
        if found:  # the page may repeat the passage's last words: take the end where it should be
            last = min(found, key=lambda stop: abs(stop + len(whole) - end - expected_end))
            break
    if last is None:
        last = min(len(page), first[0] + min(PROBE, len(whole) - first[1]))
    return where[first[0]], where[last - 1] + 1


_SENTENCE_END = re.compile(r"(?<=[.!?。？！])\s+|(?<=다\.)\s*|\n{2,}")


def sentences_of(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each sentence of ``text`` (its line breaks inside a sentence kept)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]


def best_sentence(text: str, question: str) -> tuple[int, int] | None:
    """The sentence of ``text`` that shares most of the question's key terms (the first on a tie);
    None when none shares any."""
    wanted = set(key_terms(question))
    if not wanted:
        return None
    best: tuple[int, tuple[int, int]] | None = None
    for span in sentences_of(text):
        shared = len(wanted & set(key_terms(text[span[0] : span[1]])))
        if shared and (best is None or shared > best[0]):
            best = (shared, span)
    return best[1] if best else None
