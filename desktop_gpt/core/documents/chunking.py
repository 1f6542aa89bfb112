"""Split pages into overlapping chunks that remember their document, page and character offsets."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_gpt.core.documents.loaders import Page


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


def chunk_pages(doc_id: str, pages: list[Page], chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    """Chunks never span pages, so every citation names exactly one page."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size, chunk_overlap=chunk_overlap, add_start_index=True, strip_whitespace=True
    )
    chunks: list[Chunk] = []
    for page in pages:
        for piece in splitter.create_documents([page.text]):
            text = piece.page_content
            if not text.strip():
                continue
            start = int(piece.metadata.get("start_index", -1))
            if start < 0 or page.text[start : start + len(text)] != text:
                start = page.text.find(text)
            chunks.append(Chunk(doc_id, len(chunks), page.number, start, start + len(text), text))
    return chunks
