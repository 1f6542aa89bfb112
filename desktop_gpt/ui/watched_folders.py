"""Watched folders in the window: live watching that runs the core's sync pass, and the settings
box that lists the folders.

:class:`FolderWatch` listens to the watched folders and their subfolders (``QFileSystemWatcher``,
the system's own notification) and, a moment after the last change, runs one sync pass on the store
lane; it also runs one at start-up and every few minutes (a file rewritten in place does not always
change its folder). Passes never overlap: a change during a pass asks for one more after it.
"""

from __future__ import annotations

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_gpt.core.app.settings import Settings
from desktop_gpt.ui.controller import AppController
from desktop_gpt.ui.tasks import Job
from desktop_gpt.ui.widgets import make_button, name_widget

# Wait this long after the last change before a pass (an editor saving writes several files).
SETTLE_MS = 1500
# A pass every so often, for changes the system did not announce.
PERIOD_MS = 5 * 60 * 1000
# Folders listened to at most (each takes a system watch; the periodic pass covers the rest).
MAX_DIRECTORIES = 4000


class FolderWatch(QObject):
    sync_started = Signal(object)  # the Job of a pass: the library pane shows its progress

    def __init__(self, controller: AppController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._changed)
        self.settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self.settle.timeout.connect(self.sync)
        self.period = QTimer(self, interval=PERIOD_MS)
        self.period.timeout.connect(self.sync)
        self._folders: tuple[str, ...] = ()
        self._job: Job | None = None
        self._again = False
        controller.settings_changed.connect(self._settings_changed)
        controller.closing.connect(self.stop)

    @property
    def folders(self) -> tuple[str, ...]:
        return self._folders

    def _settings_changed(self, settings: Settings) -> None:
        if settings.watched_folders == self._folders:
            return
        self._folders = settings.watched_folders
        if self._folders:
            self.period.start()
            self.sync()  # a folder just added is indexed now; at start-up, the pass that catches up
        else:
            self.period.stop()
            self._listen([])

    def _changed(self, _path: str) -> None:
        self.settle.start()  # restarts: one pass once the changes settle

    def sync(self) -> Job | None:
        """Run a pass now, or once the running one ends."""
        if not self._folders or self.controller.workspace is None:
            return None
        if self._job is not None:
            self._again = True
            return self._job
        job = self._job = self.controller.sync_folders()
        job.finished.connect(self._finished)
        self.sync_started.emit(job)
        return job

    def _finished(self) -> None:
        self._job = None
        listing = self.controller.watched_directories(self._folders, MAX_DIRECTORIES)
        listing.succeeded.connect(self._listen)  # new subfolders are listened to from now on
        if self._again:
            self._again = False
            self.sync()

    def _listen(self, directories: list[str]) -> None:
        current = set(self.watcher.directories())
        wanted = set(directories)
        if current - wanted:
            self.watcher.removePaths(sorted(current - wanted))
        if wanted - current:
            self.watcher.addPaths(sorted(wanted - current))

    def stop(self) -> None:
        self.settle.stop()
        self.period.stop()
        self._folders = ()


class WatchedFoldersBox(QGroupBox):
    """The watched folders, in Settings: add one, stop watching one (its documents stay)."""

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Watched folders"), parent)
        self.controller = controller
        self.list = QListWidget()
        name_widget(self.list, "watchedFolders", self.tr("Watched folders"))
        self.list.setToolTip(
            self.tr(
                "New and changed files in these folders are indexed, deleted ones leave the library, "
                "moved and renamed ones keep their passages."
            )
        )
        self.add_button = make_button(
            self.tr("&Watch a folder…"), "watchFolderButton", self.tr("Watch a folder"), self.choose
        )
        self.remove_button = make_button(
            self.tr("Stop &watching"), "unwatchFolderButton", self.tr("Stop watching the selected folder"), self.remove
        )
        self.list.itemSelectionChanged.connect(lambda: self.remove_button.setEnabled(bool(self.list.selectedItems())))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.remove_button.setEnabled(False)
        controller.settings_changed.connect(self.show_folders)

    def show_folders(self, settings: Settings) -> None:
        self.list.clear()
        self.list.addItems(list(settings.watched_folders))
        self.remove_button.setEnabled(False)

    def choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Watch a folder"))
        if folder:
            self.add(folder)

    def add(self, folder: str) -> Job:
        return self.controller.watch_add(folder)

    def remove(self) -> Job | None:
        items = self.list.selectedItems()
        return self.controller.watch_remove(items[0].text()) if items else None
