"""The main window only composes the panes and keeps the window's state across restarts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QSplitter, QTabWidget

from desktop_gpt import __version__
from desktop_gpt.core.app.privacy import connections_text
from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.chat.conversations import ChatScope, ConversationStore
from desktop_gpt.core.models.model_manager import CatalogEntry
from desktop_gpt.ui.chat_pane import ChatPane
from desktop_gpt.ui.controller import AppController
from desktop_gpt.ui.core_text import core_lines, core_text
from desktop_gpt.ui.errors import plain_words
from desktop_gpt.ui.library_pane import LibraryPane
from desktop_gpt.ui.settings_pane import SettingsPane
from desktop_gpt.ui.viewer import DocumentViewer
from desktop_gpt.ui.watched_folders import FolderWatch


class MainWindow(QMainWindow):
    def __init__(self, controller: AppController) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Desktop GPT")
        self.controller = controller
        paths = controller.paths
        self.state = QSettings(str(paths.config_dir / "window.ini"), QSettings.Format.IniFormat)

        self.library = LibraryPane(controller)
        self.chat = ChatPane(controller, ConversationStore(paths.chats_dir), self.library.selected_doc_ids)
        self.library.summarize_requested.connect(self._summarize)
        self.library.chat_requested.connect(self._new_scoped_chat)
        self.settings_pane = SettingsPane(controller)
        self.folder_watch = FolderWatch(controller, self)
        self.folder_watch.sync_started.connect(self.library.track_sync)
        self.viewer: DocumentViewer | None = None
        self.notice_box: QMessageBox | None = (
            None  # shown once after start when damaged files were set aside or repaired
        )

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.chat, self.tr("&Chat"))
        self.tabs.addTab(self.settings_pane, self.tr("Se&ttings"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.setCentralWidget(self.splitter)

        for pane in (self.library, self.chat, self.settings_pane):
            pane.status_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.chat.open_source.connect(self.open_source)
        self.settings_pane.reindex_requested.connect(self.library.reindex_documents)
        controller.job_failed.connect(self._job_failed)
        controller.workspace_failed.connect(self._workspace_failed)
        controller.workspace_ready.connect(self._workspace_ready)
        self._build_menu()
        self.statusBar().showMessage(self.tr("Opening your library…"))
        self.restore_state()

    def _summarize(self, doc_id: str, name: str) -> None:
        self.tabs.setCurrentWidget(self.chat)
        self.chat.summarize(doc_id, name)

    def _new_scoped_chat(self, scope: object) -> None:
        self.tabs.setCurrentWidget(self.chat)
        self.chat.new_conversation(scope if isinstance(scope, ChatScope) else None)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(
            self._action(self.tr("&Add files…"), self.library.choose_files, QKeySequence.StandardKey.Open)
        )
        file_menu.addAction(self._action(self.tr("Add &folder…"), self.library.choose_folder))
        file_menu.addAction(
            self._action(self.tr("&New chat"), self.chat.new_conversation, QKeySequence.StandardKey.New)
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit))
        go = self.menuBar().addMenu(self.tr("&Go"))
        go.addAction(self._action(self.tr("&Library"), self.library.view.setFocus, "Ctrl+1"))
        go.addAction(self._action(self.tr("&Question"), self._focus_input, "Ctrl+2"))
        go.addAction(
            self._action(self.tr("&Settings"), lambda: self.tabs.setCurrentWidget(self.settings_pane), "Ctrl+,")
        )
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About Desktop GPT"), self._about))

    def _focus_input(self) -> None:
        self.tabs.setCurrentWidget(self.chat)
        self.chat.input.setFocus()

    def about_box(self) -> QMessageBox:
        """The About box: what the app connects to and when, with this install's current switches."""
        settings = self.controller.settings
        if settings is None:
            state = self.tr("Settings are still loading.")
        else:
            state = self.tr(
                "Right now: offline mode is {offline}; the cloud endpoint is {cloud}; the Ollama address is {url}."
            ).format(
                offline=self.tr("on") if settings.offline_mode else self.tr("off"),
                cloud=self.tr("turned on") if settings.hf_endpoint_consent else self.tr("off"),
                url=settings.ollama_url,
            )
        box = QMessageBox(
            QMessageBox.Icon.Information, self.tr("About Desktop GPT"), f"Desktop GPT {__version__}", parent=self
        )
        box.setObjectName("aboutBox")
        box.setInformativeText(
            "\n\n".join(
                (
                    self.tr("Chat with your own documents. Models run on this computer."),
                    core_lines(connections_text()),
                    state,
                    self.tr("Data folder: {folder}").format(folder=self.controller.paths.data_dir),
                )
            )
        )
        return box

    def _about(self) -> None:
        self.about_box().exec()

    # -- events from the controller ------------------------------------------------------------

    def _workspace_ready(self) -> None:
        self.statusBar().showMessage(self.tr("Library ready."), 5000)
        workspace = self.controller.workspace
        # The chat list read the chats before the library opened, so it may have set a file aside first.
        notices = list(dict.fromkeys([*self.chat.store.notices, *(workspace.notices if workspace else [])]))
        if notices:
            self.notice_box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Damaged files were set aside"), "", parent=self
            )
            self.notice_box.setObjectName("noticeBox")
            self.notice_box.setText("\n\n".join(core_text(notice) for notice in notices))
            self.notice_box.open()  # open(), never exec(): nothing waits on the person to close it

    def _workspace_failed(self, exc: BaseException) -> None:
        QMessageBox.critical(self, self.tr("Cannot open the library"), plain_words(exc))

    def _job_failed(self, what: str, exc: BaseException) -> None:
        self.statusBar().showMessage(self.tr("{what} failed: {why}").format(what=what, why=plain_words(exc)), 15000)

    def open_files(self, paths: list[str]) -> None:
        """Files opened from outside (“Open with”, a second start): come to the front and add them,
        once the library is open."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if not paths:
            return
        self.library.add_paths(paths)  # queued by the library while it is still opening

    def download_when_ready(self, entry: CatalogEntry) -> None:
        """Start the download the person agreed to in the welcome once the library is open, in the
        model manager (progress, pause, cancel); the model answers once it is verified."""

        def start() -> None:
            self.settings_pane.open_model_manager().download(entry, once=True, use=True)

        if self.controller.workspace is not None:
            start()
        else:
            self.controller.workspace_ready.connect(start, Qt.ConnectionType.SingleShotConnection)

    def open_source(self, source: Source) -> DocumentViewer:
        if self.viewer is None:
            self.viewer = DocumentViewer(self.controller.read_view, self)
        self.viewer.show_source(source, self.chat.question_for(source))
        return self.viewer

    # -- state ---------------------------------------------------------------------------------

    def restore_state(self) -> None:
        geometry = self.state.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:  # first start: a sensible layout
            self.resize(1280, 820)
            QTimer.singleShot(0, self._default_layout)
        for key, splitter in (
            ("mainSplitter", self.splitter),
            ("conversationSplitter", self.chat.horizontal),
            ("chatSplitter", self.chat.vertical),
        ):
            value = self.state.value(key)
            if isinstance(value, QByteArray):
                splitter.restoreState(value)
        last_chat = self.state.value("lastConversation")
        if isinstance(last_chat, str) and last_chat:
            self.chat.load_conversations(last_chat)

    def _default_layout(self) -> None:
        width = self.splitter.width()
        self.splitter.setSizes([width * 3 // 10, width - width * 3 // 10])
        chat_width = self.chat.horizontal.width()
        self.chat.horizontal.setSizes([180, max(200, chat_width - 180)])
        height = self.chat.vertical.height()
        self.chat.vertical.setSizes([height * 3 // 4, height - height * 3 // 4])

    def save_state(self) -> None:
        self.state.setValue("geometry", self.saveGeometry())
        self.state.setValue("mainSplitter", self.splitter.saveState())
        self.state.setValue("conversationSplitter", self.chat.horizontal.saveState())
        self.state.setValue("chatSplitter", self.chat.vertical.saveState())
        self.state.setValue("lastConversation", self.chat.conversation.conversation_id)
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the window, cancel running work, wait for it: nothing already indexed is lost."""
        self.save_state()
        self.statusBar().showMessage(self.tr("Finishing… documents already indexed are kept."))
        self.controller.shutdown()
        if self.viewer is not None:
            self.viewer.close()
        event.accept()
