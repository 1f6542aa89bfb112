"""Split pages into overlapping chunks that remember their document, page and character offsets.

Chunks are measured with a ``length`` function: the embedding model's own token count when the
ingestor splits (so no chunk is longer than the model reads, in any script), characters otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop_gpt.core.documents.loaders import Page

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

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id}:{self.index}"


def chunk_pages(
    doc_id: str,
    pages: list[Page],
    chunk_size: int,
    chunk_overlap: int,
    length: Callable[[str], int] = len,
) -> list[Chunk]:
    """Chunks never span pages, so every citation names exactly one page, and none is longer than
    ``chunk_size`` as ``length`` measures it (a piece the splitter merged past it is split again)."""
    chunks: list[Chunk] = []
    for page in pages:
        for start, text in _split(page.text, 0, chunk_size, chunk_overlap, length):
            if text.strip():
                chunks.append(Chunk(doc_id, len(chunks), page.number, start, start + len(text), text))
    return chunks


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
