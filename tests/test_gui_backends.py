"""Switching a chat between back ends in the app, the cloud opt-in dialog, and Test connection.

Ollama and the Hugging Face endpoint are real HTTP servers on loopback (``tests/fake_servers.py``);
GPT4All runs the real starter model. Tests wait on signals and conditions, never on fixed sleeps.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication

from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.secrets import HF_TOKEN, TokenStore
from desktop_gpt.core.app.settings import Settings, load_settings, save_settings
from desktop_gpt.core.chat.conversations import Message
from desktop_gpt.ui.app import create_window
from desktop_gpt.ui.backend_settings import CloudConsentDialog
from desktop_gpt.ui.main_window import MainWindow
from tests.docs import facts_pdf
from tests.fake_servers import ChatCompletionsHandler, OllamaHandler, ServerLog, serve

LONG = 120_000
TOKEN = "hf_gui_test_Kp4Wm9Rz2Xc7Vb5N"


@pytest.fixture
def servers() -> Iterator[tuple[tuple[str, ServerLog], tuple[str, ServerLog]]]:
    with serve(OllamaHandler, models=["smollm2:135m"]) as ollama, serve(ChatCompletionsHandler, token=TOKEN) as cloud:
        yield ollama, cloud


@pytest.fixture
def window(qtbot, app_paths: AppPaths, settings: Settings, servers) -> Iterator[MainWindow]:
    (ollama_url, _), _cloud = servers
    save_settings(settings.with_changes(ollama_url=ollama_url, ollama_model="smollm2:135m"), app_paths.settings_file)
    window = create_window(app_paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.controller.workspace is not None, timeout=LONG)
    yield window
    if window.controller.workspace is not None:
        window.close()


def answer_in_the_window(qtbot, window: MainWindow, question: str) -> Message:
    chat = window.chat
    chat.input.setPlainText(question)
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG) as finished:
        chat.send()
    return finished.args[0]


def press_in_dialog(button_name: str, seen: list[str]) -> None:
    """Answer the next modal dialog the way a person would: by clicking one of its buttons."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CloudConsentDialog):
            QTimer.singleShot(10, attempt)
            return
        seen.append(dialog.informativeText())
        button = dialog.findChild(QAbstractButton, button_name)
        assert button is not None
        button.click()

    QTimer.singleShot(0, attempt)


def choose(qtbot, window: MainWindow, backend: str) -> bool:
    chat = window.chat
    index = chat.backend_combo.findData(backend)
    chat.backend_combo.setCurrentIndex(index)
    return chat.choose_backend(backend)


def test_a_chat_switches_between_back_ends_and_the_cloud_needs_an_informed_opt_in(
    qtbot, window: MainWindow, servers, tmp_path: Path, app_paths: AppPaths, keyring_dir: Path
) -> None:
    (_ollama_url, ollama_log), (cloud_url, cloud_log) = servers
    window.library.add_paths([str(facts_pdf(tmp_path / "districts.pdf"))])
    qtbot.waitUntil(lambda: any(r.status_text == "ready" for r in window.library.model.rows()), timeout=LONG)
    chat = window.chat
    question = "Who keeps the lighthouse on Varnholm Island?"

    # GPT4All, the default.
    first = answer_in_the_window(qtbot, window, question)
    assert first.backend == "gpt4all" and not first.cloud and first.sources[0].page == 1

    # Ollama for this chat: the chat remembers it, and the answer says who wrote it.
    messages: list[str] = []
    window.chat.status_message.connect(messages.append)
    with qtbot.waitSignal(
        window.controller.model_state, timeout=LONG, check_params_cb=lambda s, c: s == "ready" and c.backend == "ollama"
    ):
        assert choose(qtbot, window, "ollama")
    assert "smollm2:135m" in chat.model_label.text() and "ready" in chat.model_label.text()
    second = answer_in_the_window(qtbot, window, question)
    assert (second.backend, second.model) == ("ollama", "smollm2:135m") and "Ottilie Brask" in second.text
    assert any(r["path"] == "/api/chat" for r in ollama_log.requests)
    assert "smollm2:135m" in chat.view.toPlainText()
    assert not chat.cloud_marker.isVisible()

    # The cloud endpoint cannot be picked in offline mode, nor before it is turned on in Settings.
    assert not choose(qtbot, window, "hf-endpoint")
    assert "Offline mode is on" in messages[-1]
    window.settings_pane.offline_mode.setChecked(False)
    with qtbot.waitSignal(window.controller.settings_changed, timeout=LONG):
        assert window.settings_pane.apply(confirm=False)
    assert not choose(qtbot, window, "hf-endpoint")
    assert "turn it on in Settings" in messages[-1]
    assert chat.backend_combo.currentData() == "ollama" and chat.conversation.backend == "ollama"

    # Turning it on shows what leaves the machine; "Keep it off" keeps it off.
    box = window.settings_pane.backends
    seen: list[str] = []
    press_in_dialog("keepCloudOffButton", seen)
    box.hf_consent.click()
    assert seen and "retrieves from your documents" in seen[0] and not box.hf_consent.isChecked()
    press_in_dialog("allowCloudButton", seen)
    box.hf_consent.click()
    assert len(seen) == 2 and box.hf_consent.isChecked()
    box.hf_endpoint.setText(cloud_url)
    box.hf_token.setText(TOKEN)
    with qtbot.waitSignal(window.controller.settings_changed, timeout=LONG):
        assert window.settings_pane.apply(confirm=False)
    qtbot.waitUntil(lambda: TokenStore().get(HF_TOKEN) == TOKEN, timeout=LONG)
    assert box.hf_token.text() == ""
    assert TOKEN not in app_paths.settings_file.read_text()
    assert cloud_log.requests == [], "nothing was sent while turning it on"

    # Now the chat can use it: a visible marker, and the chat is marked in the list.
    assert choose(qtbot, window, "hf-endpoint")
    assert chat.cloud_marker.isVisible() and cloud_url in chat.cloud_marker.text()
    qtbot.waitUntil(lambda: chat.conversation_list.currentItem().text().startswith("☁"), timeout=LONG)  # once saved
    third = answer_in_the_window(qtbot, window, question)
    assert third.cloud and third.backend == "hf-endpoint" and "Ottilie Brask" in third.text
    assert "☁ cloud" in chat.view.toPlainText()
    assert cloud_log.requests[-1]["headers"]["authorization"] == f"Bearer {TOKEN}"

    qtbot.waitUntil(lambda: not window.controller.files_lane.busy, timeout=LONG)  # the chat is saved off the GUI thread
    saved = json.loads((app_paths.data_dir / "chats" / f"{chat.conversation.conversation_id}.json").read_text())
    assert saved["backend"] == "hf-endpoint"
    assert [m.get("backend") for m in saved["messages"] if m["role"] == "assistant"] == [
        "gpt4all",
        "ollama",
        "hf-endpoint",
    ]
    for path in app_paths.data_dir.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert TOKEN.encode() not in path.read_bytes(), path

    # Offline mode blocks the cloud again at once.
    window.settings_pane.offline_mode.setChecked(True)
    with qtbot.waitSignal(window.controller.settings_changed, timeout=LONG):
        assert window.settings_pane.apply(confirm=False)
    blocked = answer_in_the_window(qtbot, window, question)
    assert "Offline mode is on" in blocked.error
    assert len([r for r in cloud_log.requests if r["method"] == "POST"]) == 1
    assert load_settings(app_paths.settings_file).hf_endpoint_consent


def test_test_connection_lists_ollama_models_and_explains_failures(qtbot, window: MainWindow) -> None:
    box = window.settings_pane.backends
    box.backend.setCurrentIndex(box.backend.findData("ollama"))
    assert box.pages.currentIndex() == 1

    def run_test() -> object:
        with qtbot.waitSignal(box.tested, timeout=LONG) as tested:
            box.test_button.click()
        return tested.args[0]

    result = run_test()
    assert result.ok and "Ollama 0.12.6" in box.test_result.text()
    assert [box.ollama_model.itemText(i) for i in range(box.ollama_model.count())] == ["smollm2:135m"]

    box.ollama_model.setEditText("llama3.2:3b")
    result = run_test()
    assert not result.ok and "ollama pull llama3.2:3b" in box.test_result.text()

    box.ollama_url.setText("http://127.0.0.1:9")  # the discard port: nothing listens
    run_test()
    assert "Ollama is not running" in box.test_result.text()

    box.ollama_url.setText("not an address")
    run_test_none: Callable[[], object] = box.test
    assert run_test_none() is None and "ollama_url" in box.test_result.text()
