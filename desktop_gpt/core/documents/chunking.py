"""Split pages into overlapping chunks that remember their document, page and character offsets.

Chunks are measured with a ``length`` function: the embedding model's own token count when the
ingestor splits (so no chunk is longer than the model reads, in any script), characters otherwise.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from desktop_gpt.core.documents.loaders import Anchor, Page, Section

#: Paragraphs, lines, then sentence ends in Latin and CJK punctuation, clauses, words, characters.
#: Chinese and Japanese have no spaces: without their full stops a page would fall to single
#: characters (slow to measure in tokens, and cut mid-sentence).
SEPARATORS = ["\n\n", "\n", ". ", "。", "! ", "? ", "！", "？", "; ", "；", ", ", "，", "、", " ", ""]


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    index: int  # position of the chunk in its document
    page: int  # 1-based page number
    start: int  # character offsets into the page's text
    end: int
    text: str
    #: The heading path in effect where the chunk starts ("2 R Basics › What is R?"), or "", when
    #: headings are embedded with the text.
    context: str = ""
    #: Where the chunk is, for a person, when a page number is not enough: "Slide 3 · Results",
    #: "Suppliers · row 14", "Warranty › Exclusions · ¶ 4", "line 120". Empty for PDFs.
    location: str = ""

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id}:{self.index}"

    @property
    def embedding_text(self) -> str:
        """What is embedded: the section's headings, then the chunk (a passage that answers a
        question often does not repeat the question's subject; its heading does)."""
        return f"{self.context}\n{self.text}" if self.context else self.text

    @property
    def text_hash(self) -> str:
        """What a vector is cached under: the MD5 of :attr:`embedding_text` (as the store's SQL
        ``md5()`` computes it, so an older store's rows can be keyed in place)."""
        return hashlib.md5(self.embedding_text.encode("utf-8")).hexdigest()


#: Bumped when the same document and settings would be cut into other passages (or given other
#: locations): documents cut by an older revision are listed as needing re-indexing.
#: 1: sections started chunks, passages got locations (office formats, lines of text files).
CHUNKER_REVISION = 1
#: Tokens kept for a chunk's heading path (its top levels go first when it is longer).
CONTEXT_TOKENS = 32
#: A table-of-contents line: a title, a dot leader and a page number ("3.4 Is there … . . . . 18").
_TOC_LINE = re.compile(r"(?:\.\s?){4,}\s*\d+")


def is_table_of_contents(text: str) -> bool:
    """Three or more dot-leader lines, or two and more making half of the lines: a contents page.
    It lists every heading, so it looks relevant to every question and answers none (leaving such
    chunks out raised MRR on the benchmark's sets: English 0.675 → 0.679, Korean 0.714 → 0.718,
    cross-lingual 0.169 → 0.186); the headings are in the body too. Long dot leaders fit only two
    entries in a chunk, hence the share: R-FAQ kept 14 such chunks by the count alone."""
    if len(_TOC_LINE.findall(text)) >= 3:
        return True
    lines = [line for line in text.splitlines() if line.strip()]
    leaders = sum(1 for line in lines if _TOC_LINE.search(line))
    return leaders >= 2 and 2 * leaders >= len(lines)


#: How a chunk's location is told: "" (the page number says it all: PDFs), "lines" (text files:
#: the heading path and the line number) or "anchors" (office formats: page label, headings, anchor).
LOCATE_NONE, LOCATE_LINES, LOCATE_ANCHORS = "", "lines", "anchors"
MAX_LOCATION_CHARS = 160


def chunk_pages(
    doc_id: str,
    pages: list[Page],
    chunk_size: int,
    chunk_overlap: int,
    length: Callable[[str], int] = len,
    sections: list[Section] | None = None,
    *,
    headings_in_text: bool = True,
    anchors: list[Anchor] | None = None,
    locate: str = LOCATE_NONE,
    breaks: list[Section] | None = None,
) -> list[Chunk]:
    """Chunks never span pages, so every citation names exactly one page, and none is longer than
    ``chunk_size`` as ``length`` measures it (a piece the splitter merged past it is split again).
    With ``sections`` and ``headings_in_text``, each chunk carries the heading path in effect where
    it starts, cut to :data:`CONTEXT_TOKENS` (the caller leaves that much room beside ``chunk_size``).
    ``locate`` says how each chunk's :attr:`Chunk.location` is written. With ``breaks``, no chunk
    crosses the start of one of these sections (see :func:`_section_spans`)."""
    places = [(s.page, s.offset) for s in sections or []]
    marks = [(a.page, a.offset) for a in anchors or []]
    contexts: dict[tuple[str, ...], str] = {}
    chunks: list[Chunk] = []
    for page in pages:
        cuts = sorted({_line_start(page.text, s.offset) for s in breaks or [] if s.page == page.number})
        cuts = [c for c in cuts if 0 < c < len(page.text)]
        pieces = [
            piece
            for a, b in _section_spans(page.text, cuts, chunk_size, length)
            for piece in _split(page.text[a:b], a, chunk_size, chunk_overlap, length)
        ]
        for start, text in pieces:
            if not text.strip() or is_table_of_contents(text):
                continue
            context = ""
            path: tuple[str, ...] = ()
            at = bisect_right(places, (page.number, start))
            if sections and at:
                section = sections[at - 1]
                # Headings run on across printed pages; a slide, sheet or chapter starts afresh.
                if section.page == page.number or not page.label:
                    path = section.path
            if path and headings_in_text:
                if path not in contexts:
                    contexts[path] = _fit_context(path, length)
                context = contexts[path]
            location = ""
            if locate:
                mark = bisect_right(marks, (page.number, start))
                anchor = anchors[mark - 1].label if anchors and mark and anchors[mark - 1].page == page.number else ""
                if locate == LOCATE_LINES:
                    anchor = f"line {page.text.count(chr(10), 0, start) + 1}"
                location = describe_location(page.label, path, anchor)
            chunks.append(Chunk(doc_id, len(chunks), page.number, start, start + len(text), text, context, location))
    return chunks


def describe_location(label: str, path: tuple[str, ...], anchor: str) -> str:
    """ "Slide 3 · Results · notes", "Warranty › Exclusions · ¶ 4": the unit, the last two
    headings, the anchor, each when there is one."""
    parts = [label] if label else []
    if path and (not label or path[-1] != label):
        parts.append(" › ".join(path[-2:]))
    if anchor:
        parts.append(anchor)
    location = " · ".join(parts)
    return location if len(location) <= MAX_LOCATION_CHARS else location[: MAX_LOCATION_CHARS - 1] + "…"


#: A section shorter than this (in the embedding model's tokens: a chapter title before its first
#: question) is kept with the text after it rather than made a chunk of its own.
MIN_SECTION_TOKENS = 16
#: Whole sections packed into one chunk while they fit ``chunk_size``. Off: each section starts a
#: chunk (measured, e5 hybrid MRR@10: packed English 0.762, Korean 0.728; one per section 0.797, 0.714).
PACK_SECTIONS = False


_NUMBERING = re.compile(r"[#\d.\s]*")


def _line_start(text: str, offset: int) -> int:
    """Where the heading's line starts, when only its number or Markdown marks ("7.42 ", "## ") stand
    before the offset (an outline's titles leave out their numbers)."""
    line = text.rfind("\n", 0, offset) + 1
    return line if _NUMBERING.fullmatch(text, line, offset) else offset


def _section_spans(text: str, cuts: list[int], size: int, length: Callable[[str], int]) -> list[tuple[int, int]]:
    """The page cut where its sections start, so that a chunk holds one question and its answer
    rather than the end of one and the heading of the next."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*cuts, len(text)]:
        if spans and length(text[spans[-1][0] : spans[-1][1]]) < MIN_SECTION_TOKENS:
            spans[-1] = (spans[-1][0], end)  # a heading alone joins what follows it
        elif spans and PACK_SECTIONS and length(text[spans[-1][0] : end]) <= size:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        start = end
    return spans


def _fit_context(path: tuple[str, ...], length: Callable[[str], int]) -> str:
    """The heading path joined with ›, its top levels dropped (then its end cut) to fit CONTEXT_TOKENS."""
    while len(path) > 1 and length(" › ".join(path)) > CONTEXT_TOKENS:
        path = path[1:]
    context = " › ".join(path)
    while context and length(context) > CONTEXT_TOKENS:
        context = context[: len(context) * 3 // 4]
    return context


def _split(text: str, offset: int, size: int, overlap: int, length: Callable[[str], int]) -> list[tuple[int, str]]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, length_function=length, separators=SEPARATORS,
        keep_separator="end", add_start_index=True, strip_whitespace=True,
    )  # fmt: skip
    pieces: list[tuple[int, str]] = []
    for piece in splitter.create_documents([text]):
        part = piece.page_content
        start = int(piece.metadata.get("start_index", -1))
        if start < 0 or text[start : start + len(part)] != part:
            start = text.find(part)
        # The splitter adds up the lengths of the pieces it merges; a token count of the merged
        # text can come out a little higher. Such a chunk is split again, never sent over the limit.
        if len(part) > 1 and length(part) > size:
            pieces += _split(part, offset + start, max(1, size * 3 // 4), overlap // 2, length)
        else:
            pieces.append((offset + start, part))
    return pieces
