"""A long session in the real window, for the network audit: ``python -m tests.audit_window DATA_DIR SECONDS DOC...``

Opens the main window (Qt's offscreen platform) on ``DATA_DIR``, and does what a person does in a
working session: indexes the documents, asks questions, opens the cited page in the viewer, starts a
second chat and switches between chats, opens the model manager and tries a download (refused:
offline mode is on), reads the About box, changes a setting, removes and re-indexes documents. It
then keeps the window open, asking and switching again now and then, until ``SECONDS`` have passed
since start, so that anything a library does on a timer has time to show. It prints a JSON summary
and exits 0 only if every step worked; ``tests/test_network_audit.py`` runs it under strace.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

QUESTIONS = (
    "Who is the lighthouse keeper of Varnholm Island?",
    "When was the bridge over the Teslin river rebuilt?",
    "What is the annual rainfall in the Quorra valley?",
    "When do glass eels migrate up the Ambrel estuary?",
)


class Step(RuntimeError):
    pass


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir, seconds, docs = Path(argv[0]), float(argv[1]), argv[2:]
    started = time.monotonic()
    deadline = started + seconds
    summary: dict[str, Any] = {"ok": False, "steps": []}

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_gpt.core.app.paths import AppPaths
    from desktop_gpt.core.app.settings import load_settings
    from desktop_gpt.ui.app import create_window
    from desktop_gpt.ui.welcome import WelcomeDialog

    app = QApplication.instance() or QApplication([sys.argv[0]])

    def run_for(ms: int) -> None:
        """Keep the window live (events processed) for ``ms`` milliseconds."""
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait(signal: Any, what: str, timeout_s: float = 300.0) -> list[Any]:
        loop = QEventLoop()
        fired: list[Any] = []
        signal.connect(lambda *args: (fired.append(args), loop.quit()))
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
        if not fired:
            raise Step(f"timed out waiting for: {what}")
        return list(fired[0])

    def wait_until(condition: Any, what: str, timeout_s: float = 300.0) -> None:
        end = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > end:
                raise Step(f"timed out waiting for: {what}")
            run_for(20)

    def step(name: str, **details: Any) -> None:
        summary["steps"].append({"step": name, "seconds": round(time.monotonic() - started, 1), **details})

    def finish_job(job: Any, what: str) -> Any:
        if job is None:
            raise Step(f"{what}: not started")
        wait_until(lambda: job.done, what)  # set by the worker before it signals: no signal to miss
        if job.error is not None:
            raise Step(f"{what}: {job.error}")
        return job.result

    paths = AppPaths(data_dir, data_dir / "config").ensure()
    welcome = WelcomeDialog.for_paths(paths, load_settings(paths.settings_file))
    welcome.show()
    welcome.language.setCurrentIndex(welcome.language.findData("ko"))
    run_for(200)
    welcome.download_button.click()  # refused: offline mode is on and the person did not agree
    refusal = welcome.download_state.text()
    welcome.skip_button.click()
    window = create_window(paths)
    window.show()
    chat = window.chat
    asked = 0

    def ask() -> Any:
        nonlocal asked
        question = QUESTIONS[asked % len(QUESTIONS)]
        asked += 1
        chat.input.setPlainText(question)
        if chat.send() is None:
            raise Step(f"the question was not sent: {question}")
        message = wait(chat.answer_finished, f"the answer to {question!r}")[0]
        if message.error or not message.sources:
            raise Step(f"no cited answer to {question!r}: {message.error or 'no sources'}")
        return message

    def open_viewer(message: Any) -> str:
        source = message.sources[0]
        viewer = window.open_source(source)
        if Path(source.path).suffix.lower() == ".pdf":
            wait_until(lambda: viewer.current_page() == source.page, f"the viewer at page {source.page}")
        else:  # a text document: the passage is selected in the text view
            text = viewer.text_view
            wait_until(
                lambda: viewer.stack.currentWidget() is text and text.textCursor().hasSelection(),
                f"the passage of {source.document} selected in the viewer",
            )
        return f"{source.document} p. {source.page}"

    def select_document(name: str) -> None:
        rows = [i for i, r in enumerate(window.library.model.rows()) if r.name == name]
        if not rows:
            raise Step(f"{name} is not in the library")
        window.library.view.selectRow(rows[0])

    try:
        if welcome.choices().download or not refusal:
            raise Step("the welcome's download was not refused although offline mode is on")
        step("welcome: Korean, download refused offline, skipped", refusal=refusal[:60])
        controller = window.controller
        if controller.workspace is None:
            wait(controller.workspace_ready, "the library to open")
        step("window open, library loaded")

        report = finish_job(window.library.add_paths(docs), "indexing")
        step("indexed", added=report.count("added"), failed=report.count("failed"))

        first = ask()
        step("answered and opened the cited page", source=open_viewer(first))

        first_chat = chat.conversation.conversation_id
        chat.new_conversation()
        ask()
        chat.conversation_list.setCurrentRow(1)
        wait_until(lambda: chat.conversation.conversation_id == first_chat, "switching back to the first chat")
        step("second chat, switched chats", chats=chat.conversation_list.count())

        window.tabs.setCurrentWidget(window.settings_pane)
        dialog = window.settings_pane.open_model_manager()
        finish_job(dialog.refresh(), "listing the models")
        if dialog.download(dialog.catalog_model.entries[0]) is not None:
            raise Step("a download started although offline mode is on")
        dialog.close()
        step("model manager: download refused in offline mode", message=dialog.message.text()[:80])

        about = window.about_box()
        about.open()
        run_for(200)
        if "Model downloads" not in about.informativeText():
            raise Step("the About box does not say what the app connects to")
        about.close()
        step("About box read")

        settings = controller.settings
        assert settings is not None
        finish_job(controller.apply_settings(settings.with_changes(top_k=settings.top_k + 1)), "changing a setting")
        step("setting changed", top_k=settings.top_k + 1)

        select_document("notes.md")
        finish_job(window.library.remove_selected(confirm=False), "removing a document")
        select_document("minutes.txt")
        finish_job(window.library.reindex_selected(), "re-indexing a document")
        window.tabs.setCurrentWidget(chat)
        step("removed and re-indexed documents", documents=len(window.library.model.rows()))

        cycles = 0
        while time.monotonic() + 45 < deadline:  # a working session: a question now and then
            message = ask()
            open_viewer(message)
            chat.conversation_list.setCurrentRow((chat.conversation_list.currentRow() + 1) % 2)
            run_for(int(min(30.0, max(0.0, deadline - time.monotonic() - 45)) * 1000))
            cycles += 1
        run_for(int(max(0.0, deadline - time.monotonic()) * 1000))
        step("kept the window open", questions=asked, cycles=cycles)
        summary["ok"] = True
    except Exception as exc:  # reported in the summary; the exit code says it failed
        summary["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        window.close()
        app.processEvents()
    summary["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(summary, indent=1))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
