"""Write PDFs that look scanned: each page a picture of text set in a real font, with no text layer.

The OCR tests and the OCR benchmark read these, so the text on every page is known exactly. A page
is an A4 greyscale image at a chosen resolution, slightly rotated and speckled like a real scan.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
#: Debian's fonts-nanum (set-up installs it for the Korean tests).
KOREAN = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
A4_INCHES = (8.27, 11.69)


@dataclass(frozen=True)
class ScanPage:
    """A page to write: ``text`` as a scanned image, or, with ``text_layer``, as real PDF text;
    ``font_path`` sets a scanned page in another font than the document's (a Korean page among English)."""

    text: str
    text_layer: bool = False
    font_path: str = ""


def wrap(text: str, font: object, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pixels in ``font`` (a PIL FreeType font)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and font.getlength(candidate) > width:  # type: ignore[attr-defined]
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def scan_image(text: str, *, dpi: int = 300, font_path: str = SERIF, points: float = 11, seed: int = 0) -> object:
    """A PIL image of an A4 page with ``text`` set at ``points`` size, as a scanner would see it."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path, round(points / 72 * dpi))
    margin = dpi  # one inch
    line_height = round(points * 1.45 / 72 * dpi)
    y = margin
    for line in wrap(text, font, width - 2 * margin):
        if y + line_height > height - margin:
            raise ValueError("the text does not fit on one page")
        draw.text((margin, y), line, font=font, fill=20)
        y += line_height
    rng = random.Random(seed)
    image = image.rotate(rng.uniform(-0.4, 0.4), resample=Image.Resampling.BILINEAR, fillcolor=255)
    pixels = image.load()
    for _ in range(width * height // 2000):  # dust: about 0.05 % of the pixels
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 90))  # type: ignore[index]
    return image


def write_scanned_pdf(
    path: Path, pages: Sequence[ScanPage | str], *, dpi: int = 300, font_path: str = SERIF, points: float = 11
) -> Path:
    """A PDF with one page per entry: scanned images, and real text where a page asks for it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("body", fname=font_path)
    for number, entry in enumerate(pages, 1):
        page = entry if isinstance(entry, ScanPage) else ScanPage(entry)
        pdf.add_page()
        if page.text_layer:
            pdf.set_font("body", size=points)
            pdf.set_xy(25, 25)
            pdf.multi_cell(160, points * 0.55, page.text)
            continue
        image = scan_image(page.text, dpi=dpi, font_path=page.font_path or font_path, points=points, seed=number)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")  # type: ignore[attr-defined]
        buffer.seek(0)
        pdf.image(buffer, x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.output(str(path))
    return path
