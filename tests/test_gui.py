"""The desktop app, driven like a person would: offscreen, real models, real store, real PDFs.

Tests wait on signals and conditions, never on fixed sleeps.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QMimeData, QModelIndex, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QTextBlock, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_gpt.core.app.errors import FolderBusyError
from desktop_gpt.core.app.lock import COMMAND, EXIT_BUSY, WINDOW, DataFolderLock
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.settings import Settings, load_settings, save_settings
from desktop_gpt.core.app.workspace import Workspace
from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.chat.conversations import Message
from desktop_gpt.core.index.ingest import IngestProgress
from desktop_gpt.ui.app import create_window
from desktop_gpt.ui.main_window import MainWindow
from desktop_gpt.ui.single_instance import server_name
from tests.docs import FILLER, facts_pdf, truncated_copy, write_pdf
from tests.lockholder import hold, release

LONG = 120_000  # ms: generous ceilings for a loaded 2-core machine; tests finish as soon as the condition holds


@pytest.fixture
def open_window(qtbot, app_paths: AppPaths, settings: Settings):
    """Opens the real main window on a temporary data dir; closes every window it opened."""
    save_settings(settings, app_paths.settings_file)
    windows: list[MainWindow] = []

    def opener() -> MainWindow:
        window = create_window(app_paths)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.controller.workspace is not None, timeout=LONG)
        windows.append(window)
        return window

    yield opener
    for window in windows:
        if window.controller.workspace is not None:
            window.close()


@pytest.fixture
def window(open_window) -> Iterator[MainWindow]:
    return open_window()


def drop_files(widget: QWidget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    enter = QDragEnterEvent(
        target.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the library accepts file drops"
    drop = QDropEvent(
        QPointF(target.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(target, drop)


def status_of(window: MainWindow, name: str) -> str:
    rows = [r for r in window.library.model.rows() if r.name == name]
    return rows[0].status_text if rows else ""


def wait_ready(qtbot, window: MainWindow, *names: str) -> None:
    qtbot.waitUntil(lambda: all(status_of(window, n) == "ready" for n in names), timeout=LONG)


def test_drop_pdf_ask_and_open_the_cited_page(qtbot, window: MainWindow, tmp_path: Path) -> None:
    pdf = facts_pdf(tmp_path / "districts.pdf")
    drop_files(window.library.view, [pdf])
    wait_ready(qtbot, window, "districts.pdf")
    row = window.library.model.rows()[0]
    assert (row.pages, row.chunks >= 4) == (4, True)

    chat = window.chat
    updates: list[int] = []
    chat.model.dataChanged.connect(lambda *_: updates.append(1))
    chat.input.setFocus()
    qtbot.keyClicks(chat.input, "When was the bridge over the Teslin river rebuilt?")
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG) as finished:
        qtbot.keyClick(chat.input, Qt.Key.Key_Return)  # Enter sends
        qtbot.waitUntil(lambda: not chat.send_button.isEnabled() and chat.stop_button.isEnabled())
    answer: Message = finished.args[0]
    assert answer.text and not answer.error
    assert len(updates) >= 3, "the answer streamed in several updates"
    assert chat.input.toPlainText() == ""
    top = answer.sources[0]
    assert (top.document, top.page) == ("districts.pdf", 3)
    shown = chat.view.toPlainText()
    assert "p. 3" in shown or f"Show all retrieved ({len(answer.sources)})" in shown, "cited or behind the toggle"
    assert chat.sources_model.rowCount() == len(answer.sources) + len(answer.left_out)

    # Click the first source link under the answer.
    chat.view.anchorClicked.emit(QUrl("source:1/1"))
    viewer = window.viewer
    assert viewer is not None and viewer.isVisible()
    pdf_view = viewer.findChild(QWidget, "pdfViewer")
    assert pdf_view is viewer.pdf_view
    qtbot.waitUntil(lambda: viewer.current_page() == 3)
    phrase = viewer.find_box.text()
    assert phrase and phrase in " ".join(top.text.split()), "the viewer searches for the cited passage"
    results = viewer.search_model
    qtbot.waitUntil(  # the search runs page by page: wait for the cited page's hit
        lambda: any(results.resultAtIndex(i).page() == 2 for i in range(results.rowCount(QModelIndex()))),
        timeout=LONG,
    )
    assert viewer.stack.currentWidget() is viewer.cited_view, "the cited page opens with the passage marked"
    assert not viewer.cited_view.passage_rect().isEmpty()


def test_stop_during_generation(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.controller.workspace.settings = window.controller.settings.with_changes(max_answer_tokens=400)
    window.library.add_paths([facts_pdf(tmp_path / "districts.pdf")])
    wait_ready(qtbot, window, "districts.pdf")
    chat = window.chat
    chat.input.setPlainText("Describe the rainfall in the Quorra valley in detail.")
    job = chat.send()
    assert job is not None
    # Hold the worker right after it streams its first text, until Stop has been clicked, so the
    # click lands mid-generation however fast or slow the machine is.
    # (Qt calls slots in connection order: the holding slot must come after the test's own.)
    clicked = threading.Event()
    with qtbot.waitSignal(job.partial, timeout=LONG):
        job.partial.connect(lambda _text: clicked.wait(timeout=60), Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG) as finished:
        qtbot.mouseClick(chat.stop_button, Qt.MouseButton.LeftButton)
        clicked.set()
    message: Message = finished.args[0]
    assert message.stopped
    assert len(message.text) < 400 * 4
    assert "Stopped." in chat.view.toPlainText()
    assert chat.send_button.isEnabled() and not chat.stop_button.isEnabled()


def test_corrupt_file_shows_its_error_while_others_index(qtbot, window: MainWindow, tmp_path: Path) -> None:
    good = facts_pdf(tmp_path / "good.pdf")
    broken = truncated_copy(tmp_path / "broken.pdf", good, keep=0.05)
    notes = tmp_path / "notes.md"
    notes.write_text("# Garden\n\nThe quince tree flowers in May.\n")
    window.library.add_paths([str(broken), str(good), str(notes)])
    wait_ready(qtbot, window, "good.pdf", "notes.md")
    qtbot.waitUntil(lambda: status_of(window, "broken.pdf").startswith("failed"))
    assert "corrupt" in status_of(window, "broken.pdf")


def test_removing_a_document_removes_its_results(qtbot, window: MainWindow, tmp_path: Path) -> None:
    keep = write_pdf(tmp_path / "keep.pdf", [f"{FILLER} The otters of Lake Mirn eat crayfish."])
    drop = facts_pdf(tmp_path / "drop.pdf")
    window.library.add_paths([str(keep), str(drop)])
    wait_ready(qtbot, window, "keep.pdf", "drop.pdf")
    model = window.library.model
    row = next(i for i, r in enumerate(model.rows()) if r.name == "drop.pdf")
    window.library.view.selectRow(row)
    assert window.library.remove_button.isEnabled()
    job = window.library.remove_selected(confirm=False)
    assert job is not None
    qtbot.waitUntil(lambda: [r.name for r in model.rows()] == ["keep.pdf"], timeout=LONG)
    hits = window.controller.workspace.search("lighthouse keeper of Varnholm Island", k=5, mode="hybrid")
    assert hits and all(h.document == "keep.pdf" for h in hits)


def test_conversations_settings_and_window_survive_a_restart(qtbot, open_window) -> None:
    window = open_window()
    chat = window.chat
    chat.new_conversation()
    first = chat.conversation.conversation_id
    chat.rename_conversation(title="Contracts review")
    chat.new_conversation()
    chat.rename_conversation(title="Scratch")
    chat.delete_conversation(confirm=False)
    listed = lambda: [chat.conversation_list.item(i).text() for i in range(chat.conversation_list.count())]  # noqa: E731
    qtbot.waitUntil(lambda: listed() == ["Contracts review"] and not window.controller.files_lane.busy, timeout=LONG)
    assert chat.conversation.conversation_id == first
    pane = window.settings_pane
    qtbot.waitUntil(pane.isEnabled)
    pane.top_k.setValue(7)
    pane.retrieval_mode.setCurrentIndex(0)
    assert pane.apply(confirm=False)
    qtbot.waitUntil(lambda: window.controller.settings.top_k == 7, timeout=LONG)
    window.resize(777, 555)  # within the offscreen screen (800x800), above the minimum size
    total = sum(window.splitter.sizes())
    window.splitter.setSizes([total // 3, total - total // 3])
    size, splitter = window.size(), window.splitter.sizes()
    window.close()

    again = open_window()
    assert again.chat.conversation.conversation_id == first
    assert again.chat.conversation.title == "Contracts review"
    assert again.controller.settings.top_k == 7
    assert again.controller.settings.retrieval_mode == "vector"
    assert again.size() == size
    assert again.splitter.sizes() == splitter
    assert load_settings(again.controller.paths.settings_file).top_k == 7


def test_invalid_settings_are_refused_and_reindex_asks_first(qtbot, window: MainWindow, tmp_path, monkeypatch) -> None:
    window.library.add_paths([str(facts_pdf(tmp_path / "a.pdf"))])
    wait_ready(qtbot, window, "a.pdf")
    pane = window.settings_pane
    pane.chunk_size.setValue(400)
    pane.chunk_overlap.setValue(300)
    assert not pane.apply(confirm=False)
    assert "chunk_overlap" in pane.error_label.text()

    asked: list[str] = []

    def decline(_parent, _title, text, *args) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", decline)
    pane.chunk_overlap.setValue(50)
    assert not pane.apply(confirm=True)
    assert asked and "1 document(s)" in asked[0]
    assert window.controller.settings.chunk_size == Settings().chunk_size, "nothing changed without consent"


def test_closing_during_indexing_keeps_what_was_indexed(qtbot, open_window, app_paths, settings, tmp_path) -> None:
    window = open_window()
    small = facts_pdf(tmp_path / "small.pdf")
    big = write_pdf(tmp_path / "big.pdf", [f"{FILLER} {FILLER} Page {n}." for n in range(1, 201)])
    seen: list[IngestProgress] = []
    job = window.library.add_paths([str(small), str(big)])
    assert job is not None
    job.progress.connect(lambda p: seen.append(p) if isinstance(p, IngestProgress) else None)
    qtbot.waitUntil(lambda: any(p.path.name == "big.pdf" and p.stage == "embedding" for p in seen), timeout=LONG)
    window.close()
    assert window.controller.workspace is None, "the window waited for the worker to finish"

    ws = Workspace(app_paths, settings)
    try:
        assert [(e.record.name, e.status) for e in ws.library()] == [("small.pdf", "ready")]
    finally:
        ws.close()


def test_models_pass_the_model_tester(qtbot, qtmodeltester, window: MainWindow, tmp_path: Path) -> None:
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    window.library.add_paths([str(facts_pdf(tmp_path / "a.pdf")), str(tmp_path / "table.xlsx")])
    wait_ready(qtbot, window, "a.pdf")
    qtbot.waitUntil(lambda: status_of(window, "table.xlsx").startswith("failed"))
    qtmodeltester.check(window.library.model)
    chat = window.chat
    chat.model.append(Message(role="user", text="Q"))
    chat.model.append(Message(role="assistant", text="A"))
    qtmodeltester.check(chat.model)
    qtmodeltester.check(chat.sources_model)
    dialog = window.settings_pane.open_model_manager()
    qtbot.waitUntil(lambda: dialog.installed_model.rowCount() >= 3, timeout=LONG)
    qtmodeltester.check(dialog.installed_model)
    qtmodeltester.check(dialog.catalog_model)
    dialog.close()


def test_stable_handles_and_keyboard(qtbot, window: MainWindow) -> None:
    names = ["libraryView", "addFilesButton", "chatInput", "sendButton", "stopButton", "conversationView",
             "sourcesView", "settingsPane"]  # fmt: skip
    for name in names:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
        assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus or name == "settingsPane", name
    chat = window.chat
    chat.input.setFocus()
    qtbot.keyClicks(chat.input, "first line")
    qtbot.keyClick(chat.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(chat.input, "second line")
    assert chat.input.toPlainText() == "first line\nsecond line"
    assert chat.model.rowCount() == 0, "Shift+Enter does not send"


def test_answers_render_markdown_without_fetching_or_opening_anything(qtbot, window: MainWindow) -> None:
    view = window.chat.view
    doc = QTextDocument()
    QTextCursor(doc).insertFragment(
        view.renderer().render(
            0,
            Message(
                role="assistant",
                text="**Bold** <script>alert(1)</script> ![x](http://example.invalid/pixel.png) "
                "[site](http://example.invalid)",
            ),
        )
    )
    text = doc.toPlainText()
    assert "<script>alert(1)</script>" in text, "raw HTML is shown as text, never interpreted"
    assert "[http://example.invalid/pixel.png]" in text, "an image is named, never loaded"
    formats = [f.fragment().charFormat() for block in _blocks(doc) for f in block]
    assert not any(f.isImageFormat() for f in formats)
    assert any(f.fontWeight() == QFont.Weight.Bold for f in formats)
    assert view.loadResource(2, QUrl("http://example.invalid/pixel.png")) is None
    with qtbot.waitSignal(view.link_refused) as refused:
        view.anchorClicked.emit(QUrl("http://example.invalid"))
    assert refused.args == ["http://example.invalid"]


def _blocks(doc: QTextDocument) -> Iterator[QTextBlock]:
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def test_text_sources_open_at_the_passage_and_irrelevant_questions_say_so(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    notes = tmp_path / "garden.md"
    notes.write_text(
        "# Garden\n\n"
        + "Weeding notes for the vegetable beds. " * 40
        + "\n\nThe quince tree by the wall flowers in May.\n"
    )
    window.library.add_paths([str(notes)])
    wait_ready(qtbot, window, "garden.md")
    chat = window.chat
    chat.input.setPlainText("What is the orbital period of Neptune's moon Triton?")
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG) as finished:
        chat.send()
    assert finished.args[0].no_relevant_sources
    assert "No relevant passage was found" in chat.view.toPlainText()

    hits = window.controller.workspace.search("When does the quince tree flower?", k=1, mode="hybrid")

    viewer = window.open_source(Source(**asdict(hits[0]), number=1))
    with qtbot.waitSignal(viewer.text_shown, timeout=LONG):
        pass  # the text is read off the GUI thread
    assert viewer.stack.currentWidget() is viewer.text_view
    assert "quince tree" in viewer.text_view.textCursor().selectedText()


def test_a_word_document_opens_at_the_cited_paragraph_with_its_headings(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtGui import QTextCursor

    from tests.office_docs import docx_file

    built = docx_file(tmp_path / "report.docx")
    window.library.add_paths([str(built.path)])
    wait_ready(qtbot, window, "report.docx")
    hits = window.controller.workspace.search(built.question, k=3, mode="hybrid")
    hit = next(h for h in hits if built.fact in h.text)
    viewer = window.open_source(Source(**asdict(hit), number=1))
    with qtbot.waitSignal(viewer.text_shown, timeout=LONG):
        pass  # read in the reader helper, off the GUI thread
    assert viewer.stack.currentWidget() is viewer.text_view
    assert built.fact in viewer.text_view.textCursor().selectedText()
    assert hit.location and hit.location in viewer.windowTitle() and hit.location in viewer.location.text()
    document = viewer.text_view.document()
    text = document.toPlainText()
    cursor = QTextCursor(document)
    cursor.setPosition(text.index("Substructure"))
    assert cursor.blockFormat().headingLevel() == 2 and cursor.charFormat().fontWeight() > 400
    cursor.setPosition(text.index(built.fact))
    assert cursor.blockFormat().headingLevel() == 0  # a paragraph stays a paragraph


def test_a_watched_folder_is_followed_live_while_the_window_runs(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "matter"
    (folder / "minutes").mkdir(parents=True)
    (folder / "a.md").write_text("# Ferry\n\nThe Tamsin ferry leaves the north quay at seven.\n")
    window.settings_pane.watched.add(str(folder))
    wait_ready(qtbot, window, "a.md")
    assert [
        window.settings_pane.watched.list.item(i).text() for i in range(window.settings_pane.watched.list.count())
    ] == [str(folder.resolve())]
    watcher = window.folder_watch.watcher
    qtbot.waitUntil(lambda: str(folder / "minutes") in watcher.directories(), timeout=LONG)

    # Changes while the window runs are followed without anyone asking: a new file in a subfolder
    # is indexed, a deleted one leaves the library.
    (folder / "minutes" / "b.md").write_text("# Mill\n\nCorran mill grinds buckwheat on Tuesdays.\n")
    wait_ready(qtbot, window, "b.md")
    (folder / "a.md").unlink()
    qtbot.waitUntil(lambda: "a.md" not in [r.name for r in window.library.model.rows()], timeout=LONG)
    assert [r.name for r in window.library.model.rows()] == ["b.md"]


def test_a_bug_shows_the_last_resort_dialog_and_the_window_stays(qtbot, window: MainWindow, tmp_path: Path) -> None:
    import sys

    from desktop_gpt.ui.errors import install_exception_dialog

    saved = sys.excepthook
    try:
        install_exception_dialog(tmp_path / "crash.log", window)
        try:
            raise RuntimeError("simulated bug in a slot")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        dialog = window.findChild(QMessageBox, "errorDialog")
        assert dialog is not None and dialog.isVisible()
        assert "simulated bug" in dialog.text()
        assert "simulated bug" in (tmp_path / "crash.log").read_text()
        assert window.isVisible()
        dialog.close()
    finally:
        sys.excepthook = saved


def test_model_manager_refuses_broken_files_and_downloads_verified(
    qtbot, window: MainWindow, tmp_path: Path, server, starter_models
) -> None:
    import hashlib
    import shutil

    from desktop_gpt.core.models.model_manager import CatalogEntry

    pane = window.settings_pane
    qtbot.waitUntil(pane.isEnabled)
    dialog = pane.open_model_manager()
    assert dialog.objectName() == "modelManager"
    qtbot.waitUntil(lambda: dialog.installed_model.rowCount() == 4)  # the starter chat and embedding models
    assert "Offline mode is on" in dialog.offline_banner.text()
    assert not dialog.download_button.isEnabled()

    truncated = tmp_path / "half.gguf"
    truncated.write_bytes(starter_models["chat"].read_bytes()[:1_000_000])
    with qtbot.waitSignal(dialog.add_file(truncated).finished, timeout=LONG):
        pass
    assert "was not added" in dialog.message.text() and "incomplete" in dialog.message.text()
    copy = tmp_path / "minilm-copy.gguf"
    shutil.copyfile(starter_models["embedding"], copy)
    with qtbot.waitSignal(dialog.add_file(copy).finished, timeout=LONG):
        pass
    qtbot.waitUntil(lambda: "minilm-copy.gguf" in [m.file for m in dialog.installed_model.models])

    base, state = server
    with qtbot.waitSignal(window.controller.settings_changed, timeout=LONG):
        window.controller.apply_settings(
            window.controller.settings.with_changes(offline_mode=False, download_mirror=base)
        )
    qtbot.waitUntil(dialog.download_button.isEnabled)
    entry = CatalogEntry(
        name="loopback-minilm", file="loopback-minilm.gguf", path="repo/resolve/main/model.gguf",
        size=len(state.payload), sha256=hashlib.sha256(state.payload).hexdigest(), ram_gb=0.1,
        license="Apache-2.0", kind="embedding",
    )  # fmt: skip
    job = dialog.download(entry)
    assert job is not None and dialog.progress.isVisible()
    with qtbot.waitSignal(job.finished, timeout=LONG):
        pass
    assert "Downloaded and verified loopback-minilm.gguf" in dialog.message.text()
    qtbot.waitUntil(lambda: "loopback-minilm.gguf" in [m.file for m in dialog.installed_model.models])
    qtbot.waitUntil(lambda: window.settings_pane.embedding_model.findData("loopback-minilm.gguf") >= 0)


def test_files_opened_from_the_file_manager_are_added(qtbot, app_paths: AppPaths, settings, tmp_path: Path) -> None:
    from desktop_gpt.main import files_to_open as _files_to_open

    pdf = facts_pdf(tmp_path / "opened.pdf")
    assert _files_to_open([str(pdf)]) == (None, [str(pdf)])
    assert _files_to_open(["--data-dir", "/x", str(pdf)]) == ("/x", [str(pdf)])
    assert _files_to_open(["list"]) is None and _files_to_open([str(tmp_path / "missing.pdf")]) is None
    save_settings(settings, app_paths.settings_file)
    window = create_window(app_paths, [str(pdf)])
    qtbot.addWidget(window)
    try:
        wait_ready(qtbot, window, "opened.pdf")
    finally:
        qtbot.waitUntil(lambda: not window.controller.busy, timeout=LONG)
        window.close()


def test_about_box_says_what_the_app_connects_to_and_the_current_switches(window: MainWindow) -> None:
    from desktop_gpt.core.app.privacy import CONNECTIONS

    text = window.about_box().informativeText()
    assert all(what in text for what, _when in CONNECTIONS)
    assert "not even a name lookup" in text and "strace" in text
    assert "offline mode is on" in text and "the cloud endpoint is off" in text
    assert str(window.controller.paths.data_dir) in text


def test_actions_broadcast_what_they_changed_and_panes_refresh_from_it(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    from desktop_gpt.core.app.changes import Changes

    controller = window.controller
    seen: list[Changes] = []
    controller.changed.connect(seen.append)
    pdf = facts_pdf(tmp_path / "districts.pdf")
    with qtbot.waitSignal(controller.changed, timeout=LONG):
        window.library.add_paths([str(pdf)])
    assert seen[-1] == Changes(documents=True)
    wait_ready(qtbot, window, "districts.pdf")

    settings = controller.settings
    assert settings is not None
    with qtbot.waitSignal(window.settings_pane.reindex_requested, timeout=LONG) as asked:
        window.settings_pane.chunk_size.setValue(settings.chunk_size - 100)
        assert window.settings_pane.apply(confirm=False)
    assert seen[-1].settings and seen[-1].documents
    assert asked.args[0] == [window.library.model.rows()[0].doc_id], "the core said which documents need it"
    wait_ready(qtbot, window, "districts.pdf")  # re-indexed with the new chunking, never missing meanwhile


def test_a_query_is_dropped_when_the_widget_that_asked_is_gone(qtbot, window: MainWindow) -> None:
    gate = threading.Event()
    lane = window.controller.download_lane  # the lane list_models runs on: hold it until the widget is gone
    lane.run(lambda _job: gate.wait(LONG / 1000), "hold")
    asker = QWidget()
    job = window.controller.list_models().owned_by(asker)
    delivered: list[object] = []
    job.succeeded.connect(delivered.append)
    with qtbot.waitSignal(asker.destroyed, timeout=LONG):
        asker.deleteLater()
    with qtbot.waitSignal(job.finished, timeout=LONG):
        gate.set()
    assert delivered == [] and job.error is None and job.result, "computed, but not delivered to a dead widget"


def test_a_damaged_library_is_repaired_and_said(qtbot, app_paths: AppPaths) -> None:
    from desktop_gpt.core.index.store import DocumentStore

    DocumentStore(app_paths.store_dir)  # a real store, then its version files are damaged
    for version in (app_paths.store_dir / "documents.lance" / "_versions").iterdir():
        version.write_bytes(b"garbage" * 10)
    window = create_window(app_paths)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.notice_box is not None and window.notice_box.isVisible(), timeout=LONG)
    text = window.notice_box.text()
    assert "library's list of documents could not be read" in text and "started anew" in text, text
    assert window.controller.workspace is not None, "the window goes on with the repaired library"
    assert list((app_paths.data_dir / "damaged").rglob("*.manifest")), "the damaged files are kept aside"


def test_a_library_that_cannot_open_is_said_at_once(qtbot, app_paths: AppPaths, monkeypatch) -> None:
    shutil.rmtree(app_paths.store_dir)
    app_paths.store_dir.write_text("a file where the library folder should be")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append(f"{title}: {text}"))
    window = create_window(app_paths)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.controller.workspace_failed, timeout=LONG):
        pass
    assert shown and shown[0].startswith("Cannot open the library"), shown
    assert window.controller.workspace is None


def test_damaged_settings_and_chats_are_set_aside_and_the_window_says_so(qtbot, open_window, app_paths) -> None:
    from desktop_gpt.core.chat.conversations import ConversationStore

    ConversationStore(app_paths.chats_dir).create("Good chat")
    broken_chat = app_paths.chats_dir / "0123abcd.json"
    broken_chat.write_text('{"conversation_id": "0123abcd", "title": "cut off', encoding="utf-8")
    app_paths.settings_file.write_bytes(b"\x00\x01 not settings")  # after the fixture saved good ones

    window = open_window()
    qtbot.waitUntil(lambda: window.notice_box is not None and window.notice_box.isVisible(), timeout=LONG)
    box = window.notice_box
    assert box is not None
    text = box.text()
    assert str(broken_chat) in text and "this chat is not listed" in text
    assert str(app_paths.settings_file) in text and "using default settings" in text
    assert window.controller.settings == Settings()
    chats = window.chat.conversation_list
    assert [chats.item(i).text() for i in range(chats.count())] == ["Good chat"]
    [kept] = app_paths.chats_dir.glob("0123abcd.json.damaged-*")
    assert "cut off" in kept.read_text(encoding="utf-8")
    assert list(app_paths.config_dir.glob("settings.json.damaged-*")), "the settings file is kept aside"
    box.accept()
    qtbot.waitUntil(lambda: not box.isVisible())


def test_a_second_start_hands_its_files_to_the_running_window(qtbot, app_paths: AppPaths, settings, tmp_path) -> None:
    save_settings(settings, app_paths.settings_file)
    stale = socket.socket(socket.AF_UNIX)  # the socket a killed window leaves behind
    stale.bind(str(Path(QDir.tempPath()) / server_name(app_paths.data_dir)))
    stale.close()
    window = create_window(app_paths)
    qtbot.addWidget(window)
    window.show()
    facts_pdf(tmp_path / "handed.pdf")
    env = {k: v for k, v in os.environ.items() if k != "DESKTOP_GPT_DATA_DIR"}
    try:
        with pytest.raises(FolderBusyError, match="window"):
            create_window(app_paths)  # one window per data folder, in this process too
        # What "Open with" runs, from another folder: a relative path, a real second process.
        argv = [sys.executable, "-m", "desktop_gpt", "--data-dir", str(app_paths.data_dir), "handed.pdf"]
        second = subprocess.Popen(argv, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=LONG)
        assert second.returncode == 0, second.communicate()[1]
        wait_ready(qtbot, window, "handed.pdf")
        assert window.library.model.rows()[0].path == str(tmp_path / "handed.pdf")
    finally:
        qtbot.waitUntil(lambda: not window.controller.busy, timeout=LONG)
        window.close()
    lock = DataFolderLock(app_paths.data_dir, WINDOW).acquire()  # closing the window lets the next one in
    lock.release()


def test_a_start_while_a_command_writes_says_so_and_exits(qtbot, app_paths: AppPaths, monkeypatch) -> None:
    from desktop_gpt.ui.app import run

    holder, pid = hold(app_paths.data_dir, COMMAND, "ingest")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    try:
        assert run(str(app_paths.data_dir)) == EXIT_BUSY
    finally:
        release(holder)
    assert len(shown) == 1 and f"“desktop-gpt ingest” (pid {pid}) is using this data folder since" in shown[0], shown


def test_the_gui_thread_audit_catches_disk_and_store_work(qtbot, window: MainWindow) -> None:
    """The guard of every GUI test works: app code run by the event loop that lists the chat folder
    or reaches the store is caught (then cleared, so this test itself passes)."""
    import functools

    from PySide6.QtCore import QTimer

    from tests.gui_thread_audit import AUDIT

    QTimer.singleShot(0, window.chat.store.list)
    QTimer.singleShot(0, functools.partial(Workspace.library, window.controller.workspace))
    qtbot.waitUntil(lambda: len(AUDIT.violations) >= 2, timeout=LONG)
    caught, AUDIT.violations[:] = list(AUDIT.violations), []
    assert any(v.startswith("os.scandir") and "chats" in v for v in caught), caught
    assert any(v.startswith("desktop_gpt.store") for v in caught), caught
