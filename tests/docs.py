"""Real test documents, generated on the fly: PDFs with known facts on known pages, and bad files."""

from __future__ import annotations

import logging
import random
from pathlib import Path

from fpdf import FPDF  # the image-only "scan" and the Korean PDFs (a real font, embedded)

from desktop_gpt.diagnostics.samplepdf import write_text_pdf

FILLER = (
    "The committee met in the long hall after the harvest and spent the afternoon on routine "
    "matters: the state of the roads, the price of lamp oil, the schedule of the ferry and the "
    "repairs that the old granary would need before winter. Several members spoke at length, "
    "and the clerk recorded each remark in the minute book with patient care."
)

#: page number -> a sentence that only that page contains.
FACTS = {
    1: "The lighthouse keeper of Varnholm Island is named Ottilie Brask.",
    2: "The annual rainfall in the Quorra valley is 412 millimetres.",
    3: "The bridge over the Teslin river was rebuilt in 1987 with green steel girders.",
    4: "Glass eels migrate up the Ambrel estuary every April when the water warms.",
}


#: The app's own PDF writer (diagnostics/samplepdf.py): one page per string, with title and author.
write_pdf = write_text_pdf


def facts_pdf(path: Path, *, extra: dict[int, str] | None = None) -> Path:
    """Four pages of prose, each with one fact from :data:`FACTS` in the middle."""
    facts = {**FACTS, **(extra or {})}
    pages = [f"{FILLER}\n\n{facts[n]}\n\n{FILLER}" for n in sorted(facts)]
    return write_pdf(path, pages, title="Notes from the Northern Districts", author="A. Clerk")


def encrypted_pdf(path: Path, source: Path, user_password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' PDF: one page with only a picture on it, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    for y in range(40, 760, 24):
        draw.rectangle([40, y, 40 + random.Random(y).randint(200, 520), y + 10], fill="black")
    png = path.with_suffix(".png")
    image.save(png)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(png), x=10, y=10, w=190)
    pdf.output(str(path))
    png.unlink()
    return path


def truncated_copy(path: Path, source: Path, keep: float = 0.4) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


#: A real Korean TrueType font (Debian's fonts-nanum, installed by ``scripts/setup.sh --test``).
KOREAN_FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")


def korean_pdf(path: Path, pages: list[str]) -> Path:
    """A Korean text PDF set in NanumGothic (embedded, with its Unicode map), one page per string. Lines
    break between any two syllables, as Korean word processors do, so words are split across lines."""
    from fpdf.enums import WrapMode

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # it lists the font tables it leaves out
    pdf = FPDF()
    pdf.add_font("NanumGothic", fname=str(KOREAN_FONT))
    pdf.set_font("NanumGothic", size=10)
    pdf.set_title("임대차 계약서")
    for text in pages:
        pdf.add_page()
        for paragraph in text.split("\n\n"):
            pdf.multi_cell(0, 6, paragraph, wrapmode=WrapMode.CHAR, align="L")
            pdf.ln(4)
    pdf.output(str(path))
    return path
