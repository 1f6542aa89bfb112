"""The welcome on first launch, driven like a person would (offscreen): the language changes at
once, Skip keeps the defaults, the download is refused politely while offline mode is on until the
person agrees to that one connection, a new library folder is used at once, and the agreed download
runs in the window (from a real HTTP server on loopback) with offline mode still on."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop_gpt.core.app.first_launch import needs_welcome
from desktop_gpt.core.app.lock import WINDOW, DataFolderLock
from desktop_gpt.core.app.paths import AppPaths, chosen_data_location
from desktop_gpt.core.app.settings import Settings, load_settings, save_settings
from desktop_gpt.core.models.model_manager import CatalogEntry, load_catalog
from desktop_gpt.core.models.recommend import Machine
from desktop_gpt.ui.app import create_window
from desktop_gpt.ui.i18n import install_translators
from desktop_gpt.ui.welcome import WelcomeDialog, welcome_if_first_launch
from tests.conftest import data_dir_with_models
from tests.docs import facts_pdf

LONG = 120_000
GB = 2**30
ROOMY = Machine(total_ram=16 * GB, free_ram=12 * GB, free_disk=100 * GB, cpu_count=4)


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    install_translators("en")  # the welcome changes the application's language: leave it as found


@pytest.fixture
def welcome(qtbot, tmp_path: Path) -> WelcomeDialog:
    paths = AppPaths(data_dir=tmp_path / "library", config_dir=tmp_path / "config")
    dialog = WelcomeDialog(paths, Settings(), ROOMY, load_catalog())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_the_language_changes_at_once_and_skip_keeps_the_defaults(qtbot, welcome: WelcomeDialog) -> None:
    assert welcome.title.text() == "<h2>Welcome to Desktop GPT</h2>"
    assert "never sent anywhere" in welcome.privacy.text() and "135 million" in welcome.starter.text()
    welcome.language.setCurrentIndex(welcome.language.findData("ko"))
    qtbot.waitUntil(lambda: "환영" in welcome.title.text())
    assert welcome.windowTitle() == welcome.title.text()[4:-5]
    assert "보내지" in welcome.privacy.text(), "the privacy promise is in Korean too"
    assert welcome.language.currentData() == "ko", "the choice survives its own retranslation"
    assert "추천" in welcome.model_title.text() and "한국어로도 답합니다" in welcome.model_title.text()
    qtbot.keyClick(welcome, Qt.Key.Key_Escape)  # as Skip: nothing chosen here is kept
    assert welcome.result() == QDialog.DialogCode.Rejected
    choices = welcome.choices()
    assert choices.language == "system" and choices.library is None and choices.download == ""
    assert QCoreApplication.translate("WelcomeDialog", "Welcome to Desktop GPT") == "Welcome to Desktop GPT"


def test_the_download_is_refused_politely_while_offline_until_the_person_agrees(qtbot, welcome: WelcomeDialog) -> None:
    fit = welcome.fit
    assert fit is not None and fit.entry.name == "qwen2.5-1.5b-instruct"
    assert "It fits." in welcome.model_facts.text() and "12.00 GB" in welcome.model_facts.text()
    assert not welcome.consent.isChecked(), "offline mode is on: no connection is agreed in advance"
    click(qtbot, welcome.download_button)
    assert "Nothing was downloaded: offline mode is on" in welcome.download_state.text()
    assert welcome.download_button.isEnabled(), "refused, not broken: the person can still agree"
    click(qtbot, welcome.consent)
    assert welcome.download_state.text() == "", "the refusal goes once the box is ticked"
    click(qtbot, welcome.download_button)
    assert "download once the window opens" in welcome.download_state.text()
    assert not welcome.download_button.isEnabled()
    click(qtbot, welcome.start_button)
    assert welcome.choices().download == "qwen2.5-1.5b-instruct"


def test_a_model_that_cannot_fit_is_said_and_not_offered(qtbot, tmp_path: Path) -> None:
    full_disk = Machine(total_ram=4 * GB, free_ram=1 * GB, free_disk=100 * 2**20, cpu_count=2)
    paths = AppPaths(data_dir=tmp_path / "library", config_dir=tmp_path / "config")
    dialog = WelcomeDialog(paths, Settings(), full_disk, load_catalog())
    qtbot.addWidget(dialog)
    assert "not enough free disk space" in dialog.model_facts.text()
    assert not dialog.download_button.isEnabled()
    dialog.show()
    click(qtbot, dialog.skip_button)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.choices().download == ""


def test_first_launch_applies_the_choices_and_the_window_downloads_with_offline_mode_on(
    qtbot, tmp_path: Path, app_paths: AppPaths, server, starter_models
) -> None:
    # A person's default install: settings outside the library folder, nothing saved yet.
    first = AppPaths(data_dir=tmp_path / "default library", config_dir=tmp_path / "config")
    assert needs_welcome(first)
    lock = DataFolderLock(first.data_dir, WINDOW).acquire()
    chosen = tmp_path / "matters"
    seen: list[WelcomeDialog] = []

    opened_with = facts_pdf(tmp_path / "opened while welcomed.pdf")
    second: list[subprocess.Popen[str]] = []

    def answer_the_welcome() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, WelcomeDialog):
            QTimer.singleShot(20, answer_the_welcome)
            return
        if not second:  # "Open with" on a file while the welcome is still open: a second start
            argv = [sys.executable, "-m", "desktop_gpt", "--data-dir", str(first.data_dir), str(opened_with)]
            second.append(subprocess.Popen(argv, stderr=subprocess.PIPE, text=True))
        if second[0].poll() is None:
            QTimer.singleShot(50, answer_the_welcome)  # its files arrive through the event loop
            return
        seen.append(dialog)
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        assert dialog.choose_library(str(chosen))
        assert str(chosen) in dialog.library_path.text()
        dialog.consent.setChecked(True)
        dialog.download_button.click()
        dialog.start_button.click()

    QTimer.singleShot(0, answer_the_welcome)
    launch = welcome_if_first_launch(first, lock)
    assert seen, "the welcome was shown"
    assert second[0].returncode == 0, second[0].stderr.read() if second[0].stderr else ""
    assert launch.files == [str(opened_with.resolve())], "the file opened meanwhile is kept for the window"
    opened, new_lock = launch.paths, launch.lock
    assert opened.data_dir == chosen.resolve()
    assert launch.download is not None and launch.download.name == "qwen2.5-1.5b-instruct"
    assert new_lock.held and new_lock.data_dir == chosen.resolve() and not lock.held
    assert chosen_data_location(first.config_dir) == chosen.resolve()
    assert load_settings(first.settings_file).language == "en" and not needs_welcome(opened)
    again = welcome_if_first_launch(opened, new_lock)
    assert (again.paths, again.lock, again.download, again.files) == (opened, new_lock, None, []), "shown once only"
    new_lock.release()

    # The window starts the agreed download once its library is open; offline mode stays on.
    base, state = server
    state.payload = starter_models["chat"].read_bytes()
    save_settings(Settings(cpu_threads=2, download_mirror=base, welcome_seen=True), app_paths.settings_file)
    entry = CatalogEntry(
        name="loopback-chat", file="loopback-chat.gguf", path="repo/resolve/main/model.gguf",
        size=len(state.payload), sha256=hashlib.sha256(state.payload).hexdigest(), ram_gb=0.3,
        license="Apache-2.0", kind="chat", languages=("en",), recommended=1,
    )  # fmt: skip
    window = create_window(app_paths)
    qtbot.addWidget(window)
    window.show()
    window.download_when_ready(entry)
    qtbot.waitUntil(lambda: window.controller.settings is not None, timeout=LONG)
    qtbot.waitUntil(lambda: window.controller.settings.chat_model == "loopback-chat.gguf", timeout=LONG)
    dialog = window.settings_pane.model_dialog
    assert dialog is not None and "answers now come from it" in dialog.message.text()
    assert window.controller.settings.offline_mode is True
    assert len(state.requests) == 1 and (app_paths.models_dir / "loopback-chat.gguf").exists()
    picker = window.chat.picker  # the picker and the status line both name the new model
    qtbot.waitUntil(lambda: "loopback-chat.gguf" in picker.combo.currentText(), timeout=LONG)
    qtbot.waitUntil(lambda: "loopback-chat.gguf — ready" in picker.model_label.text(), timeout=LONG)
    window.close()


def test_the_empty_library_says_what_to_do(qtbot, app_paths: AppPaths, settings: Settings) -> None:
    save_settings(settings, app_paths.settings_file)
    window = create_window(app_paths)
    qtbot.addWidget(window)
    window.show()
    library = window.library
    if window.controller.workspace is None:
        assert "Opening your library" in library.empty_text() and "added as soon as it is open" in library.empty_text()
    qtbot.waitUntil(lambda: window.controller.workspace is not None, timeout=LONG)
    text = library.empty_text()
    assert "Your library is empty" in text and "Drop files or folders here" in text
    assert "Word" in text and "HWPX" in text and "Nothing leaves this computer" in text
    image = library.view.viewport().grab().toImage()
    background = image.pixelColor(2, 2)
    centre_row = [image.pixelColor(x, image.height() // 2) for x in range(image.width())]
    border = [image.pixelColor(12, y) for y in range(20, image.height() - 20)]
    assert any(c != background for c in centre_row + border), "the drop zone is drawn"
    window.close()


def test_settings_move_the_library_with_its_models_from_the_next_start(
    qtbot, tmp_path: Path, starter_models: dict[str, Path]
) -> None:
    installed = data_dir_with_models(tmp_path / "installed", starter_models)
    paths = AppPaths(data_dir=tmp_path / "library", config_dir=tmp_path / "config").ensure()
    for model in installed.models_dir.iterdir():
        (paths.models_dir / model.name).symlink_to(model.resolve())
    save_settings(Settings(cpu_threads=2, welcome_seen=True), paths.settings_file)
    window = create_window(paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.controller.workspace is not None, timeout=LONG)
    pane = window.settings_pane

    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    refused = pane.choose_data_folder(str(blocker / "library"))
    assert refused is not None
    with qtbot.waitSignal(refused.finished, timeout=LONG):
        pass
    assert "cannot hold the library" in pane.error_label.text()
    assert chosen_data_location(paths.config_dir) is None

    moved = tmp_path / "moved"
    said: list[str] = []
    pane.status_message.connect(said.append)
    job = pane.choose_data_folder(str(moved))
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=LONG):
        pass
    assert chosen_data_location(paths.config_dir) == moved.resolve()
    carried = sorted(p.name for p in (moved / "models").iterdir())
    assert carried == sorted(p.name for p in paths.models_dir.iterdir() if not p.name.startswith("."))
    assert window.controller.paths.data_dir == paths.data_dir, "this session keeps its library"
    qtbot.waitUntil(lambda: any("from the next start, with the models" in text for text in said))
    window.close()
