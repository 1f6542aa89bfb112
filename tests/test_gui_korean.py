"""Korean in the window: the viewer finds and highlights a Korean passage at the cited page.

Tests wait on signals and conditions, never on fixed sleeps.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict
from pathlib import Path

from PySide6.QtCore import QModelIndex

from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.documents.loaders import load_document
from desktop_gpt.core.index.records import SearchHit
from desktop_gpt.ui.main_window import MainWindow
from desktop_gpt.ui.viewer import occurrence_on_page, search_phrase
from tests.docs import korean_pdf
from tests.test_gui import LONG, open_window, wait_ready, window  # noqa: F401 (fixtures)

GENERAL = "제1조 목적: 이 계약은 임대인과 임차인의 권리와 의무를 정한다. 일반 조항은 당사자 모두에게 적용된다. "
DEPOSIT = (
    "제3조 보증금 반환: 임대인은 계약이 끝나면 보증금을 임차인에게 지체 없이 돌려주어야 한다. "
    "보증금에서 밀린 차임과 관리비를 뺄 수 있으며, 그 내역을 서면으로 알려야 한다. "
)
MEETING = "제7조 회의: 관리 위원회는 매주 금요일 오후에 모여 회의록을 작성하고 일 년 동안 보관한다. "


def compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def test_search_phrases_are_specific_in_korean_and_placed_on_the_page() -> None:
    passage = "제3조 보증금 반환: 임대인은 계약이 끝나면 보증금을 임차인에게 지체 없이 돌려주어야 한다."
    assert search_phrase(passage).startswith("제3조 보증금"), "the passage's first words, not words further in"
    assert search_phrase("The bridge over the Teslin river was rebuilt in 1987.") == "The bridge over the Teslin river"
    page = "제3조 보증금 반환: 임대인은\r\n계약이 끝나면 보증\r\n금을 돌려준다. " * 3 + "끝."
    later = page[len(page) // 3 :].replace("\r\n", " ")  # begins with the second copy; spaces differ
    assert occurrence_on_page(page, later, search_phrase(later)) == 1
    assert occurrence_on_page(page, page, search_phrase(page)) == 0
    repeated = "보증금을 돌려준다. " * 10  # wording the page repeats: the indexed offset settles it
    assert occurrence_on_page(repeated, repeated[33:66], "보증금을 돌려준다.", start=33) == 3
    assert occurrence_on_page(page, "nowhere on this page", "nowhere") == 0


def highlighted_occurrence(qtbot, main: MainWindow, hit: SearchHit, page_text: str) -> int:
    """Open ``hit`` in the viewer; check the words it highlights are the passage's own on the cited page
    (what the PDF shows after them is what the passage says next), and say which occurrence they are."""
    viewer = main.open_source(Source(**asdict(hit), number=1))
    qtbot.waitUntil(lambda: viewer.current_page() == hit.page, timeout=LONG)
    phrase = compact(viewer.find_box.text())
    assert phrase and compact(hit.text).startswith(phrase), "the passage's first words are searched"
    assert page_text[hit.start : hit.end] == hit.text
    occurrence = compact(page_text[: hit.start]).count(phrase)  # counted on the text the library indexed
    model = viewer.search_model

    def on_page() -> list[int]:
        return [i for i in range(model.rowCount(QModelIndex())) if model.resultAtIndex(i).page() == hit.page - 1]

    qtbot.waitUntil(lambda: len(on_page()) > occurrence, timeout=LONG)
    qtbot.waitUntil(lambda: viewer.pdf_view.currentSearchResultIndex() == on_page()[occurrence], timeout=LONG)
    link = model.resultAtIndex(viewer.pdf_view.currentSearchResultIndex())
    assert link.rectangles(), "the highlight has a place on the page"
    after = compact(link.contextAfter())[:12]
    assert after and compact(hit.text)[len(phrase) :].startswith(after), after
    return occurrence


def test_the_viewer_finds_and_highlights_a_korean_passage(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: F811
    pdf = korean_pdf(tmp_path / "임대차 계약서.pdf", [GENERAL * 12, DEPOSIT * 20, MEETING * 12])
    window.library.add_paths([str(pdf)])
    wait_ready(qtbot, window, pdf.name)
    hits = window.controller.workspace.search("보증금은 언제 돌려받나요?", k=20, mode="hybrid")
    on_page = sorted((h for h in hits if h.page == 2), key=lambda h: h.start)
    assert len(on_page) >= 2, "the deposit page holds several passages"
    page_text = load_document(pdf).pages[1].text
    assert highlighted_occurrence(qtbot, window, on_page[0], page_text) == 0
    # A later passage on the page: its first words occur before it too (the article repeats).
    assert highlighted_occurrence(qtbot, window, on_page[-1], page_text) > 0
