"""Read documents into pages of text. Every failure becomes a typed :class:`DocumentError`."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.errors import (
    CancelledError,
    CorruptDocumentError,
    DocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    NoTextLayerError,
    UnknownEncodingError,
    UnsupportedFileError,
)

log = logging.getLogger(__name__)

PDF_SUFFIXES = frozenset({".pdf"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    text: str
    #: What a person calls this unit when it is not a printed page: "Slide 3", a sheet's name, a chapter.
    label: str = ""


@dataclass(frozen=True)
class Section:
    """Where a heading starts: its page, its character offset in that page's text (0 when the
    heading's words are not found there), and the titles from the top level down to it."""

    page: int
    offset: int
    path: tuple[str, ...]


@dataclass(frozen=True)
class Anchor:
    """A place a citation can name below the page: a paragraph ("¶ 12"), a table row ("row 14"), a
    slide's notes. It holds from its offset to the next anchor of the page."""

    page: int
    offset: int
    label: str


@dataclass(frozen=True)
class LoadedDocument:
    path: Path
    kind: str  # "pdf", "text", or an office format ("docx", "xlsx", "epub"… see formats.py)
    pages: list[Page]
    title: str = ""
    author: str = ""
    page_count: int = 0
    pages_without_text: list[int] = field(default_factory=list)
    encoding: str = ""  # of a text file, in words, e.g. "UTF-8" or "cp949 (Korean)"
    #: The document's headings in reading order (a PDF's outline, Markdown's # lines); may be empty.
    sections: list[Section] = field(default_factory=list)
    #: Paragraphs, rows and the like in reading order (office formats); empty for PDFs and text.
    anchors: list[Anchor] = field(default_factory=list)
    #: Pages whose text was recognised by OCR (they have no text layer), and pages without a text
    #: layer that could not be recognised, with why (core/documents/ocr.py fills these).
    recognised_pages: list[int] = field(default_factory=list)
    unread_pages: list[int] = field(default_factory=list)
    unread_reason: str = ""


def is_supported(path: Path) -> bool:
    """A file the library reads, or refuses with a reason of its own (an old binary Office file):
    by its name, else by its first bytes (a text file without an extension)."""
    from desktop_gpt.core.documents.formats import detect_format

    return detect_format(path) is not None


def load_document(
    path: Path,
    *,
    max_bytes: int = 512 * 1024 * 1024,
    on_progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
    scanned_ok: bool = False,
) -> LoadedDocument:
    """Load a document. ``on_progress(done_pages, total_pages)`` is called per page of a PDF.

    ``scanned_ok``: a PDF none of whose pages has a text layer is returned with no pages (for OCR)
    instead of being refused."""
    from desktop_gpt.core.documents.formats import SUPPORTED_NAMES, detect_format, load_office

    path = Path(path)
    kind = detect_format(path)
    if kind is None:
        what = path.suffix or path.name
        raise UnsupportedFileError(path, f"'{what}' files are not read here ({SUPPORTED_NAMES} are).")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(path, f"cannot be opened: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise DocumentTooLargeError(path, f"is {size / 2**20:.0f} MB, above the {max_bytes / 2**20:.0f} MB limit.")
    if size == 0:
        raise EmptyDocumentError(path, "the file is empty.")
    if kind == "pdf":
        return _load_pdf(path, on_progress, should_cancel, scanned_ok)
    if kind == "text":
        return _load_text(path)
    return load_office(path, kind)


#: Legacy encodings a text file may be in, by script; the first of a script wins a tie within it.
LEGACY_ENCODINGS: dict[str, tuple[str, ...]] = {
    "Korean": ("cp949", "euc_kr"),
    "Japanese": ("cp932", "shift_jis", "euc_jp"),
    "Chinese": ("gb18030", "big5"),
    # Western, Central European, Turkish and Vietnamese code pages differ in a few accented letters
    # only, which short texts cannot tell apart: one script, the most common first.
    "Latin script": ("cp1252", "iso8859_15", "cp1250", "cp1254", "cp1258", "latin_1"),
    "Cyrillic": ("cp1251", "koi8_r"),
    "Greek": ("cp1253",),
    "Hebrew": ("cp1255",),
    "Arabic": ("cp1256",),
    "Thai": ("cp874",),
}
_SCRIPT = {encoding: script for script, encodings in LEGACY_ENCODINGS.items() for encoding in encodings}
_BOMS = (
    (b"\xef\xbb\xbf", "utf_8_sig", "UTF-8"),
    (b"\xff\xfe\x00\x00", "utf_32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf_32", "UTF-32"),
    (b"\xff\xfe", "utf_16", "UTF-16"),
    (b"\xfe\xff", "utf_16", "UTF-16"),
)
#: How much worse than the best guess (charset-normalizer's "chaos", 0–1) a rival may be and still count.
TIE = 0.02


def decode_text(raw: bytes, path: Path) -> tuple[str, str]:
    """The text of a file and its encoding in words (e.g. "cp949 (Korean)").

    A byte-order mark decides; then strict UTF-8; then the legacy encodings above, scored by
    charset-normalizer. When the best guesses disagree across scripts (short files often fit
    Korean, Chinese and Japanese alike) the file is refused rather than indexed as garbage.
    """
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), label
            except UnicodeDecodeError as exc:
                raise CorruptDocumentError(path, f"starts as {label} but is not valid {label} ({exc.reason}).") from exc
    if b"\x00" in raw[:8192]:
        raise CorruptDocumentError(path, "is not a text file (it contains binary data).")
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = sorted(from_bytes(raw, cp_isolation=list(_SCRIPT)), key=lambda m: m.chaos)
    if not matches:
        raise UnknownEncodingError(
            path, "is not in any text encoding recognised here. Save it as UTF-8 and add it again."
        )
    best = matches[0].chaos
    rivals = [m for m in matches if m.chaos <= best + TIE and m.encoding in _SCRIPT]
    scripts = list(dict.fromkeys(_SCRIPT[m.encoding] for m in rivals))
    if len(scripts) != 1:
        guesses = ", ".join(f"{m.encoding} ({_SCRIPT[m.encoding]})" for m in rivals[:4])
        raise UnknownEncodingError(
            path, f"could be in any of several text encodings ({guesses}). Save it as UTF-8 and add it again."
        )
    script = scripts[0]
    encoding = next(e for e in LEGACY_ENCODINGS[script] if any(m.encoding == e for m in rivals))
    return raw.decode(encoding), f"{encoding} ({script})"


def _load_text(path: Path) -> LoadedDocument:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path, f"cannot be read: {exc.strerror or exc}") from exc
    text, encoding = decode_text(raw, path)
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise EmptyDocumentError(path, "the file contains no text.")
    title = ""
    for line in text.splitlines():
        if line.strip():
            title = line.strip().lstrip("#").strip()[:200]
            break
    sections = markdown_sections(text) if path.suffix.lower() in (".md", ".markdown") else []
    return LoadedDocument(
        path=path, kind="text", pages=[Page(1, text)], title=title, page_count=1, encoding=encoding, sections=sections
    )


_MARKDOWN_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)
MAX_SECTIONS = 20_000  # a hostile outline cannot make chunking slow


def markdown_sections(text: str) -> list[Section]:
    """ATX headings (``# Title``) outside fenced code blocks, with their nesting."""
    fences = [m.start() for m in _FENCE.finditer(text)]
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    for match in _MARKDOWN_HEADING.finditer(text):
        if sum(1 for f in fences if f < match.start()) % 2:  # inside a code block
            continue
        level = len(match.group(1))
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, match.group(2).strip()[:200]))
        sections.append(Section(1, match.start(), tuple(title for _, title in stack)))
        if len(sections) >= MAX_SECTIONS:
            break
    return sections


def pdf_sections(reader: Any, pages: list[Page]) -> list[Section]:
    """The PDF's outline (bookmarks) as sections, each placed where its title appears on its page."""
    texts = {page.number: page.text for page in pages}
    found: list[Section] = []

    def walk(items: list[Any], trail: tuple[str, ...]) -> None:
        last: tuple[str, ...] = trail
        for item in items:
            if len(found) >= MAX_SECTIONS:
                return
            if isinstance(item, list):
                walk(item, last)
                continue
            title = " ".join(str(getattr(item, "title", "") or "").split())[:200]
            try:
                number = reader.get_destination_page_number(item) + 1
            except Exception:  # a dangling or hostile destination: skip the entry
                continue
            if not title or number < 1:
                continue
            last = (*trail, title)
            words = [re.escape(w) for w in title.split()]
            match = re.search(r"\s*".join(words), texts.get(number, "")) if words else None
            found.append(Section(number, match.start() if match else 0, last))

    try:
        walk(list(reader.outline), ())
    except Exception:  # the outline is optional: a damaged one never fails the document
        log.info("ignoring the damaged outline of a PDF", exc_info=True)
    # Reading order, so that the section in effect at any place is the last one before it.
    return sorted(found, key=lambda section: (section.page, section.offset))


def _draws_images(page: Any) -> bool:
    """Whether a page without text draws an image (or a form that may hold one): only such a page
    can be a scan worth OCR. When in doubt (a damaged resource dictionary), yes."""
    try:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else {}
        return any(xobjects[name].get_object().get("/Subtype") in ("/Image", "/Form") for name in xobjects)
    except Exception:
        return True


def _load_pdf(
    path: Path, on_progress: ProgressCallback | None, should_cancel: CancelCheck | None, scanned_ok: bool = False
) -> LoadedDocument:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except (NotImplementedError, DependencyError) as exc:
                raise EncryptedDocumentError(
                    path, f"is encrypted with a method that cannot be opened here ({exc})."
                ) from exc
            if not decrypted:
                raise EncryptedDocumentError(path, "is password-protected. Remove the password and add it again.")
        total = len(reader.pages)
        meta = reader.metadata
        title = str(meta.title or "") if meta else ""
        author = str(meta.author or "") if meta else ""
        pages: list[Page] = []
        empty: list[int] = []
        for index in range(total):
            if should_cancel is not None and should_cancel():
                raise CancelledError()
            text = (reader.pages[index].extract_text() or "").replace("\x00", "")
            if text.strip():
                pages.append(Page(index + 1, text))
            elif _draws_images(reader.pages[index]):  # a scan, for OCR; a blank page is just blank
                empty.append(index + 1)
            if on_progress is not None:
                on_progress(index + 1, total)
    except (DocumentError, CancelledError, MemoryError):
        raise  # MemoryError: the reader's helper says it in its own words
    except FileNotDecryptedError as exc:
        raise EncryptedDocumentError(path, "is password-protected. Remove the password and add it again.") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError, OSError) as exc:
        raise CorruptDocumentError(path, f"is damaged or not a valid PDF ({type(exc).__name__}: {exc}).") from exc
    except Exception as exc:  # pypdf raises many kinds on hostile files; none may stop the batch
        log.exception("unexpected error reading %s", path)
        raise CorruptDocumentError(path, f"could not be read ({type(exc).__name__}: {exc}).") from exc
    if total == 0:
        raise EmptyDocumentError(path, "the PDF has no pages.")
    if not pages and not scanned_ok:
        raise NoTextLayerError(
            path, f"none of its {total} page(s) has a text layer — it looks scanned. Run OCR on it first."
        )
    return LoadedDocument(
        path=path, kind="pdf", pages=pages, title=title, author=author, page_count=total, pages_without_text=empty,
        sections=pdf_sections(reader, pages),
    )  # fmt: skip
