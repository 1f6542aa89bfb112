"""Scanned pages in the window: the library row says what OCR did, the viewer does not claim a highlight."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.chat.answer import Source
from tests.test_gui import LONG, open_window, status_of  # noqa: F401 (fixtures)
from tests.test_ocr import MIXED_FACT, mixed_pdf, tessdata, with_ocr  # noqa: F401 (fixtures)


def test_a_scanned_page_in_the_window(qtbot, open_window, app_paths: AppPaths, tessdata: Path, tmp_path: Path) -> None:  # noqa: F811
    """OCR'd: the row says how many pages; a cited scanned page opens at its page as recognised text."""
    with_ocr(app_paths, tessdata)
    window = open_window()
    pdf = mixed_pdf(tmp_path / "orchard.pdf")
    seen: list[str] = []
    window.library.model.dataChanged.connect(lambda *_: seen.append(status_of(window, "orchard.pdf")))
    window.library.add_paths([str(pdf)])
    qtbot.waitUntil(lambda: status_of(window, "orchard.pdf").startswith("ready"), timeout=LONG)
    assert status_of(window, "orchard.pdf") == "ready; 1 page(s) by OCR"
    assert "recognising page 0/1" in seen or "recognising page 1/1" in seen, seen

    hits = window.controller.workspace.search("How many pear trees grow near the church?", k=1, mode="hybrid")
    assert hits[0].page == 3 and "pear trees" in hits[0].text
    viewer = window.open_source(Source(**asdict(hits[0]), number=1))
    qtbot.waitUntil(lambda: viewer.current_page() == 3, timeout=LONG)
    assert "a scanned page; the cited passage is recognised text (OCR)" in viewer.location.text()
    assert viewer.find_box.text() == "", "nothing is searched for on a page without a text layer"
    assert MIXED_FACT.split()[1] in viewer.location.toolTip()


def test_a_text_page_still_claims_its_highlight(qtbot, open_window, app_paths: AppPaths, tmp_path: Path) -> None:  # noqa: F811
    """No OCR data: the scanned page is named in the row; a cited text page opens highlighted as before."""
    window = open_window()
    pdf = mixed_pdf(tmp_path / "orchard.pdf")
    window.library.add_paths([str(pdf)])
    qtbot.waitUntil(lambda: status_of(window, "orchard.pdf").startswith("ready"), timeout=LONG)
    assert status_of(window, "orchard.pdf") == "ready; not read: page(s) 3"
    row = next(r for r in window.library.model.rows() if r.name == "orchard.pdf")
    assert "not installed" in row.unread_reason
    hits = window.controller.workspace.search("committee met in the long hall after the harvest", k=1, mode="hybrid")
    viewer = window.open_source(Source(**asdict(hits[0]), number=1))
    qtbot.waitUntil(lambda: viewer.current_page() == hits[0].page, timeout=LONG)
    assert "the cited passage is highlighted" in viewer.location.text()
