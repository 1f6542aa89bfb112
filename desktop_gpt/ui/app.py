"""Start the desktop app: one window per data folder."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_gpt import __version__
from desktop_gpt.core.app.errors import DesktopGptError, FolderBusyError
from desktop_gpt.core.app.lock import WINDOW, DataFolderLock
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.resources import resource_path
from desktop_gpt.diagnostics.coldstart import PROBE_ENV
from desktop_gpt.ui.controller import AppController
from desktop_gpt.ui.core_text import core_text
from desktop_gpt.ui.errors import install_exception_dialog
from desktop_gpt.ui.i18n import install_translators, language_setting
from desktop_gpt.ui.main_window import MainWindow
from desktop_gpt.ui.single_instance import InstanceServer, second_start
from desktop_gpt.ui.welcome import welcome_if_first_launch


def create_window(
    paths: AppPaths, files_to_add: list[str] | None = None, lock: DataFolderLock | None = None
) -> MainWindow:
    """Build the window and start opening the library in the background.

    The window is the data folder's one writer for its whole life: it takes the folder's lock (or is
    given it, held), raising :class:`FolderBusyError` when another process has it, and answers
    later starts on the same folder (their files are added here)."""
    if lock is None:
        lock = DataFolderLock(paths.data_dir, WINDOW).acquire()
    controller = AppController(paths, lock)  # the folders are made by the open job: a failure is said, not raised
    window = MainWindow(controller)
    controller.setParent(window)
    server = InstanceServer(paths.data_dir, controller)
    server.files_received.connect(window.open_files)
    controller.closing.connect(server.close)
    server.listen()
    if files_to_add:
        window.open_files(list(files_to_add))
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
    install_translators(language_setting(paths.settings_file))  # before any widget: the window is built in it
    try:
        lock = DataFolderLock(paths.data_dir, WINDOW).acquire()
    except FolderBusyError as busy:  # a window already runs on this folder: it gets the files
        return second_start(paths.data_dir, list(files_to_add or []), busy)
    except DesktopGptError as exc:
        print(f"desktop-gpt: {exc}", file=sys.stderr)
        QMessageBox.critical(
            None, QCoreApplication.translate("App", "Cannot open the data folder"), core_text(str(exc))
        )
        return 1
    first = welcome_if_first_launch(paths, lock)
    paths = first.paths
    window = create_window(paths, [*(files_to_add or []), *first.files], first.lock)
    install_exception_dialog(paths.data_dir / "logs" / "crash.log", window)
    window.show()
    if first.download is not None:
        window.download_when_ready(first.download)
    if os.environ.get(PROBE_ENV):  # the start-up benchmark (diagnostics/coldstart.py)
        from desktop_gpt.diagnostics.coldstart import probe

        probe(window)
    return app.exec()
