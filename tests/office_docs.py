"""Office, web and e-book files for the tests, each built with its own library (as the PDFs are
with fpdf2), each holding a sentence found nowhere else. HWPX and RTF have no writer on the package
index: they are written as the formats' specifications lay them out."""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass
from pathlib import Path

#: What each built file says, and a question that asks for it in other words.
FACTS = {
    "docx": (
        "The Halvorsen bridge inspection found hairline cracks in pier four.",
        "What did the inspectors discover on the Halvorsen bridge?",
    ),
    "odt": (
        "The Marrowby orchard switched to drip irrigation in the dry summer of 2019.",
        "When did the Marrowby orchard change how it waters its trees?",
    ),
    "rtf": (
        "Captain Ilsabet logged a violent storm near the Faroe fishing banks.",
        "Where did Captain Ilsabet record bad weather?",
    ),
    "html": (
        "The Venn observatory dome rotates on forty steel wheels.",
        "How does the dome of the Venn observatory turn?",
    ),
    "epub": (
        "The lighthouse keeper on Skarvoy island painted the lamp room green every spring.",
        "What colour did the Skarvoy keeper paint the lamp room?",
    ),
    "pptx": (
        "Quarterly revenue from the Orinoco product line rose eleven percent.",
        "How did sales of the Orinoco line change this quarter?",
    ),
    "xlsx": ("Kestrel Ceramics", "Who supplies zirconia?"),
    "ods": ("Brindle Freight", "Which carrier moves the titanium sheet?"),
    "csv": ("Osprey Textiles", "Who sells linen canvas?"),
    "hwpx": (
        "한빛 연구소는 부산에서 해수 담수화 실험을 진행했다.",
        "한빛 연구소는 어디에서 바닷물 담수화 실험을 했나요?",
    ),
    "py": (
        "The reconcile_ledgers function merges duplicate vendor invoices before the monthly close.",
        "Which function merges duplicate vendor invoices?",
    ),
}

SUPPLIERS = [
    ("Supplier", "Material", "City", "Lead time (days)"),
    ("Kestrel Ceramics", "zirconia", "Faenza", 21),
    ("Brindle Metals", "titanium sheet", "Sheffield", 35),
    ("Osprey Textiles", "linen canvas", "Belfast", 14),
    ("Corvid Glassworks", "borosilicate tubing", "Jena", 28),
]
#: Each table-holding file has its own rows, so a question finds one file.
SHIPPING = [
    ("Carrier", "Cargo", "Port"),
    ("Halyard Lines", "copper wire", "Antwerp"),
    ("Brindle Freight", "titanium sheet", "Rotterdam"),
]
VENDORS = [
    ("Vendor", "Product", "Town"),
    ("Marlow Paper", "acid-free card", "Leeds"),
    ("Tern Plastics", "acrylic sheet", "Derby"),
    ("Osprey Textiles", "linen canvas", "Belfast"),
]
CREW = [("Inspector", "Role", "Certificate"), ("Ingrid Solberg", "lead", "C-2211"), ("Tomas Berg", "diver", "D-0937")]
FILLER = (
    "Routine maintenance notes follow, covering lubrication schedules, spare parts, staffing and the "
    "weekly safety walk-through that every site completes. "
)


@dataclass(frozen=True)
class Built:
    path: Path
    fact: str
    question: str


def docx_file(path: Path) -> Built:
    import docx

    fact, question = FACTS["docx"]
    document = docx.Document()
    document.core_properties.title = "Bridge inspection report"
    document.core_properties.author = "Ingrid Solberg"
    document.sections[0].header.paragraphs[0].text = "Confidential — Halvorsen county engineering"
    document.add_heading("Bridge inspection report", 0)
    document.add_heading("Scope", 1)
    document.add_paragraph(FILLER * 3)
    document.add_heading("Findings", 1)
    document.add_heading("Substructure", 2)
    document.add_paragraph(FILLER)
    document.add_paragraph(fact)
    table = document.add_table(rows=0, cols=3)
    for row in CREW:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    document.add_paragraph("End of report.")
    document.save(str(path))
    return Built(path, fact, question)


def odt_file(path: Path) -> Built:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    fact, question = FACTS["odt"]
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Orchard diary"))
    document.text.addElement(P(text=FILLER * 2))
    document.text.addElement(H(outlinelevel=2, text="Water"))
    document.text.addElement(P(text=fact))
    document.save(str(path))
    return Built(path, fact, question)


def ods_file(path: Path) -> Built:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Shipping")
    for row in SHIPPING:
        table_row = TableRow()
        for value in row:
            cell = TableCell()
            cell.addElement(P(text=str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    fact, question = FACTS["ods"]
    return Built(path, fact, question)


def rtf_file(path: Path) -> Built:
    fact, question = FACTS["rtf"]
    body = "\\par\n".join([FILLER * 2, fact, "The log ends here."])
    path.write_text(
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs24 " + body + "\\par\n}"
    )
    return Built(path, fact, question)


def html_file(path: Path) -> Built:
    fact, question = FACTS["html"]
    path.write_text(
        "<!DOCTYPE html><html><head><title>Venn observatory</title><style>p{color:red}</style>"
        "<script>var trackingSecret = 'xqzt-tracker';</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/shop'>Shop the zebra mugs</a></nav>"
        f"<main><h1>Venn observatory</h1><p>{FILLER}</p><h2>The dome</h2><p>{fact}</p></main>"
        "<footer>Copyright the Venn trust</footer></body></html>",
        encoding="utf-8",
    )
    return Built(path, fact, question)


def epub_file(path: Path) -> Built:
    from ebooklib import epub

    fact, question = FACTS["epub"]
    book = epub.EpubBook()
    book.set_identifier("skarvoy-1")
    book.set_title("Island keepers")
    book.set_language("en")
    book.add_author("Maren Holt")
    chapters = []
    for number, (title, text) in enumerate(
        [("The crossing", FILLER * 3), ("The lamp room", FILLER + " " + fact)], start=1
    ):
        chapter = epub.EpubHtml(title=title, file_name=f"chapter{number}.xhtml", lang="en")
        chapter.content = f"<h1>{title}</h1><p>{text}</p>"
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    epub.write_epub(str(path), book)
    return Built(path, fact, question)


def pptx_file(path: Path) -> Built:
    from pptx import Presentation

    fact, question = FACTS["pptx"]
    presentation = Presentation()
    layout = presentation.slide_layouts[1]  # title and content
    for title, body, notes in [
        ("Agenda", FILLER, ""),
        ("Results", fact, "Mention the Lisbon warehouse delay to the board."),
        ("Next steps", "Hire two planners for the spring season.", ""),
    ]:
        slide = presentation.slides.add_slide(layout)
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    presentation.save(str(path))
    return Built(path, fact, question)


def xlsx_file(path: Path) -> Built:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Suppliers"
    for row in SUPPLIERS:
        sheet.append(list(row))
    notes = workbook.create_sheet("Notes")
    notes.append(["Prices are reviewed every April."])
    workbook.save(str(path))
    fact, question = FACTS["xlsx"]
    return Built(path, fact, question)


def csv_file(path: Path) -> Built:
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(VENDORS)
    fact, question = FACTS["csv"]
    return Built(path, fact, question)


HWPX_NS = (
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" '
    'xmlns:opf="http://www.idpf.org/2007/opf/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def hwpx_file(path: Path, paragraphs: list[tuple[str, str]] | None = None, prolog: str = "") -> Built:
    """An HWPX document (OWPML): ``paragraphs`` are (style id, text); style 1 is "개요 1" (a heading)."""
    fact, question = FACTS["hwpx"]
    if paragraphs is None:
        paragraphs = [("1", "연구 개요"), ("0", "이 문서는 연구소의 연간 활동을 정리한 보고서이다. " * 5), ("0", fact)]
    section = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<hs:sec {HWPX_NS}>'
        + "".join(
            f'<hp:p id="{i}" paraPrIDRef="0" styleIDRef="{style}"><hp:run charPrIDRef="0"><hp:t>{text}</hp:t>'
            "</hp:run></hp:p>"
            for i, (style, text) in enumerate(paragraphs)
        )
        + "</hs:sec>"
    )
    header = (
        f'<?xml version="1.0" encoding="UTF-8"?><hh:head {HWPX_NS} version="1.4" secCnt="1"><hh:refList>'
        '<hh:styles itemCnt="2"><hh:style id="0" type="PARA" name="바탕글" engName="Normal"/>'
        '<hh:style id="1" type="PARA" name="개요 1" engName="Outline 1"/></hh:styles></hh:refList></hh:head>'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><opf:package {HWPX_NS} version="" unique-identifier="" id="">'
        "<opf:metadata><opf:title>연구소 연간 보고서</opf:title><opf:language>ko</opf:language></opf:metadata>"
        '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/></opf:manifest>'
        '<opf:spine><opf:itemref idref="header" linear="yes"/><opf:itemref idref="section0" linear="yes"/>'
        "</opf:spine></opf:package>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")  # first and stored, as in EPUB
        archive.writestr("version.xml", '<?xml version="1.0" encoding="UTF-8"?><hv:HCFVersion/>')
        archive.writestr("Contents/content.hpf", content, zipfile.ZIP_DEFLATED)
        archive.writestr("Contents/header.xml", header, zipfile.ZIP_DEFLATED)
        archive.writestr("Contents/section0.xml", section, zipfile.ZIP_DEFLATED)
    return Built(path, fact, question)


def python_file(path: Path) -> Built:
    fact, question = FACTS["py"]
    path.write_text(
        f'"""Ledger tools."""\n\n\ndef reconcile_ledgers(invoices):\n    """{fact}"""\n'
        "    seen = {}\n    for invoice in invoices:\n        seen.setdefault(invoice.vendor, invoice)\n"
        "    return list(seen.values())\n",
        encoding="utf-8",
    )
    return Built(path, fact, question)


BUILDERS = {
    "report.docx": docx_file,
    "orchard.odt": odt_file,
    "shipping.ods": ods_file,
    "logbook.rtf": rtf_file,
    "observatory.html": html_file,
    "keepers.epub": epub_file,
    "quarterly.pptx": pptx_file,
    "suppliers.xlsx": xlsx_file,
    "vendors.csv": csv_file,
    "연구보고서.hwpx": hwpx_file,
    "ledger.py": python_file,
}


def build_all(folder: Path) -> dict[str, Built]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: build(folder / name) for name, build in BUILDERS.items()}
