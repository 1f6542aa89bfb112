"""OCR speed and accuracy on generated scans of real prose (issue 15, item 2).

``python -m benchmarks.ocr [--pages N] [--json]`` sets pages of Debian's R FAQ (English, from
``r-doc-pdf``) and of the Korean Debian FAQ (``debian-faq-ko``) in a real font, renders them as
A4 scans (slightly rotated and speckled; diagnostics/scans.py), puts them in PDFs without a text
layer, and has the app's own recogniser (core/documents/ocr.py: PDFium, Tesseract in one helper per
core, at the scan's own resolution) read them with an empty cache, Korean and English chosen (the
default). Reported: pages per second (wall clock, helpers' start included) and the character error
rate against the known text (edit distance over the reference's characters, whitespace ignored).
The English set is also read as before narrowing (every page with both languages), and with a
Korean page in every six, which narrowing reads with English first and then again with both.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop_gpt.diagnostics.scans import A4_INCHES, KOREAN, SERIF, ScanPage, wrap, write_scanned_pdf

R_FAQ = Path("/usr/share/R/doc/manual/R-FAQ.pdf")
KOREAN_FAQ = Path("/usr/share/doc/debian/FAQ/ko/index.ko.html")
POINTS = 11


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance by Myers' bit-parallel algorithm (Hyyrö's form): fast on whole pages."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    m = len(a)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, ch in enumerate(a):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    for ch in b:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def cer(reference: str, recognised: str) -> tuple[int, int]:
    """(edits, reference characters), whitespace left out of both: line breaks are layout, not text."""
    ref, hyp = "".join(reference.split()), "".join(recognised.split())
    return edit_distance(ref, hyp), len(ref)


def paginate(text: str, pages: int, font_path: str) -> list[str]:
    """The first ``pages`` A4 pages' worth of ``text`` at 11 pt, one page's text each (as written)."""
    from PIL import ImageFont

    dpi = 300
    font = ImageFont.truetype(font_path, round(POINTS / 72 * dpi))
    width = int(A4_INCHES[0] * dpi) - 2 * dpi
    lines_per_page = (
        int((A4_INCHES[1] * dpi - 2 * dpi) // round(POINTS * 1.45 / 72 * dpi)) - 3
    )  # room for rounding at other resolutions
    words = [w for w in text.split() if font.getlength(w) < width]  # a word wider than the page cannot wrap
    out: list[str] = []
    start = 0
    while len(out) < pages and start < len(words):
        low, high = start + 1, min(len(words), start + 1200)
        while low < high:  # the most words that fit on a page
            mid = (low + high + 1) // 2
            if len(wrap(" ".join(words[start:mid]), font, width)) <= lines_per_page:
                low = mid
            else:
                high = mid - 1
        out.append(" ".join(words[start:low]))
        start = low
    return out


def english_text() -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(R_FAQ).pages[4:40])
    return re.sub(r"\s+", " ", text)


def korean_text() -> str:
    from benchmarks.retrieval import docbook_html_to_markdown

    text = docbook_html_to_markdown(KOREAN_FAQ)
    text = re.sub(r"[#*`>_\[\]|]+", " ", text)
    return re.sub(r"\s+", " ", text)


def measure(
    name: str, pages: list[ScanPage], font_path: str, dpi: int, work: Path, tessdata: Path, *, narrow: bool = True
) -> dict[str, Any]:
    from desktop_gpt.core.documents.ocr import PageRecogniser

    texts = [page.text for page in pages]
    pdf = write_scanned_pdf(work / f"{name}.pdf", pages, dpi=dpi, font_path=font_path, points=POINTS)
    recogniser = PageRecogniser(tessdata, work / f"cache-{name}", "kor+eng", narrow=narrow)
    try:
        t0 = time.perf_counter()
        outcome = recogniser.recognise(pdf, f"{abs(hash(name)):064x}"[:64], list(range(1, len(texts) + 1)))
        seconds = time.perf_counter() - t0
    finally:
        recogniser.close()
    edits = chars = 0
    for number, text in enumerate(texts, 1):
        e, c = cer(text, outcome.texts.get(number, ""))
        edits, chars = edits + e, chars + c
    return {
        "set": name, "pages": len(texts), "dpi": dpi, "workers": recogniser.workers, "seconds": round(seconds, 2),
        "pages_per_s": round(len(texts) / seconds, 2), "cer": round(edits / max(1, chars), 4),
        "cpu_s_per_page": round(outcome.cpu_seconds / len(texts), 3),
        "pages_per_s_idle": round(recogniser.workers * len(texts) / max(1e-9, outcome.cpu_seconds), 2),
        "chars_per_page": round(chars / max(1, len(texts))), "unreadable": len(outcome.unreadable),
        "english_only": sum(used == "eng" for used in outcome.languages.values()), "rereads": outcome.rereads,
    }  # fmt: skip


def bench_ocr(work: Path, pages: int = 12) -> list[dict[str, Any]]:
    """The OCR figures of the benchmark: English at 300 dpi (before narrowing, with it, with Korean pages
    among it) and 200 dpi, Korean at 300 dpi."""
    from desktop_gpt.core.app.paths import default_cache_dir
    from desktop_gpt.core.documents.ocr_data import install_ocr_data

    tessdata = work / "tessdata"
    install_ocr_data(tessdata, default_cache_dir())
    english = [ScanPage(text) for text in paginate(english_text(), pages, SERIF)]
    korean = [ScanPage(text) for text in paginate(korean_text(), pages, KOREAN)]
    mixed = [ScanPage(korean[n].text, font_path=KOREAN) if n % 6 == 5 else page for n, page in enumerate(english)]
    return [
        measure("English, 300 dpi, both languages every page (before)", english, SERIF, 300, work, tessdata,
                narrow=False),
        measure("English, 300 dpi", english, SERIF, 300, work, tessdata),
        measure("English, 300 dpi, every 6th page Korean", mixed, SERIF, 300, work, tessdata),
        measure("English, 200 dpi", english, SERIF, 200, work, tessdata),
        measure("Korean, 300 dpi", korean, KOREAN, 300, work, tessdata),
    ]  # fmt: skip


def table(rows: list[dict[str, Any]]) -> list[str]:
    """Wall-clock pages/s as measured, and the pages/s that the helpers' processor time per page gives
    on idle cores (the machine may be shared while the benchmark runs)."""
    lines = [
        "| scans | pages | characters a page | helpers | seconds | pages/s | CPU s a page | pages/s on idle cores "
        "| CER | read with English only | read again |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['set']} | {r['pages']} | {r['chars_per_page']} | {r['workers']} | {r['seconds']:.1f} | "
            f"**{r['pages_per_s']:.2f}** | {r['cpu_s_per_page']:.2f} | {r['pages_per_s_idle']:.2f} | "
            f"{100 * r['cer']:.2f}% | {r['english_only']} | {r['rereads']} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=12, help="pages per set (default 12)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="desktop-gpt-ocr-") as tmp:
        rows = bench_ocr(Path(tmp), args.pages)
    print(json.dumps(rows, indent=2) if args.json else "\n".join(table(rows)))
    print(f"Machine: {os.cpu_count()} CPUs.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
