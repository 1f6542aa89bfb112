"""A document as the viewer shows it when it is not a PDF: its text in reading order, with its
headings and page labels (slides, sheets, chapters) marked, and where each page starts, so that a
citation's page and character offsets find the passage."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_gpt.core.documents.loaders import LoadedDocument

PAGE_GAP = "\n\n"


@dataclass(frozen=True)
class Heading:
    start: int
    end: int
    level: int  # 1 = top


@dataclass(frozen=True)
class DocumentView:
    text: str
    #: Where each page's own text starts in :attr:`text`.
    page_starts: dict[int, int] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)

    def position(self, page: int, offset: int) -> int:
        """The place in :attr:`text` of character ``offset`` of ``page`` (0 when the page is gone)."""
        start = self.page_starts.get(page)
        if start is None:
            return 0
        return max(0, min(len(self.text), start + offset))


def document_view(document: LoadedDocument) -> DocumentView:
    """The whole document as one text: each labelled page (a slide, a sheet, a chapter) under its
    label as a top heading, the document's own headings one level below it."""
    parts: list[str] = []
    length = 0
    page_starts: dict[int, int] = {}
    headings: list[Heading] = []
    sections_by_page: dict[int, list[tuple[int, int]]] = {}
    for section in document.sections:
        sections_by_page.setdefault(section.page, []).append((section.offset, len(section.path)))
    for page in document.pages:
        if parts:
            parts.append(PAGE_GAP)
            length += len(PAGE_GAP)
        shift = 0
        if page.label:
            headings.append(Heading(length, length + len(page.label), 1))
            parts.append(page.label + PAGE_GAP)
            length += len(page.label) + len(PAGE_GAP)
            shift = 1
        page_starts[page.number] = length
        for offset, level in sections_by_page.get(page.number, []):
            end = page.text.find("\n", offset)
            end = len(page.text) if end < 0 else end
            if end > offset:
                headings.append(Heading(length + offset, length + end, min(6, level + shift)))
        parts.append(page.text)
        length += len(page.text)
    return DocumentView("".join(parts), page_starts, headings)
