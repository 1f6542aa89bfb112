"""The conversation view as people use it: turns apart, citations that open their page, copy with
sources, the system's light or dark palette, text zoom, and a long chat that stays fast.

Offscreen, real models, real store, real PDFs; tests wait on conditions, never on fixed sleeps.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QPalette,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication

from desktop_gpt.core.chat.answer import SentenceCheck, Source
from desktop_gpt.core.chat.conversations import Conversation, Message
from desktop_gpt.diagnostics.latency import STALL_MS, Heartbeat
from desktop_gpt.ui.chat.turns import UNSUPPORTED, contrast
from desktop_gpt.ui.conversation_view import ConversationView
from desktop_gpt.ui.main_window import MainWindow
from desktop_gpt.ui.models import ConversationModel
from tests.docs import facts_pdf
from tests.test_gui import LONG, open_window, wait_ready, window  # noqa: F401 (fixtures)

ANSWER = (
    "The bridge over the Teslin river was rebuilt in **1898** [1]. Its records list:\n\n"
    "- two spans of timber [2]\n- a toll house\n\n"
    "| year | work |\n|---|---|\n| 1898 | rebuilt |\n\n"
    "```\nspans = 2\n```\n\n"
    "The bridge was painted purple by the emperor."
)
UNSUPPORTED_SENTENCE = "The bridge was painted purple by the emperor."


def source(number: int, page: int, *, cited: bool, document: str = "districts.pdf") -> Source:
    return Source(
        chunk_id=f"c{number}", doc_id="d1", document=document, path=f"/nowhere/{document}", page=page, start=0,
        end=40, text="The bridge over the Teslin river was rebuilt. " * 3, score=0.5, similarity=0.7,
        keyword_score=None, number=number, cited=cited,
    )  # fmt: skip


def answer(sources: list[Source], **changes: object) -> Message:
    start = ANSWER.index(UNSUPPORTED_SENTENCE)
    first = ANSWER[: ANSWER.index("[1].") + 4]
    checks = [
        SentenceCheck(first, 0, len(first), (1,), True, 0.8, 1),
        SentenceCheck(UNSUPPORTED_SENTENCE, start, start + len(UNSUPPORTED_SENTENCE), (), False, 0.1, 0),
    ]
    message = Message(role="assistant", text=ANSWER, sources=sources, model="starter", sentences=checks)
    for name, value in changes.items():
        setattr(message, name, value)
    return message


def chat_of(turns: int, sources: list[Source]) -> Conversation:
    conversation = Conversation(title="Bridges")
    for i in range(turns):
        conversation.messages.append(Message(role="user", text=f"Question {i}: when was the bridge rebuilt?"))
        conversation.messages.append(answer(sources))
    return conversation


def blocks(doc: QTextDocument) -> Iterator[QTextBlock]:
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def fragments(doc: QTextDocument) -> Iterator[tuple[int, str, QTextCharFormat]]:
    for block in blocks(doc):
        for item in block:
            fragment = item.fragment()
            yield fragment.position(), fragment.text(), fragment.charFormat()


def anchor_positions(view: ConversationView, href: str) -> list[int]:
    return [pos for pos, _, fmt in fragments(view.document()) if fmt.isAnchor() and fmt.anchorHref() == href]


def click_link(qtbot, view: ConversationView, position: int) -> None:
    """A real left click on the character at ``position`` (scrolled into view first)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 3, rect.center().y()))


def test_a_cited_number_opens_its_source_and_copy_takes_citations(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: F811
    pdf = facts_pdf(tmp_path / "districts.pdf")
    window.library.add_paths([str(pdf)])
    wait_ready(qtbot, window, "districts.pdf")
    hits = window.controller.workspace.search("When was the bridge over the Teslin river rebuilt?", k=3, mode="hybrid")
    assert hits[0].page == 3
    other = next(h for h in hits if h.page != 3)
    sources = [
        Source(**asdict(other), number=1, cited=False),
        Source(**asdict(hits[0]), number=2, cited=True),  # the answer's "[2]" is page 3
    ]
    chat = window.chat
    conversation = Conversation(messages=[Message(role="user", text="When was the bridge rebuilt?"), answer(sources)])
    chat.model.set_conversation(conversation)
    view = chat.view
    text = view.toPlainText()
    assert text.index("You") < text.index("When was the bridge rebuilt?") < text.index("Desktop GPT")
    assert "Sources cited:" in text and "[2] districts.pdf, p. 3" in text
    assert "[1] districts.pdf" not in text and "Show all retrieved (2)" in text, "the uncited one is behind the toggle"

    in_answer = anchor_positions(view, "source:1/2")[0]  # the "[2]" in the answer's list, before the sources
    assert view.document().characterAt(in_answer) == "[" and in_answer < text.index("Sources cited:")
    click_link(qtbot, view, in_answer)
    qtbot.waitUntil(lambda: window.viewer is not None and window.viewer.isVisible(), timeout=LONG)
    qtbot.waitUntil(lambda: window.viewer.current_page() == 3, timeout=LONG)
    window.viewer.close()

    click_link(qtbot, view, anchor_positions(view, "sources:1")[0])  # show all retrieved
    qtbot.waitUntil(lambda: f"[1] districts.pdf, p. {other.page}" in view.toPlainText())

    QGuiApplication.clipboard().clear()
    click_link(qtbot, view, anchor_positions(view, "copy:1")[0])
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != "")
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("The bridge over the Teslin river was rebuilt in **1898** [1].")
    assert copied.rstrip().endswith("[2] districts.pdf, p. 3"), copied
    assert f"[1] districts.pdf, p. {other.page}" not in copied, "only the cited sources follow"


def test_unsupported_sentences_are_marked_and_an_interrupted_answer_says_so(qtbot) -> None:
    view = ConversationView()
    qtbot.addWidget(view)
    model = ConversationModel()
    view.setModel(model)
    extract = "> The bridge over the Teslin river was rebuilt in 1898. [1]"
    sources = [source(1, 3, cited=True), source(2, 4, cited=True)]
    model.set_conversation(
        Conversation(messages=[Message(role="user", text="When?"), answer(sources, extract=extract, stopped=True)])
    )
    marked = [(text, fmt) for _, text, fmt in fragments(view.document()) if fmt.boolProperty(UNSUPPORTED)]
    assert "".join(t for t, _ in marked) == UNSUPPORTED_SENTENCE
    assert all(f.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline for _, f in marked)
    assert marked[0][1].toolTip() == "No cited passage supports this sentence"
    text = view.toPlainText()
    assert text.index("From your documents") < text.index("rebuilt in 1898. [1]") < text.index("Model's answer")
    assert "Stopped." in text
    assert "spans = 2" in text and "\ue000" not in text and "\ue001" not in text
    cut_off = model.message(1)
    cut_off.stopped, cut_off.interrupted = False, True  # saved while streaming; the app ended before the end
    model.update(1, cut_off)
    assert "Interrupted: the answer stops here." in view.toPlainText() and "Stopped." not in view.toPlainText()


def luminance_of(colour: QColor) -> float:
    return 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()


def palette_of(background: str, text: str, highlight: str, link: str) -> QPalette:
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, colour in (
            (QPalette.ColorRole.Window, background), (QPalette.ColorRole.Base, background),
            (QPalette.ColorRole.Text, text), (QPalette.ColorRole.WindowText, text),
            (QPalette.ColorRole.Highlight, highlight), (QPalette.ColorRole.Accent, highlight),
            (QPalette.ColorRole.Link, link),
        ):  # fmt: skip
            palette.setColor(group, role, QColor(colour))
    return palette


def text_contrasts(view: ConversationView) -> list[tuple[str, float]]:
    """Each piece of text with the contrast of its colour against what is behind it."""
    doc = view.document()
    base = view.palette().color(QPalette.ColorRole.Base)
    out = []
    for position, text, fmt in fragments(doc):
        if not text.strip():
            continue
        cursor = QTextCursor(doc)
        cursor.setPosition(position)
        behind = base
        frame_background = cursor.currentFrame().frameFormat().background()
        if frame_background.style() != Qt.BrushStyle.NoBrush:
            behind = frame_background.color()
        block_background = cursor.block().blockFormat().background()
        if block_background.style() != Qt.BrushStyle.NoBrush:
            behind = block_background.color()
        if fmt.background().style() != Qt.BrushStyle.NoBrush:
            behind = fmt.background().color()
        assert fmt.foreground().style() != Qt.BrushStyle.NoBrush, f"{text!r} has its colour from the palette"
        out.append((text, contrast(fmt.foreground().color(), behind)))
    return out


def test_the_light_or_dark_palette_is_followed_and_text_stays_readable(qtbot) -> None:
    view = ConversationView()
    qtbot.addWidget(view)
    model = ConversationModel()
    view.setModel(model)
    sources = [source(1, 3, cited=True), source(2, 4, cited=True), source(3, 5, cited=False)]
    model.set_conversation(chat_of(2, sources))
    model.conversation.messages[-1].cloud = True
    model.update(len(model.conversation.messages) - 1, model.conversation.messages[-1])
    seen = {}
    for name, palette in (
        ("light", palette_of("#ffffff", "#1a1a1a", "#2a62c9", "#1a4fb0")),
        ("dark", palette_of("#1e1f22", "#e6e6e6", "#3d6fb4", "#8ab4f8")),
    ):
        view.setPalette(palette)  # the view re-renders on the change
        contrasts = text_contrasts(view)
        assert len(contrasts) > 20
        poor = [(t, round(c, 2)) for t, c in contrasts if c < 4.5]
        assert not poor, f"{name}: too little contrast for {poor}"
        question = view.document().rootFrame().childFrames()[0].frameFormat().background().color()
        seen[name] = (luminance_of(question), contrasts)
    assert seen["light"][0] > 0.8 and seen["dark"][0] < 0.2, "the question's tint follows the palette"


def test_text_zoom_by_keys_and_wheel_is_kept_for_the_session(qtbot, window: MainWindow) -> None:  # noqa: F811
    chat = window.chat
    view = chat.view
    view.set_zoom(0)
    size = view.font().pointSizeF()
    window.activateWindow()
    chat.input.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    control = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(chat.input, Qt.Key.Key_Plus, control)
    qtbot.keyClick(chat.input, Qt.Key.Key_Equal, control)
    assert view.zoom_level == 2 and view.font().pointSizeF() > size * 1.2
    assert view.document().defaultFont().pointSizeF() == view.font().pointSizeF(), "the text follows"
    qtbot.keyClick(chat.input, Qt.Key.Key_Minus, control)
    assert view.zoom_level == 1
    wheel = QWheelEvent(
        QPointF(10, 10), QPointF(view.mapToGlobal(QPoint(10, 10))), QPoint(), QPoint(0, 120),
        Qt.MouseButton.NoButton, control, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom_level == 2
    chat.new_conversation()  # another chat: the same zoom
    assert view.zoom_level == 2 and view.font().pointSizeF() > size * 1.2
    other = ConversationView()
    qtbot.addWidget(other)
    assert other.zoom_level == 2, "kept for the session"
    qtbot.keyClick(chat.input, Qt.Key.Key_0, control)
    assert view.zoom_level == 0 and view.font().pointSizeF() == size


def test_a_200_turn_chat_streams_without_rendering_it_again(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: F811
    pdf = facts_pdf(tmp_path / "districts.pdf")
    window.library.add_paths([str(pdf)])
    wait_ready(qtbot, window, "districts.pdf")
    chat = window.chat
    chat.model.set_conversation(chat_of(200, [source(1, 3, cited=True), source(2, 4, cited=True)]))

    token_seconds: list[float] = []
    append_text = chat.model.append_text

    def timed(row: int, text: str) -> None:
        started = time.perf_counter()
        append_text(row, text)  # the view renders the change before this returns
        token_seconds.append(time.perf_counter() - started)

    chat.model.append_text = timed  # type: ignore[method-assign]
    beat = Heartbeat()
    beat.start()
    beat.phase = "streaming"
    chat.input.setPlainText("When was the bridge over the Teslin river rebuilt?")
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG) as finished:
        chat.send()
    beat.timer.stop()
    assert finished.args[0].text and len(token_seconds) >= 3
    latency = beat.summary()["streaming"]

    full_seconds = []
    for _ in range(3):
        started = time.perf_counter()
        chat.model.set_conversation(chat.model.conversation)  # the whole history, rendered again
        full_seconds.append(time.perf_counter() - started)
    token, full = statistics.median(token_seconds), statistics.median(full_seconds)
    print(
        f"\n200-turn chat: token update {token * 1000:.2f} ms (median of {len(token_seconds)}, "
        f"max {max(token_seconds) * 1000:.1f} ms); full render {full * 1000:.0f} ms; ratio {full / token:.0f}x; "
        f"event loop while streaming p50 {latency['p50_ms']} ms, p99 {latency['p99_ms']} ms, "
        f"max {latency['max_ms']} ms over {latency['ticks']} ticks"
    )
    assert token * 20 < full, "a streamed token costs a small part of rendering the whole chat"
    assert latency["p99_ms"] < STALL_MS


def test_edit_and_regenerate_replace_the_last_turn(qtbot, window: MainWindow) -> None:  # noqa: F811
    chat = window.chat
    sources = [source(1, 3, cited=True)]
    chat.model.set_conversation(
        Conversation(messages=[Message(role="user", text="When was the bridge rebuilt?"), answer(sources)])
    )
    view = chat.view
    assert len(anchor_positions(view, "edit:0")) == 1 and anchor_positions(view, "regenerate:1")
    click_link(qtbot, view, anchor_positions(view, "edit:0")[0])
    assert chat.input.toPlainText() == "When was the bridge rebuilt?"
    chat.input.setPlainText("When was the ferry rebuilt?")
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG):
        chat.send()  # nothing is indexed: the answer says so at once
    assert [m.text for m in chat.model.conversation.messages if m.role == "user"] == ["When was the ferry rebuilt?"]
    assert chat.model.rowCount() == 2 and anchor_positions(view, "edit:0"), "the edited turn took the old one's place"

    with qtbot.waitSignal(chat.answer_finished, timeout=LONG):
        click_link(qtbot, view, anchor_positions(view, "regenerate:1")[0])
    assert [m.role for m in chat.model.conversation.messages] == ["user", "assistant"], "the answer was replaced"
    assert chat.model.message(0).text == "When was the ferry rebuilt?"
