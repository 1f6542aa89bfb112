"""Conversations in the window (issue 16): collections and chat scopes, the filter and selection of
the library, follow-ups, summaries with progress, regenerate and edit, export, and the inspector.
Offscreen, real models and store; waits on signals and conditions, never on fixed sleeps."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from desktop_gpt.core.chat.conversations import SCOPE_COLLECTION, SCOPE_DOCUMENTS, Message
from desktop_gpt.ui.main_window import MainWindow
from tests.docs import facts_pdf
from tests.test_conversations_cli import ORIGIN, zelkova_pdf
from tests.test_gui import LONG, open_window, wait_ready  # noqa: F401 - fixtures
from tests.test_gui import window as window


def ask(qtbot, window: MainWindow, question: str) -> Message:
    chat = window.chat
    chat.input.setPlainText(question)
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG) as finished:
        assert chat.send() is not None
    return finished.args[0]


def select(window: MainWindow, *names: str) -> None:
    pane = window.library
    pane.view.clearSelection()
    for i, row in enumerate(pane.model.rows()):
        if row.name in names:
            proxy_row = pane.proxy.mapFromSource(pane.model.index(i, 0)).row()
            pane.view.selectionModel().select(
                pane.proxy.index(proxy_row, 0),
                pane.view.selectionModel().SelectionFlag.Select | pane.view.selectionModel().SelectionFlag.Rows,
            )


def test_a_collection_scopes_a_chat_and_the_library_filters(qtbot, window: MainWindow, tmp_path: Path) -> None:
    pane, chat = window.library, window.chat
    pane.add_paths([str(zelkova_pdf(tmp_path / "zelkova.pdf")), str(facts_pdf(tmp_path / "districts.pdf"))])
    wait_ready(qtbot, window, "zelkova.pdf", "districts.pdf")

    pane.filter_edit.setText("zelk")
    assert pane.proxy.rowCount() == 1
    pane.filter_edit.clear()
    qtbot.mouseClick(pane.select_all_button, Qt.MouseButton.LeftButton)
    assert len(pane.selected_rows()) == 2
    qtbot.mouseClick(pane.select_none_button, Qt.MouseButton.LeftButton)
    assert pane.selected_rows() == []

    select(window, "zelkova.pdf")
    assert pane.new_collection(name="Languages") is not None
    qtbot.waitUntil(lambda: [c.name for c in pane.collections.collections] == ["Languages"], timeout=LONG)
    combo = chat.scope_bar.combo
    qtbot.waitUntil(lambda: any("Languages" in combo.itemText(i) for i in range(combo.count())), timeout=LONG)

    # Choosing the collection in the library shows only its documents.
    pane.collections.choose(pane.collections.collections[0].collection_id)
    assert [pane.model.row(pane.proxy.mapToSource(pane.proxy.index(0, 0)).row()).name] == ["zelkova.pdf"]
    assert pane.proxy.rowCount() == 1

    # The chat answers from the collection only, and keeps that scope on disk.
    index = next(i for i in range(combo.count()) if "Languages" in combo.itemText(i))
    combo.activated.emit(index)
    qtbot.waitUntil(lambda: chat.conversation.scope.kind == SCOPE_COLLECTION, timeout=LONG)
    answer = ask(qtbot, window, "What is the annual rainfall in the Quorra valley?")
    assert not any(s.document == "districts.pdf" for s in answer.sources)
    saved = json.loads((window.controller.paths.chats_dir / f"{chat.conversation.conversation_id}.json").read_text())
    assert saved["scope"]["kind"] == "collection"

    # "The documents selected in the library": a chat about one document.
    messages: list[str] = []
    chat.status_message.connect(messages.append)
    window.controller.job_failed.connect(lambda what, exc: messages.append(f"{what}: {exc}"))
    select(window, "zelkova.pdf")
    assert pane.selected_doc_ids(), "one document selected"
    chat.new_conversation()
    selection = next(i for i in range(combo.count()) if combo.itemData(i) == "selection")
    combo.activated.emit(selection)
    qtbot.waitUntil(lambda: chat.conversation.scope.kind == SCOPE_DOCUMENTS or bool(messages), timeout=LONG)
    assert not messages
    assert combo.currentText() == "Document: zelkova.pdf"

    # Documents dropped on a collection join it (the drag carries their ids).
    mime = pane.model.mimeData([pane.model.index(i, 0) for i in range(pane.model.rowCount())])
    pane.collections.list.documents_dropped.emit(
        pane.collections.collections[0].collection_id,
        bytes(mime.data("application/x-desktop-gpt-documents")).decode().split(),
    )
    qtbot.waitUntil(lambda: len(pane.collections.collections[0].doc_ids) == 2, timeout=LONG)


def test_a_follow_up_in_the_window_and_the_inspector_shows_what_was_searched(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    chat = window.chat
    window.library.add_paths([str(zelkova_pdf(tmp_path / "zelkova.pdf"))])
    wait_ready(qtbot, window, "zelkova.pdf")
    # The picker names the model the status line says is answering (issue 17: it said "no model chosen").
    model = window.controller.settings.chat_model
    assert model in chat.picker.combo.currentText() and "no model chosen" not in chat.picker.combo.currentText()
    first = ask(qtbot, window, "Where does the name Zelkova come from?")
    assert first.sources and ORIGIN[:40] in first.sources[0].text
    follow = ask(qtbot, window, "And who were they?")
    assert follow.sources[0].page == 1 and "zelkova" in follow.query.lower()
    label = chat.sources.query_label
    assert label.isVisibleTo(chat) and "zelkova" in label.text().lower()
    columns = [chat.sources_model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert "Keyword (BM25)" in columns and "Rank" in columns
    used = {chat.sources_model.index(r, 3).data() for r in range(chat.sources_model.rowCount())}
    assert used & {"cited", "given to the model"}

    # Regenerate the last answer: it replaces that answer, the chat keeps two questions.
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG):
        assert chat.regenerate(3) is not None
    assert [m.role for m in chat.conversation.messages] == ["user", "assistant", "user", "assistant"]
    # Edit and resend the last question: it replaces the question and its answer.
    chat.edit_question(2)
    assert chat.input.toPlainText() == "And who were they?"
    chat.input.setPlainText("When did they meet?")
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG):
        assert chat.send() is not None
    texts = [m.text for m in chat.conversation.messages if m.role == "user"]
    assert texts == ["Where does the name Zelkova come from?", "When did they meet?"]

    out = tmp_path / "chat.md"
    job = chat.export_conversation(path=str(out))
    assert job is not None
    qtbot.waitUntil(out.exists, timeout=LONG)
    text = out.read_text(encoding="utf-8")
    assert "> When did they meet?" in text and "zelkova.pdf, p. " in text, text


def test_summarize_from_the_library_opens_a_chat_with_the_summary(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.library.add_paths([str(zelkova_pdf(tmp_path / "zelkova.pdf"))])
    wait_ready(qtbot, window, "zelkova.pdf")
    row = window.library.model.rows()[0]
    chat = window.chat
    with qtbot.waitSignal(window.library.summarize_requested):
        window.library.summarize_requested.emit(row.doc_id, row.name)
    qtbot.waitUntil(lambda: chat.summary_progress.isVisibleTo(chat), timeout=LONG)
    qtbot.waitUntil(lambda: not chat.summary_progress.isVisibleTo(chat), timeout=LONG)
    qtbot.waitUntil(lambda: chat.conversation.title == "Summary of zelkova.pdf", timeout=LONG)
    messages = chat.conversation.messages
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[1].text and messages[1].sources and messages[1].sources[0].document == "zelkova.pdf"
    assert chat.conversation.scope.documents == (row.doc_id,)
    assert chat.send_button.isEnabled()


def test_a_cited_pdf_page_marks_the_whole_passage_and_the_answering_sentence(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    window.library.add_paths([str(zelkova_pdf(tmp_path / "zelkova.pdf"))])
    wait_ready(qtbot, window, "zelkova.pdf")
    answer = ask(qtbot, window, "Where does the name Zelkova come from?")
    top = answer.sources[0]
    assert top.page == 1 and ORIGIN[:40] in top.text
    viewer = window.open_source(top)
    assert viewer.isVisible() and viewer.stack.currentWidget() is viewer.cited_view
    view = viewer.cited_view
    qtbot.waitUntil(lambda: not view.passage_rect().isEmpty())
    passage, sentence = view.passage_rect(), view.sentence_rect()
    line = view.page.scale() * 12  # the sample PDF's 11-point text, one line
    assert passage.height() > 5 * line, "the whole passage is marked, not its first words"
    assert not sentence.isEmpty() and passage.contains(sentence.center())
    assert sentence.height() < passage.height() / 2, "one sentence is marked more strongly"
    assert len(view.page.sentence) >= 1 and len(view.page.passage) > len(view.page.sentence)
    qtbot.mouseClick(viewer.whole_button, Qt.MouseButton.LeftButton)
    assert viewer.stack.currentWidget() is viewer.pdf_view
    qtbot.waitUntil(lambda: viewer.current_page() == 1)


def test_a_restart_mid_answer_shows_the_question_and_the_partial_answer(qtbot, open_window, tmp_path: Path) -> None:  # noqa: F811
    window = open_window()
    window.controller.workspace.settings = window.controller.settings.with_changes(max_answer_tokens=400)
    window.library.add_paths([str(zelkova_pdf(tmp_path / "zelkova.pdf"))])
    wait_ready(qtbot, window, "zelkova.pdf")
    chat = window.chat
    chat.input.setPlainText("Describe everything the documents say about Zelkova and its authors.")
    job = chat.send()
    assert job is not None
    chat_file = window.controller.paths.chats_dir / f"{chat.conversation.conversation_id}.json"

    def saved_mid_answer() -> bool:
        try:
            last = json.loads(chat_file.read_text(encoding="utf-8"))["messages"][-1]
        except (OSError, ValueError, IndexError, KeyError):
            return False
        return last["role"] == "assistant" and last["interrupted"] and bool(last["text"])

    # What a crash leaves on disk: the chat file as saved while the answer streams.
    qtbot.waitUntil(saved_mid_answer, timeout=LONG)
    left_by_a_crash = chat_file.read_bytes()
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG):
        chat.stop()
    window.close()
    chat_file.write_bytes(left_by_a_crash)

    again = open_window()
    qtbot.waitUntil(lambda: len(again.chat.conversation.messages) == 2, timeout=LONG)
    question, answer = again.chat.conversation.messages
    assert question.text.startswith("Describe everything") and answer.interrupted and answer.text
    qtbot.waitUntil(lambda: "Interrupted: the answer stops here." in again.chat.view.toPlainText(), timeout=LONG)
    assert answer.text.split()[0] in again.chat.view.toPlainText()


def test_files_dropped_while_the_library_opens_are_queued_not_lost(qtbot, app_paths, settings, tmp_path: Path) -> None:
    from desktop_gpt.core.app.settings import save_settings
    from desktop_gpt.ui.app import create_window

    save_settings(settings, app_paths.settings_file)
    window = create_window(app_paths)
    qtbot.addWidget(window)
    window.show()
    assert window.controller.workspace is None, "the library is still opening"
    window.library.add_paths([str(facts_pdf(tmp_path / "early.pdf"))])
    assert [r.status for r in window.library.model.rows()] == ["queued"]
    wait_ready(qtbot, window, "early.pdf")
    window.close()
