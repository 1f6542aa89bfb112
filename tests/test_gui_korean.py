"""Korean in the window: the interface in Korean, and the viewer finding a Korean passage at the cited page.

Tests wait on signals and conditions, never on fixed sleeps.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict
from pathlib import Path

from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop_gpt.core.app.errors import CancelledError
from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.documents.loaders import load_document
from desktop_gpt.core.index.records import SearchHit
from desktop_gpt.ui.core_text import core_text
from desktop_gpt.ui.errors import plain_words
from desktop_gpt.ui.i18n import install_translators
from desktop_gpt.ui.main_window import MainWindow
from desktop_gpt.ui.viewer import occurrence_on_page, search_phrase
from tests.docs import korean_pdf, truncated_copy, write_pdf
from tests.test_gui import LONG, open_window, status_of, wait_ready, window  # noqa: F401 (fixtures)

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

    # A Korean question in the chat: the Korean passage is cited, and the English-only starter model
    # says once that it cannot write Korean.
    chat = window.chat
    chat.input.setPlainText("보증금은 언제 돌려받나요?")
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG) as finished:
        chat.send()
    answer = finished.args[0]
    assert answer.sources and answer.sources[0].document == pdf.name and not answer.error
    assert "cannot write good Korean" in answer.notice
    assert "cannot write good Korean" in chat.view.toPlainText(), "shown under the answer"


# -- the Korean interface -------------------------------------------------------------------------

#: Words that stay as they are in Korean: names of products, formats and units, and what a person types.
ALLOWED = re.compile(
    r"Desktop GPT|GPT4All|Ollama|Hugging Face|Transformers|GGUF|SHA-256|CPU|PDF|Markdown|Top-k|top-k|strace|Python"
    r"|Shift\+Enter|Enter|Built with Llama|Alibaba|Qwen2\.5|Meta|Google|Gemma|Microsoft|Phi-3\.5 mini|Nomic"
    r"|MiniLM|SmolLM2"
    r"|Q4_K_M|Q8_0|\b\d+(?:\.\d+)?(?:[BbKk]|GB)\b|\d+GB"
    r"|https?://\S+|\S*\.(?:gguf|onnx|json|ts|qm|log|pdf|cloud|co)\b|owner/model|llama3\.2:3b|\b[MG]B(?:/s)?\b"
    r"|pip install \"desktop-gpt\[hf\]\"|`[^`]*`|--data-dir|DESKTOP_GPT_DATA_DIR|(?:/[\w.+-]+)+|\bEnglish\b|\bID\b"
)


def untranslated(text: str) -> str:
    """What is left of ``text`` in English once markup, mnemonics and the allowed words are taken out."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\(&\w\)|&(?=\w)", "", text)
    text = ALLOWED.sub(" ", text)
    return " ".join(re.findall(r"[A-Za-z]{2,}", text))


def widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """Every string ``root`` and its children show or say: titles, labels, buttons, tool tips,
    placeholders, accessible names, tabs, combo items, menus and actions, table headers."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        where = widget.objectName() or type(widget).__name__
        found += [(where, widget.windowTitle()), (where, widget.toolTip()), (where, widget.accessibleName())]
        if isinstance(widget, QLabel | QAbstractButton):
            found.append((where, widget.text()))
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            found.append((where, widget.placeholderText()))
        if isinstance(widget, QGroupBox):
            found.append((where, widget.title()))
        if isinstance(widget, QTabWidget):
            found += [(where, widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QComboBox):
            found += [(where, widget.itemText(i)) for i in range(widget.count())]
        if isinstance(widget, QMenu):
            found.append((where, widget.title()))
        if isinstance(widget, QMessageBox):
            found += [(where, widget.text()), (where, widget.informativeText())]
        if isinstance(widget, QTableView):
            model = widget.model()
            header = Qt.Orientation.Horizontal
            found += [(where, str(model.headerData(c, header) or "")) for c in range(model.columnCount())]
        for action in widget.actions():
            found += [(where, action.text()), (where, action.toolTip())]
    return [(where, text) for where, text in found if text]


def test_the_window_speaks_korean(qtbot, open_window, tmp_path: Path) -> None:  # noqa: F811
    """In Korean, no string of the main window, the settings, the model manager or the About box is
    left in English (names of products and formats aside), and the core's messages are translated."""
    before = QLocale()
    assert install_translators("ko").name() == "ko_KR"
    try:
        main = open_window()
        broken = truncated_copy(tmp_path / "broken.pdf", write_pdf(tmp_path / "whole.pdf", ["Some text."]))
        main.library.add_paths([str(broken)])
        qtbot.waitUntil(lambda: "실패" in status_of(main, "broken.pdf"), timeout=LONG)
        assert status_of(main, "broken.pdf") == "실패: 손상되었거나 잘림"

        dialog = main.settings_pane.open_model_manager()
        qtbot.waitUntil(lambda: dialog.installed_model.rowCount() > 0, timeout=LONG)
        about = main.about_box()
        texts = widget_texts(main) + widget_texts(dialog) + widget_texts(about)
        texts.append(("conversationView", main.chat.view.toPlainText()))
        for view, columns in (
            (main.library.view, (3,)), (dialog.installed_view, (1, 5, 6, 7)), (dialog.catalog_view, (1, 2, 3, 4, 6)),
        ):  # fmt: skip  # the other columns hold names of files and models
            model = view.model()
            texts += [
                (view.objectName(), str(model.data(model.index(row, column)) or ""))
                for row in range(model.rowCount()) for column in columns
            ]  # fmt: skip
        catalog = dialog.catalog_model  # the catalog's descriptions (row tool tips) are in Korean too
        texts += [
            ("catalogView tooltip", str(catalog.data(catalog.index(row, 0), Qt.ItemDataRole.ToolTipRole)))
            for row in range(catalog.rowCount())
        ]
        left = sorted({f"{where}: {text!r} → {untranslated(text)!r}" for where, text in texts if untranslated(text)})
        assert not left, "left in English:\n" + "\n".join(left)
        assert len(texts) > 300
        assert any(
            main.settings_pane.language.itemText(i) == "한국어" for i in range(main.settings_pane.language.count())
        )

        # The core's messages reach the person in Korean too: a setting refused, a damaged file set aside.
        assert (
            core_text("Setting 'top_k' is invalid: must be 1–50.")
            == "설정 'top_k' 값이 올바르지 않습니다: 1–50이어야 합니다."
        )
        assert plain_words(CancelledError()) == "중지했습니다."
        assert (
            core_text("an English sentence the catalogue does not know")
            == "an English sentence the catalogue does not know"
        )
    finally:
        install_translators("en")
        QLocale.setDefault(before)
    assert main.tr("&File") == "&File", "English again for the tests that follow"
