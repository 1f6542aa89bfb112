"""Start the desktop app."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop_gpt import __version__
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.resources import resource_path
from desktop_gpt.ui.controller import AppController
from desktop_gpt.ui.errors import install_exception_dialog
from desktop_gpt.ui.main_window import MainWindow


def create_window(paths: AppPaths, files_to_add: list[str] | None = None) -> MainWindow:
    """Build the window and start opening the library in the background."""
    controller = AppController(paths)  # the folders are made by the open job: a failure is said, not raised
    window = MainWindow(controller)
    controller.setParent(window)
    if files_to_add:
        controller.workspace_ready.connect(lambda: window.library.add_paths(list(files_to_add)))
    controller.open()
    return window


def run(data_dir: str | None = None, files_to_add: list[str] | None = None) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Desktop GPT")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Desktop GPT")
    app.setWindowIcon(QIcon(str(resource_path("icons/desktop-gpt.svg"))))
    paths = AppPaths.resolve(data_dir)
    window = create_window(paths, files_to_add)
    install_exception_dialog(paths.data_dir / "logs" / "crash.log", window)
    window.show()
    return app.exec()
