"""Office, web, e-book and spreadsheet files read into pages with locations people can follow.

Each format is read by its own well-kept library into a :class:`DocumentBuilder`: the text in
reading order, its headings (:class:`Section`) and, for each paragraph, slide part or table row, an
:class:`Anchor` that names it ("¶ 12", "row 14", "notes"). Units a person navigates by (a slide, a
sheet, a chapter) become pages with a label, so a citation reads "Slide 3", "Suppliers, row 14" or
"Warranty › Exclusions, ¶ 4".

What is read is detected from the file's first bytes as well as its name: a renamed file is refused
with what it really is, and an old binary Office or Hangul file with the way to convert it.

Hostile files are refused before any library unpacks them: a zip whose members would unpack past a
cap (a zip bomb), or whose XML declares entities (the "billion laughs"). The reader runs in a helper
process with a time and memory limit besides (see :mod:`desktop_gpt.core.documents.isolated`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.errors import (
    CorruptDocumentError,
    DocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    OldFileFormatError,
    UnsupportedFileError,
)
from desktop_gpt.core.documents.loaders import Anchor, LoadedDocument, Page, Section, decode_text

#: What a zip-based document may unpack to, at most: in all, and per compressed byte.
MAX_UNPACKED_BYTES = 1024 * 2**20
MAX_UNPACK_RATIO = 200
#: The most text a document may yield (about 50,000 pages), so that a small hostile file cannot
#: make the library swell.
MAX_TEXT_CHARS = 100_000_000
#: Spreadsheet columns read per row (a hostile sheet can name cell XFD1048576).
MAX_COLUMNS = 512

OFFICE_SUFFIXES = {
    ".docx": "docx",
    ".docm": "docx",
    ".odt": "odt",
    ".ods": "ods",
    ".rtf": "rtf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".epub": "epub",
    ".pptx": "pptx",
    ".pptm": "pptx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    ".tsv": "csv",
    ".hwpx": "hwpx",
}
#: Old binary formats no well-kept library reads: refused with the way to convert them.
OLD_FORMATS = {
    ".doc": ("Word 97–2003 document", "Word or LibreOffice Writer", ".docx"),
    ".xls": ("Excel 97–2003 workbook", "Excel or LibreOffice Calc", ".xlsx"),
    ".ppt": ("PowerPoint 97–2003 presentation", "PowerPoint or LibreOffice Impress", ".pptx"),
    ".hwp": ("Hangul (HWP) document", "Hangul (한글)", ".hwpx"),
}
#: Names of text files whatever their content, beyond .txt and Markdown: source code, data, logs.
_TEXT_FAMILY_SUFFIXES_TEXT = (
    ".py .pyi .js .mjs .cjs .ts .tsx .jsx .java .kt .kts .scala .c .h .cc .cpp .cxx .hpp .hh .cs .go .rs "
    ".rb .php .pl .pm .swift .m .mm .r .jl .lua .sh .bash .zsh .fish .ps1 .bat .cmd .sql .css .scss .less "
    ".vue .svelte .json .jsonl .ndjson .yaml .yml .toml .ini .cfg .conf .properties .env .xml .svg .tex "
    ".bib .rst .adoc .asciidoc .org .log .diff .patch .srt .vtt .gradle .cmake .mk .dockerfile .tf .proto "
    ".graphql"
)
TEXT_FAMILY_SUFFIXES = frozenset(_TEXT_FAMILY_SUFFIXES_TEXT.split())
#: Files that are never documents: not even sniffed.
_BINARY_SUFFIXES_TEXT = (
    ".png .jpg .jpeg .gif .bmp .tif .tiff .webp .heic .ico .mp3 .wav .flac .ogg .m4a .mp4 .mov .avi .mkv "
    ".webm .zip .7z .rar .gz .bz2 .xz .tar .exe .dll .so .dylib .bin .iso .dmg .msi .pyc .o .a .class "
    ".jar .woff .woff2 .ttf .otf .db .sqlite .gguf .onnx .pkl .npy .npz .parquet .lance"
)
_BINARY_SUFFIXES = frozenset(_BINARY_SUFFIXES_TEXT.split())
#: Folders that hold tools' files, not a person's documents.
IGNORED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv", ".venv", "$RECYCLE.BIN"})
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
SNIFF_BYTES = 8192


# -- what a file is ---------------------------------------------------------------------------------


def is_ignored(relative: Path) -> bool:
    """A file inside a folder that is never a document: hidden (``.git``, ``.DS_Store``), an
    editor's lock or temporary file (``~$report.docx``, ``.~lock.report.odt#``, ``report.docx~``),
    or inside a tool's folder (``node_modules``)."""
    name = relative.name
    if any(part.startswith(".") or part in IGNORED_FOLDERS for part in relative.parts):
        return True
    return name.startswith(("~$", ".~lock")) or name.endswith(("~", ".tmp", ".swp", ".crdownload", ".part"))


def detect_format(path: Path, head: bytes | None = None) -> str | None:
    """The reader for ``path``: "pdf", "text", one of :data:`OFFICE_SUFFIXES`' values, "old" (a
    binary format to convert) or None (not a document). Known names decide; any other file is a
    text file when its first bytes are text (``README``, ``Makefile``, a log without an extension)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".txt", ".text", ".md", ".markdown") or suffix in TEXT_FAMILY_SUFFIXES:
        return "text"
    if suffix in OFFICE_SUFFIXES:
        return OFFICE_SUFFIXES[suffix]
    if suffix in OLD_FORMATS:
        return "old"
    if suffix in _BINARY_SUFFIXES or path.name.startswith(("~$", ".~lock")):
        return None
    if head is None:
        try:
            with path.open("rb") as stream:
                head = stream.read(SNIFF_BYTES)
        except OSError:
            return None
    return "text" if looks_like_text(head) else None


def looks_like_text(head: bytes) -> bool:
    """No NUL bytes and decodable, or a UTF-16/32 byte-order mark: a text file (code, JSON, a log)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if not head.strip() or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut at the end of the sample
            return True
    # Not UTF-8: text in a legacy encoding has few control characters.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) < 0.01


_ZIP_KINDS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "epub": "application/epub+zip",
    "hwpx": "application/hwp+zip",
}
_KIND_NAMES = {
    "docx": "a Word document",
    "xlsx": "an Excel workbook",
    "pptx": "a PowerPoint presentation",
    "odt": "an OpenDocument text",
    "ods": "an OpenDocument spreadsheet",
    "epub": "an EPUB book",
    "hwpx": "a Hangul (HWPX) document",
}


def _real_kind(head: bytes, names: list[str], archive: zipfile.ZipFile | None) -> str:
    """What a file's bytes say it is, for telling a renamed file apart."""
    if head.startswith(b"%PDF"):
        return "a PDF"
    if head.startswith(_OLE2):
        return "an old binary Office or Hangul file"
    if archive is None:
        return "not a zip-based document" if not head.startswith(_ZIP) else "a damaged zip"
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        for kind, value in _MIMETYPES.items():
            if mimetype == value:
                return _KIND_NAMES[kind]
    for kind, prefix in _ZIP_KINDS.items():
        if any(n.startswith(prefix) for n in names):
            return _KIND_NAMES[kind]
    return "a zip archive"


def _open_zip(path: Path, kind: str) -> zipfile.ZipFile:
    """Open a zip-based document after checking it is what its name says and that it unpacks to a
    sane size with no XML entity declarations. The caller closes it."""
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        real = _real_kind(head, [], None)
        if head.startswith(_ZIP) or not head:
            raise CorruptDocumentError(path, f"is damaged or truncated (not a readable zip: {exc}).") from exc
        raise CorruptDocumentError(
            path, f"is named {path.suffix} but is {real}. Rename it or save it again as {path.suffix}."
        ) from exc
    try:
        names = archive.namelist()
        expected = _KIND_NAMES[kind]
        real = _real_kind(head, names, archive)
        if real != expected:
            raise CorruptDocumentError(
                path, f"is named {path.suffix} but is {real}, not {expected}. Rename it or save it again."
            )
        size = max(1, path.stat().st_size)
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_UNPACK_RATIO * size + 16 * 2**20:
            raise CorruptDocumentError(
                path,
                f"would unpack to {unpacked / 2**20:,.0f} MB from {size / 2**20:,.1f} MB — a zip bomb? "
                "It was not opened.",
            )
        for info in archive.infolist():
            if info.filename.lower().endswith((".xml", ".rels", ".opf", ".ncx", ".xhtml", ".html", ".htm", ".hpf")):
                with archive.open(info) as member:
                    prolog = member.read(65536)
                if b"<!ENTITY" in prolog.upper():
                    raise CorruptDocumentError(
                        path, "declares XML entities, which documents never need (an entity-expansion attack?)."
                    )
    except BaseException:
        archive.close()
        raise
    return archive


def _check_zip(path: Path, kind: str) -> None:
    """The checks of :func:`_open_zip`, for a reader whose library opens the file itself."""
    _open_zip(path, kind).close()


# -- building a document -----------------------------------------------------------------------------


@dataclass
class DocumentBuilder:
    """Collects text in reading order into pages, with headings and anchors at their offsets."""

    path: Path
    kind: str
    pages: list[Page] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    _parts: list[str] = field(default_factory=list)
    _length: int = 0
    _label: str = ""
    _paragraphs: int = 0
    _headings: list[tuple[int, str]] = field(default_factory=list)
    _total: int = 0

    def page(self, label: str) -> None:
        """Start a new page (a slide, a sheet, a chapter) called ``label``."""
        self._flush()
        self._label = label
        self._paragraphs = 0

    def label_page(self, label: str) -> None:
        """Name the page being built (when its name is known only once it is read): by default
        "Chapter n", n counting the pages with text."""
        label = " ".join(label.split())[:120]
        self._label = label or f"Chapter {len(self.pages) + 1}"

    def open_sections(self) -> list[Section]:
        """The headings of the page being built."""
        return [s for s in self.sections if s.page == len(self.pages) + 1]

    def heading(self, text: str, level: int) -> None:
        """A heading of ``level`` (1 = top): a section starts here, and the heading is a paragraph."""
        text = " ".join(text.split())[:200]
        if not text:
            return
        while self._headings and self._headings[-1][0] >= level:
            self._headings.pop()
        self._headings.append((level, text))
        self.sections.append(Section(len(self.pages) + 1, self._length, tuple(t for _, t in self._headings)))
        self._append(text, "")

    def paragraph(self, text: str, anchor: str | None = None) -> None:
        """A paragraph (or a table row, a slide's notes): ``anchor`` names it, "¶ n" by default."""
        text = "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()
        if not text:
            return
        if anchor is None:
            self._paragraphs += 1
            anchor = f"¶ {self._paragraphs}"
        self._append(text, anchor)

    def _append(self, text: str, anchor: str) -> None:
        self._total += len(text) + 2
        if self._total > MAX_TEXT_CHARS:
            raise DocumentTooLargeError(
                self.path, f"holds more than {MAX_TEXT_CHARS:,} characters of text; split it into smaller files."
            )
        if anchor:
            self.anchors.append(Anchor(len(self.pages) + 1, self._length, anchor))
        self._parts.append(text)
        self._length += len(text) + 2  # paragraphs are separated by a blank line

    def _flush(self) -> None:
        # A page without text (an empty slide or sheet) is left out: nothing in it can be cited.
        if self._parts:
            self.pages.append(Page(len(self.pages) + 1, "\n\n".join(self._parts), self._label))
        self._parts = []
        self._length = 0
        self._headings = []

    def document(self, title: str = "", author: str = "", encoding: str = "") -> LoadedDocument:
        self._flush()
        if not self.pages:
            raise EmptyDocumentError(self.path, "the file contains no text.")
        if not title:  # the first heading; else none (the library shows the file's name)
            title = next((s.path[0] for s in self.sections), "")
        return LoadedDocument(
            path=self.path, kind=self.kind, pages=self.pages, title=title.strip()[:200],
            author=author.strip()[:200], page_count=len(self.pages), encoding=encoding, sections=self.sections,
            anchors=self.anchors,
        )  # fmt: skip


def row_text(headers: list[str], values: list[str]) -> str:
    """A table row as "Header: value; Header: value", so a question about a column's meaning can
    match a row (a row with no header row is its values joined)."""
    parts = []
    for index, value in enumerate(values):
        if not value:
            continue
        header = headers[index] if index < len(headers) else ""
        parts.append(f"{header}: {value}" if header else value)
    return "; ".join(parts)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _table_rows(builder: DocumentBuilder, rows: Iterable[list[str]], name: str, first_row: int = 1) -> None:
    """Rows of a table: the first non-empty row is the header, each later one a paragraph that
    carries the headers ("row 14" is its anchor; ``name`` the table's, when it has one)."""
    headers: list[str] | None = None
    for number, values in enumerate(rows, start=first_row):
        while values and not values[-1]:
            values = values[:-1]
        if not values:
            continue
        if headers is None:
            headers = values
            builder.paragraph(" | ".join(v for v in values if v), f"{name}row {number}")
            continue
        builder.paragraph(row_text(headers, values), f"{name}row {number}")


# -- readers -------------------------------------------------------------------------------------------


def load_office(path: Path, kind: str) -> LoadedDocument:
    """Read ``path`` with the reader for ``kind`` (from :func:`detect_format`)."""
    if kind == "old":
        what, program, suffix = OLD_FORMATS[path.suffix.lower()]
        raise OldFileFormatError(
            path, f"is an old {what} ({path.suffix}), which cannot be read here. Open it in {program}, "
            f"save it as {suffix}, and add that file.",
        )  # fmt: skip
    reader = _READERS.get(kind)
    if reader is None:
        raise UnsupportedFileError(path, f"'{path.suffix or path.name}' files are not supported.")
    try:
        return reader(path)
    except (DocumentError, MemoryError):
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError, EOFError) as exc:
        detail = f"is damaged or not a valid {path.suffix} file ({type(exc).__name__}: {exc})."
        raise CorruptDocumentError(path, detail) from exc
    except Exception as exc:  # each library raises its own kinds on hostile files; none may stop the batch
        raise CorruptDocumentError(path, f"could not be read ({type(exc).__name__}: {exc}).") from exc


def _heading_level(style_name: str) -> int:
    """The outline level of a paragraph style ("Heading 2", "Title", localised "제목 1"), or 0."""
    name = style_name.strip().lower()
    if name == "title":
        return 1
    match = re.match(r"(?:heading|제목|개요|outline|überschrift|titre|título|titolo|見出し|标题)\s*(\d)", name)
    return int(match.group(1)) if match else 0


def _load_docx(path: Path) -> LoadedDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_zip(path, "docx")
    document = docx.Document(str(path))
    builder = DocumentBuilder(path, "docx")
    tables = 0

    def paragraph(p: Paragraph) -> None:
        style = p.style.name if p.style is not None else ""
        level = _heading_level(style or "")
        if level:
            builder.heading(p.text, level)
        else:
            builder.paragraph(p.text)

    def table(t: Table, label: str) -> None:
        rows = ([_cell(c.text) for c in dict.fromkeys(row.cells)] for row in t.rows)  # merged cells repeat
        _table_rows(builder, rows, label)

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph(block)
        else:
            tables += 1
            table(block, f"table {tables}, ")
    seen: set[str] = set()
    extra: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer):
            if part.is_linked_to_previous:
                continue
            for p in part.paragraphs:
                text = " ".join(p.text.split())
                if text and text not in seen:
                    seen.add(text)
                    extra.append(text)
    if extra:
        builder.heading("Headers and footers", 1)
        for text in extra:
            builder.paragraph(text)
    props = document.core_properties
    return builder.document(props.title or "", props.author or "")


def _load_pptx(path: Path) -> LoadedDocument:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    _check_zip(path, "pptx")
    presentation = Presentation(str(path))
    builder = DocumentBuilder(path, "pptx")

    def shapes(items: Iterable[Any], title_id: int | None) -> Iterator[tuple[str, bool]]:
        for shape in items:
            if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
                yield from shapes(shape.shapes, title_id)
            elif getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    yield " | ".join(_cell(c.text) for c in row.cells if _cell(c.text)), False
            elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
                yield shape.text_frame.text, shape.shape_id == title_id

    for number, slide in enumerate(presentation.slides, start=1):
        builder.page(f"Slide {number}")
        title = slide.shapes.title
        title_id = title.shape_id if title is not None else None
        for text, is_title in shapes(slide.shapes, title_id):
            if is_title:
                builder.heading(text, 1)
            else:
                builder.paragraph(text, "")
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text.strip():
                builder.paragraph(notes.text, "notes")
    props = presentation.core_properties
    return builder.document(props.title or "", props.author or "")


def _load_xlsx(path: Path) -> LoadedDocument:
    import openpyxl

    _check_zip(path, "xlsx")
    workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        builder = DocumentBuilder(path, "xlsx")
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            builder.page(sheet.title)
            sheet.reset_dimensions()  # the declared size may be hostile: read the rows that are there
            rows = ([_cell(v) for v in row[:MAX_COLUMNS]] for row in sheet.iter_rows(values_only=True))
            _table_rows(builder, rows, "")
        props = workbook.properties
        return builder.document(props.title or "", props.creator or "")
    finally:
        workbook.close()


def _load_csv(path: Path) -> LoadedDocument:
    text, encoding = decode_text(path.read_bytes(), path)
    sample = text[:65536]
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with contextlib.suppress(csv.Error):
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    csv.field_size_limit(10 * 2**20)
    builder = DocumentBuilder(path, "csv")
    rows = ([_cell(v) for v in row[:MAX_COLUMNS]] for row in csv.reader(io.StringIO(text), delimiter=delimiter))
    try:
        _table_rows(builder, rows, "")
    except csv.Error as exc:
        raise CorruptDocumentError(path, f"is not a readable CSV file ({exc}).") from exc
    return builder.document(title=path.stem, encoding=encoding)


def _load_odf(path: Path, kind: str) -> LoadedDocument:
    from odf import opendocument, teletype
    from odf.namespaces import TABLENS, TEXTNS
    from odf.table import TableRow

    _check_zip(path, kind)
    document = opendocument.load(str(path))
    builder = DocumentBuilder(path, kind)

    def cells(row: Any) -> list[str]:
        values: list[str] = []
        for cell in row.childNodes:
            if cell.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
                continue
            repeat = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
            text = _cell(teletype.extractText(cell))
            # A repeat of empty cells fills a row to the sheet's edge: never expanded.
            values.extend([text] * min(repeat, MAX_COLUMNS - len(values)) if text else [""])
            if len(values) >= MAX_COLUMNS:
                break
        return values

    def rows(table: Any) -> Iterator[list[str]]:
        for node in table.getElementsByType(TableRow):
            values = cells(node)
            repeat = int(node.getAttrNS(TABLENS, "number-rows-repeated") or 1)
            yield values
            if any(values):
                for _ in range(min(repeat, 1000) - 1):
                    yield values

    def walk(node: Any, tables: list[int]) -> None:
        for child in node.childNodes:
            name = getattr(child, "qname", None)
            if name == (TEXTNS, "h"):
                level = int(child.getAttrNS(TEXTNS, "outline-level") or 1)
                builder.heading(teletype.extractText(child), level)
            elif name == (TEXTNS, "p"):
                builder.paragraph(teletype.extractText(child))
            elif name == (TABLENS, "table"):
                tables[0] += 1
                table_name = child.getAttrNS(TABLENS, "name") or f"Table {tables[0]}"
                if kind == "ods":
                    builder.page(table_name)
                    _table_rows(builder, rows(child), "")
                else:
                    _table_rows(builder, rows(child), f"table {tables[0]}, ")
            elif name is not None:
                walk(child, tables)

    walk(document.spreadsheet if kind == "ods" else document.text, [0])
    meta = document.meta
    title = author = ""
    for node in meta.childNodes:
        if getattr(node, "qname", (None, None))[1] == "title":
            title = teletype.extractText(node)
        elif getattr(node, "qname", (None, None))[1] in ("initial-creator", "creator") and not author:
            author = teletype.extractText(node)
    return builder.document(title, author)


def _load_rtf(path: Path) -> LoadedDocument:
    from striprtf.striprtf import rtf_to_text

    raw = path.read_bytes()
    if not raw.lstrip().startswith(b"{\\rtf"):
        raise CorruptDocumentError(path, "is named .rtf but is not an RTF document.")
    match = re.search(rb"\\ansicpg(\d+)", raw[:4096])
    encoding = f"cp{match.group(1).decode()}" if match else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    text = rtf_to_text(raw.decode("latin-1"), encoding=encoding, errors="replace")
    builder = DocumentBuilder(path, "rtf")
    for block in re.split(r"\n\s*\n|\n", text):
        builder.paragraph(block)
    return builder.document()


#: HTML elements whose text is never the page's content.
_HTML_NOISE = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form", "iframe")
_HTML_BLOCKS = ("p", "li", "pre", "dd", "dt", "figcaption", "caption", "address")


def html_into(builder: DocumentBuilder, markup: bytes | str, *, chapter: bool = False) -> str:
    """The readable content of an HTML page into ``builder`` (headings as sections, tables as rows);
    returns the page's title. Scripts, styles, navigation and page furniture are left out.

    One walk in document order, with its own stack (a page nested 50,000 deep costs what a flat one
    of the same size does): blocks are paragraphs, text loose in containers gathers into one."""
    import warnings

    from bs4 import BeautifulSoup, NavigableString, XMLParsedAsHTMLWarning
    from bs4.element import PreformattedString

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # XHTML (an e-book's) reads well as HTML
        soup = BeautifulSoup(markup, "lxml")
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    for tag in soup(_HTML_NOISE):
        tag.decompose()
    body = soup.find("main") or soup.find("article") or soup.body or soup
    levels = {f"h{n}": n for n in range(1, 7)}
    tables = 0
    loose: list[str] = []

    def flush() -> None:
        builder.paragraph(" ".join(loose))
        loose.clear()

    stack: list[Iterator[Any]] = [iter(body.children)]
    while stack:
        node: Any = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString) and node.strip():  # comments, doctypes: skipped
                loose.append(node.strip())
            continue
        name = node.name
        if name in levels:
            flush()
            builder.heading(node.get_text(" "), levels[name] + (1 if chapter else 0))
        elif name == "table":
            flush()
            tables += 1
            rows = ([_cell(c.get_text(" ")) for c in row.find_all(["td", "th"])] for row in node.find_all("tr"))
            _table_rows(builder, rows, f"table {tables}, ")
        elif name in _HTML_BLOCKS:
            flush()
            builder.paragraph(node.get_text(" " if name != "pre" else ""))
        elif name == "br":
            loose.append("\n")
        else:
            if name in ("div", "section", "article", "main", "body", "ul", "ol", "dl", "blockquote", "figure"):
                flush()  # a block container ends the loose text before it
            stack.append(iter(node.children))
    flush()
    return title


def _load_html(path: Path) -> LoadedDocument:
    raw = path.read_bytes()
    builder = DocumentBuilder(path, "html")
    title = html_into(builder, raw)
    return builder.document(title)


def _load_epub(path: Path) -> LoadedDocument:
    import posixpath
    import warnings

    from ebooklib import ITEM_DOCUMENT, epub

    _check_zip(path, "epub")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = epub.read_epub(str(path), options={"ignore_ncx": True})  # EPUB 3: the nav document
    titles: dict[str, str] = {}

    def toc(entries: Iterable[Any]) -> None:
        for entry in entries:
            if isinstance(entry, tuple):
                section, children = entry
                href = getattr(section, "href", "") or ""
                if href:
                    titles.setdefault(href.split("#")[0], section.title)
                toc(children)
            elif getattr(entry, "href", None):
                titles.setdefault(entry.href.split("#")[0], entry.title)

    toc(book.toc)
    builder = DocumentBuilder(path, "epub")
    for item_id, _linear in book.spine:
        item = book.get_item_with_id(item_id)
        if item is None or item.get_type() != ITEM_DOCUMENT or isinstance(item, epub.EpubNav):
            continue  # the navigation document repeats the table of contents
        name = titles.get(item.get_name()) or titles.get(posixpath.basename(item.get_name())) or ""
        builder.page(name)
        heading = html_into(builder, item.get_content(), chapter=False)
        # No entry in the table of contents: the chapter's own title, else its number.
        builder.label_page(name or heading or next((s.path[0] for s in builder.open_sections()), ""))
    metadata = book.get_metadata("DC", "title")
    creators = book.get_metadata("DC", "creator")
    return builder.document(metadata[0][0] if metadata else "", creators[0][0] if creators else "")


_HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"


def _load_hwpx(path: Path) -> LoadedDocument:
    """HWPX (OWPML, KS X 6101): a zip of XML sections; a paragraph ``hp:p`` holds runs of ``hp:t``
    text and tables (``hp:tbl``); a paragraph whose style is an outline level ("개요 1", Outline 1)
    is a heading."""
    from defusedxml import ElementTree

    with _open_zip(path, "hwpx") as archive:
        names = archive.namelist()
        sections = sorted(
            (n for n in names if re.fullmatch(r"Contents/section\d+\.xml", n)),
            key=lambda n: int(re.findall(r"\d+", n)[-1]),
        )
        if not sections:
            raise CorruptDocumentError(path, "is not a valid HWPX document (it has no sections).")
        outline: dict[str, int] = {}
        if "Contents/header.xml" in names:
            header = ElementTree.fromstring(archive.read("Contents/header.xml"), forbid_dtd=True)
            for style in header.iter():
                if style.tag.endswith("}style"):
                    label = f"{style.get('name', '')} {style.get('engName', '')}"
                    match = re.search(r"(?:개요|Outline)\s*(\d)", label)
                    if match:
                        outline[style.get("id", "")] = int(match.group(1))
        builder = DocumentBuilder(path, "hwpx")
        tables = [0]

        def paragraph(node: Any) -> None:
            text: list[str] = []
            for run in node.findall(f"{_HP}run"):
                for child in run:
                    if child.tag == f"{_HP}t":
                        text.append("".join(child.itertext()))
                    elif child.tag == f"{_HP}tbl":
                        tables[0] += 1
                        rows = ([_hwpx_text(tc) for tc in tr.iter(f"{_HP}tc")] for tr in child.iter(f"{_HP}tr"))
                        _table_rows(builder, rows, f"table {tables[0]}, ")
            level = outline.get(node.get("styleIDRef", ""), 0)
            if level:
                builder.heading("".join(text), level)
            else:
                builder.paragraph("".join(text))

        for index, name in enumerate(sections, start=1):
            if len(sections) > 1:
                builder.page(f"Section {index}")
            root = ElementTree.fromstring(archive.read(name), forbid_dtd=True)
            for node in root.findall(f"{_HP}p"):
                paragraph(node)
        title = ""
        if "Contents/content.hpf" in names:
            opf = ElementTree.fromstring(archive.read("Contents/content.hpf"), forbid_dtd=True)
            title = next((e.text for e in opf.iter() if e.tag.endswith("}title") and e.text), "") or ""
    return builder.document(title)


def _hwpx_text(node: Any) -> str:
    return _cell("".join(piece for t in node.iter(f"{_HP}t") for piece in t.itertext()))


_READERS: dict[str, Callable[[Path], LoadedDocument]] = {
    "docx": _load_docx,
    "pptx": _load_pptx,
    "xlsx": _load_xlsx,
    "csv": _load_csv,
    "odt": lambda p: _load_odf(p, "odt"),
    "ods": lambda p: _load_odf(p, "ods"),
    "rtf": _load_rtf,
    "html": _load_html,
    "epub": _load_epub,
    "hwpx": _load_hwpx,
}

#: The names the file dialog offers (text files of any other name are read too, by their content).
DOCUMENT_SUFFIXES = frozenset({".pdf", ".txt", ".text", ".md", ".markdown", *OFFICE_SUFFIXES})

#: For people: what the library takes (the file dialog's filter, the README, "unsupported" messages).
SUPPORTED_NAMES = (
    "PDF, Word (.docx), OpenDocument (.odt, .ods), RTF, HTML, EPUB, PowerPoint (.pptx), Excel (.xlsx), "
    "CSV/TSV, Hangul (.hwpx), Markdown and plain text (including source code, JSON, YAML, logs)"
)
