"""Office, web, e-book and spreadsheet files: each read by its own library into text a question can
find, with a location a person can follow; hostile and mislabelled ones refused with their reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    OldFileFormatError,
    UnsupportedFileError,
)
from desktop_gpt.core.documents import formats
from desktop_gpt.core.documents.chunking import LOCATE_ANCHORS, LOCATE_LINES, chunk_pages
from desktop_gpt.core.documents.formats import detect_format, is_ignored
from desktop_gpt.core.documents.loaders import LoadedDocument, load_document
from desktop_gpt.core.documents.view import document_view
from desktop_gpt.core.index.ingest import collect_files
from tests.docs import facts_pdf
from tests.office_docs import BUILDERS, FILLER, docx_file, epub_file, hwpx_file, pptx_file, xlsx_file

#: Where each built file's sentence is, as its citation says it.
LOCATIONS = {
    "report.docx": "Findings › Substructure · ¶ 3",
    "orchard.odt": "Orchard diary › Water · ¶ 1",
    "shipping.ods": "Shipping · row 3",
    "logbook.rtf": "¶ 2",
    "observatory.html": "Venn observatory › The dome · ¶ 1",
    "keepers.epub": "The lamp room · ¶ 1",
    "quarterly.pptx": "Slide 2 · Results",
    "suppliers.xlsx": "Suppliers · row 2",
    "vendors.csv": "row 4",
    "연구보고서.hwpx": "연구 개요 · ¶ 2",
    "ledger.py": "line 5",
}


def chunks_of(document: LoadedDocument, size: int = 120) -> list:
    locate = LOCATE_LINES if document.kind == "text" else LOCATE_ANCHORS
    return chunk_pages(
        "doc", document.pages, size, 20, sections=document.sections, headings_in_text=False,
        anchors=document.anchors, locate=locate,
    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_each_format_yields_its_sentence_where_a_person_can_find_it(tmp_path: Path, name: str) -> None:
    built = BUILDERS[name](tmp_path / name)
    document = load_document(built.path)
    assert document.kind == formats.detect_format(built.path) or document.kind == "text"
    holding = [c for c in chunks_of(document) if built.fact in c.text]
    assert holding, f"{name}: the sentence is in no chunk"
    assert holding[0].location == LOCATIONS[name]
    view = document_view(document)
    at = view.position(holding[0].page, holding[0].start)
    assert view.text[at : at + len(holding[0].text)] == holding[0].text  # the viewer finds the passage


def test_html_keeps_the_content_and_leaves_out_scripts_navigation_and_footers(tmp_path: Path) -> None:
    built = BUILDERS["observatory.html"](tmp_path / "page.html")
    text = "\n".join(page.text for page in load_document(built.path).pages)
    assert built.fact in text and "Routine maintenance" in text
    for noise in ("trackingSecret", "zebra mugs", "Copyright", "color:red"):
        assert noise not in text


def test_table_rows_carry_their_column_headers(tmp_path: Path) -> None:
    workbook = load_document(xlsx_file(tmp_path / "s.xlsx").path)
    assert [p.label for p in workbook.pages] == ["Suppliers", "Notes"]
    rows = workbook.pages[0].text.split("\n\n")
    assert rows[1] == "Supplier: Kestrel Ceramics; Material: zirconia; City: Faenza; Lead time (days): 21"
    report = load_document(docx_file(tmp_path / "r.docx").path)
    text = report.pages[0].text
    assert "Inspector: Tomas Berg; Role: diver; Certificate: D-0937" in text
    assert "Confidential — Halvorsen county engineering" in text  # the page header
    assert report.title == "Bridge inspection report" and report.author == "Ingrid Solberg"
    located = {c.location for c in chunks_of(report, 40) if "Tomas Berg" in c.text}
    assert located == {"Findings › Substructure · table 1, row 3"}


def test_slides_keep_their_titles_and_speaker_notes(tmp_path: Path) -> None:
    deck = load_document(pptx_file(tmp_path / "q.pptx").path)
    assert [p.label for p in deck.pages] == ["Slide 1", "Slide 2", "Slide 3"]
    notes = [c for c in chunks_of(deck, 20) if "Lisbon warehouse" in c.text]
    assert notes and notes[0].location == "Slide 2 · Results · notes"
    # A slide's title does not leak onto the next slide.
    assert all(c.location.startswith("Slide 3 · Next steps") for c in chunks_of(deck) if c.page == 3)


def test_e_book_chapters_are_pages_in_reading_order(tmp_path: Path) -> None:
    book = load_document(epub_file(tmp_path / "k.epub").path)
    assert [p.label for p in book.pages] == ["The crossing", "The lamp room"]
    assert book.title == "Island keepers" and book.author == "Maren Holt"


def test_an_epub3_without_ncx_or_table_of_contents_is_named_by_its_chapters(tmp_path: Path) -> None:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("tides-1")
    book.set_title("Harbour tales")
    titled = epub.EpubHtml(title="Tides", file_name="tides.xhtml", content="<h1>Tides</h1><p>Spring tides rise.</p>")
    untitled = epub.EpubHtml(file_name="x.xhtml", content="<p>A chapter with no title at all.</p>")
    for item in (titled, untitled, epub.EpubNav()):
        book.add_item(item)
    book.spine = ["nav", titled, untitled]
    epub.write_epub(str(tmp_path / "t.epub"), book)
    assert [p.label for p in load_document(tmp_path / "t.epub").pages] == ["Tides", "Chapter 2"]


def test_text_files_are_told_by_their_content_not_only_their_name(tmp_path: Path) -> None:
    readme = tmp_path / "README"
    readme.write_text("Build with make; the binary lands in out/.\n")
    json_file = tmp_path / "config.json"
    json_file.write_text('{"retries": 3}')
    utf16 = tmp_path / "NOTES"
    utf16.write_bytes("메모: 회의는 목요일\n".encode("utf-16"))
    binary = tmp_path / "blob"
    binary.write_bytes(bytes(range(256)) * 8)
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert [detect_format(p) for p in (readme, json_file, utf16, binary, image)] == ["text", "text", "text", None, None]
    assert "회의는 목요일" in load_document(utf16).pages[0].text
    with pytest.raises(UnsupportedFileError, match="Word"):
        load_document(binary)


@pytest.mark.parametrize(
    ("name", "fix"),
    [("minutes.doc", ".docx"), ("budget.xls", ".xlsx"), ("deck.ppt", ".pptx"), ("계약서.hwp", ".hwpx")],
)
def test_old_binary_formats_are_refused_with_the_way_to_convert_them(tmp_path: Path, name: str, fix: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    with pytest.raises(OldFileFormatError) as caught:
        load_document(path)
    assert f"save it as {fix}" in caught.value.detail and caught.value.reason == "old file format"


def _zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _replace_member(path: Path, member: str, data: bytes) -> None:
    original = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info.filename, data if info.filename == member else original.read(info.filename))
    original.close()
    path.write_bytes(buffer.getvalue())


ZIP_FORMATS = ["report.docx", "orchard.odt", "shipping.ods", "keepers.epub", "quarterly.pptx", "suppliers.xlsx"]


@pytest.mark.parametrize("name", [*ZIP_FORMATS, "연구보고서.hwpx"])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, name: str) -> None:
    bomb = BUILDERS[name](tmp_path / name).path
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("media/padding.bin", bytes(64 * 2**20))
    assert bomb.stat().st_size < 2**20
    with pytest.raises(CorruptDocumentError, match="zip bomb"):
        load_document(bomb)


@pytest.mark.parametrize("name", [*ZIP_FORMATS, "연구보고서.hwpx"])
def test_a_truncated_file_of_any_zip_format_is_called_damaged(tmp_path: Path, name: str) -> None:
    whole = BUILDERS[name](tmp_path / name).path
    whole.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(CorruptDocumentError, match="damaged"):
        load_document(whole)


def test_deeply_nested_html_and_garbage_markup_are_read_or_refused_never_crash(tmp_path: Path) -> None:
    nested = tmp_path / "nested.html"
    nested.write_text("<html><body>" + "<div>" * 50_000 + "The deep sentence." + "</div>" * 50_000 + "</body></html>")
    garbage = tmp_path / "garbage.html"
    garbage.write_bytes(b"<html><p>\xff\xfe\x00<<<>>>&&&#xdeadbeef;</p><p>Still readable words.</p>")
    for path in (nested, garbage):
        try:
            document = load_document(path)
        except (CorruptDocumentError, EmptyDocumentError):
            continue  # refused with a reason is fine; anything else is not
        assert document.pages


@pytest.mark.parametrize("kind", ["docx", "epub", "hwpx"])
def test_xml_entity_declarations_are_refused(tmp_path: Path, kind: str) -> None:
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    if kind == "hwpx":
        path = hwpx_file(tmp_path / "a.hwpx", [("0", "&lol3;")], prolog=laughs).path
    else:
        path = (docx_file if kind == "docx" else epub_file)(tmp_path / f"a.{kind}").path
        member = "word/document.xml" if kind == "docx" else "EPUB/chapter1.xhtml"
        original = zipfile.ZipFile(path).read(member).decode()
        head, _, body = original.partition("?>")
        _replace_member(path, member, (head + "?>" + laughs + body).encode())
    with pytest.raises(CorruptDocumentError, match="XML entities"):
        load_document(path)


def test_truncated_and_mislabelled_files_say_what_they_are(tmp_path: Path) -> None:
    good = docx_file(tmp_path / "good.docx").path
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 5])
    with pytest.raises(CorruptDocumentError, match="damaged or truncated"):
        load_document(truncated)
    pdf_named_docx = tmp_path / "contract.docx"
    pdf_named_docx.write_bytes(facts_pdf(tmp_path / "facts.pdf").read_bytes())
    with pytest.raises(CorruptDocumentError, match=r"is named \.docx but is a PDF"):
        load_document(pdf_named_docx)
    sheet_named_docx = tmp_path / "sheet.docx"
    sheet_named_docx.write_bytes(xlsx_file(tmp_path / "s.xlsx").path.read_bytes())
    with pytest.raises(CorruptDocumentError, match="is an Excel workbook, not a Word document"):
        load_document(sheet_named_docx)
    text_named_xlsx = tmp_path / "plain.xlsx"
    text_named_xlsx.write_text("just some words")
    with pytest.raises(CorruptDocumentError, match=r"is named \.xlsx"):
        load_document(text_named_xlsx)


def test_empty_documents_are_called_empty(tmp_path: Path) -> None:
    import docx

    docx.Document().save(str(tmp_path / "blank.docx"))
    (tmp_path / "blank.html").write_text("<html><head><script>x()</script></head><body><nav>Home</nav></body></html>")
    for name in ("blank.docx", "blank.html"):
        with pytest.raises(EmptyDocumentError):
            load_document(tmp_path / name)


def test_a_sheet_that_claims_a_million_rows_reads_only_the_rows_it_has(tmp_path: Path) -> None:
    path = xlsx_file(tmp_path / "huge.xlsx").path
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    import re

    _replace_member(path, "xl/worksheets/sheet1.xml", re.sub(r'ref="[^"]+"', 'ref="A1:XFD1048576"', sheet).encode())
    document = load_document(path)
    assert len(document.pages[0].text.split("\n\n")) == 5


def test_text_beyond_the_cap_is_refused_not_indexed_in_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_TEXT_CHARS", 500)
    path = docx_file(tmp_path / "long.docx").path
    with pytest.raises(DocumentTooLargeError, match="split it"):
        load_document(path)


def test_folders_skip_lock_files_temporary_files_and_tool_folders(tmp_path: Path) -> None:
    for name in ("a.docx", "~$a.docx", ".~lock.b.odt#", "b.odt~", "notes/c.md", "node_modules/pkg/readme.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in collect_files([tmp_path])) == ["a.docx", "notes/c.md"]
    assert is_ignored(Path(".git/config")) and not is_ignored(Path("reports/q1.docx"))


def test_a_heading_only_document_is_not_empty_and_long_paragraphs_keep_their_words(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Only a heading", 1)
    document.add_paragraph(FILLER * 30)
    document.save(str(tmp_path / "h.docx"))
    loaded = load_document(tmp_path / "h.docx")
    assert loaded.sections[0].path == ("Only a heading",)
    words = " ".join(c.text for c in chunks_of(loaded)).split()
    assert set(FILLER.split()) <= set(words)
