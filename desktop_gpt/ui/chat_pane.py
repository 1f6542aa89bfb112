"""The chat pane: conversations, the streamed conversation, the input, and the sources of the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_gpt.core.app.changes import Changes, Done
from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.chat.answer import Answer, Source
from desktop_gpt.core.chat.conversations import Conversation, ConversationStore, Message
from desktop_gpt.core.chat.llm import BACKEND_LABELS, BACKENDS, BackendChoice
from desktop_gpt.ui.controller import AppController
from desktop_gpt.ui.conversation_view import ConversationView
from desktop_gpt.ui.errors import plain_words
from desktop_gpt.ui.models import ConversationModel, SourcesModel
from desktop_gpt.ui.tasks import Job
from desktop_gpt.ui.widgets import make_button, name_widget

ConversationIdRole = Qt.ItemDataRole.UserRole + 10


class ChatInput(QPlainTextEdit):
    """Enter sends; Shift+Enter starts a new line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class ChatPane(QWidget):
    open_source = Signal(object)  # Source
    status_message = Signal(str)
    answer_finished = Signal(object)  # the final Message

    def __init__(
        self,
        controller: AppController,
        store: ConversationStore,
        chat_doc_ids: Callable[[], list[str] | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.store = store
        self.chat_doc_ids = chat_doc_ids
        self.model = ConversationModel(self)
        self.sources_model = SourcesModel(self)
        self._job: Job | None = None
        self._selecting: str | None = None  # the chat to show after the next change of the chat list
        self._pending_row = -1

        # Conversations list
        self.conversation_list = QListWidget()
        name_widget(self.conversation_list, "conversationList", "Conversations")
        self.conversation_list.currentItemChanged.connect(self._on_conversation_chosen)
        self.new_button = make_button("&New", "newChatButton", "New chat", self.new_conversation)
        self.rename_button = make_button("Rena&me", "renameChatButton", "Rename chat", self.rename_conversation)
        self.delete_button = make_button("&Delete", "deleteChatButton", "Delete chat", self.delete_conversation)
        list_buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.delete_button):
            list_buttons.addWidget(button)
        conversations = QWidget()
        conversations_layout = QVBoxLayout(conversations)
        conversations_layout.setContentsMargins(0, 0, 0, 0)
        conversations_layout.addWidget(self.conversation_list, 1)
        conversations_layout.addLayout(list_buttons)

        # Conversation and input
        self.view = ConversationView()
        name_widget(self.view, "conversationView", "Conversation")
        self.view.setModel(self.model)
        self.view.source_activated.connect(self._on_source_link)
        self.view.link_refused.connect(
            lambda url: self.status_message.emit(f"Links are not opened from answers: {url}")
        )
        self.input = ChatInput()
        name_widget(self.input, "chatInput", "Question")
        self.input.setPlaceholderText("Ask about your documents… (Enter sends, Shift+Enter for a new line)")
        self.input.setTabChangesFocus(True)
        self.input.setMaximumHeight(96)
        self.input.submitted.connect(self.send)
        self.send_button = make_button("&Send", "sendButton", "Send question", self.send)
        self.stop_button = make_button("S&top", "stopButton", "Stop the answer", self.stop)
        self.backend_combo = QComboBox()
        name_widget(self.backend_combo, "backendCombo", "Answer with")
        for backend in BACKENDS:
            self.backend_combo.addItem(BACKEND_LABELS[backend], backend)
        self.backend_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.backend_combo.setToolTip("The back end and model that answer this chat; each chat keeps its own.")
        self.backend_combo.activated.connect(self._on_backend_chosen)
        self.cloud_marker = QLabel()
        name_widget(self.cloud_marker, "cloudMarker", "Cloud warning")
        self.cloud_marker.setStyleSheet("background:#fde2b8; color:#7a4500; padding:2px 6px; border-radius:3px")
        self.cloud_marker.setWordWrap(True)
        self.cloud_marker.hide()
        backend_row = QHBoxLayout()
        answer_with = QLabel("&Answer with:")
        answer_with.setBuddy(self.backend_combo)
        backend_row.addWidget(answer_with)
        backend_row.addWidget(self.backend_combo)
        backend_row.addWidget(self.cloud_marker, 1)
        backend_row.addStretch(0)
        self.model_label = QLabel("Model: opening library…")
        self.model_label.setObjectName("modelStateLabel")
        self.model_label.setWordWrap(True)
        input_row = QHBoxLayout()
        input_row.addWidget(self.input, 1)
        send_column = QVBoxLayout()
        send_column.addWidget(self.send_button)
        send_column.addWidget(self.stop_button)
        input_row.addLayout(send_column)

        # Sources of the last answer
        self.sources_view = QTableView()
        name_widget(self.sources_view, "sourcesView", "Sources of the last answer")
        self.sources_view.setModel(self.sources_model)
        self.sources_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sources_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sources_view.verticalHeader().hide()
        header = self.sources_view.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.sources_view.setWordWrap(False)
        self.sources_view.activated.connect(self._on_source_row)
        self.sources_view.doubleClicked.connect(self._on_source_row)

        chat = QWidget()
        chat_layout = QVBoxLayout(chat)
        chat_layout.setContentsMargins(0, 0, 0, 0)
        chat_layout.addLayout(backend_row)
        chat_layout.addWidget(self.view, 1)
        chat_layout.addLayout(input_row)
        chat_layout.addWidget(self.model_label)
        sources_box = QWidget()
        sources_layout = QVBoxLayout(sources_box)
        sources_layout.setContentsMargins(0, 0, 0, 0)
        sources_label = QLabel("Sources of the last answer (retrieved passages and scores):")
        sources_label.setWordWrap(True)
        sources_layout.addWidget(sources_label)
        sources_layout.addWidget(self.sources_view)

        self.vertical = QSplitter(Qt.Orientation.Vertical)
        self.vertical.setObjectName("chatSplitter")
        self.vertical.addWidget(chat)
        self.vertical.addWidget(sources_box)
        self.vertical.setStretchFactor(0, 4)
        self.vertical.setStretchFactor(1, 1)
        self.horizontal = QSplitter(Qt.Orientation.Horizontal)
        self.horizontal.setObjectName("conversationSplitter")
        self.horizontal.addWidget(conversations)
        self.horizontal.addWidget(self.vertical)
        self.horizontal.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.horizontal)

        controller.model_state.connect(self._on_model_state)
        controller.settings_changed.connect(self._on_settings_changed)
        controller.changed.connect(self._on_changed)
        self._set_busy(False)
        self.load_conversations()

    # -- conversations -------------------------------------------------------------------------

    def load_conversations(self, select_id: str | None = None) -> None:
        conversations = self.store.list()
        self.conversation_list.blockSignals(True)
        self.conversation_list.clear()
        for conversation in conversations:
            cloud = conversation.used_cloud or BackendChoice(conversation.backend, "").is_cloud
            item = QListWidgetItem(("☁ " if cloud else "") + conversation.title)
            item.setData(ConversationIdRole, conversation.conversation_id)
            if cloud:
                item.setToolTip("This chat uses a cloud back end: its questions and passages leave this computer.")
            self.conversation_list.addItem(item)
        self.conversation_list.blockSignals(False)
        if not conversations:
            self.model.set_conversation(Conversation())
            self._show_choice()
            return
        wanted = select_id or conversations[0].conversation_id
        for i, conversation in enumerate(conversations):
            if conversation.conversation_id == wanted:
                self.conversation_list.setCurrentRow(i)
                self._set_conversation(conversation)
                return
        self.conversation_list.setCurrentRow(0)

    @property
    def conversation(self) -> Conversation:
        return self.model.conversation

    def _on_conversation_chosen(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None or self._job is not None:
            return
        wanted = item.data(ConversationIdRole)
        for conversation in self.store.list():
            if conversation.conversation_id == wanted:
                self._set_conversation(conversation)
                self.load_model()
                return

    def _set_conversation(self, conversation: Conversation) -> None:
        self.model.set_conversation(conversation)
        self.sources_model.set_sources(self._last_sources(conversation))
        self._show_choice()

    @staticmethod
    def _last_sources(conversation: Conversation) -> list[Source]:
        answers = [m for m in conversation.messages if m.role == "assistant"]
        return list(answers[-1].sources) if answers else []

    def new_conversation(self) -> None:
        if self._job is not None:
            return
        self._chat_action(lambda: self.store.create(), select=True)
        self.input.setFocus()

    def rename_conversation(self, *, title: str | None = None) -> None:
        if not self.conversation.messages and self.conversation_list.currentItem() is None:
            return
        if title is None:
            title, ok = QInputDialog.getText(self, "Rename chat", "Name:", text=self.conversation.title)
            if not ok:
                return
        if title.strip():
            self._chat_action(lambda: self.store.rename(self.conversation, title))

    def delete_conversation(self, *, confirm: bool = True) -> None:
        if self._job is not None or self.conversation_list.currentItem() is None:
            return
        if confirm:
            answer = QMessageBox.question(self, "Delete chat", f"Delete the chat “{self.conversation.title}”?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._selecting = None
        self._chat_action(lambda: self.store.remove(self.conversation.conversation_id))

    def _save(self) -> None:
        self._chat_action(lambda: self.store.save(self.conversation))

    def _chat_action(self, action: Callable[[], Done[Any]], *, select: bool = False) -> None:
        """A chat action of the core (quick file writes); every pane hears what it changed."""
        try:
            done = action()
        except DesktopGptError as exc:
            self.status_message.emit(plain_words(exc))
            return
        if select:
            self._selecting = done.result.conversation_id
        self.controller.announce(done.changes)

    def _on_changed(self, changes: Changes) -> None:
        if changes.chats:
            wanted = self._selecting or self.conversation.conversation_id
            self._selecting = None
            self.load_conversations(wanted)

    # -- asking --------------------------------------------------------------------------------

    def send(self) -> Job | None:
        question = self.input.toPlainText().strip()
        if not question or self._job is not None:
            return None
        if self.controller.workspace is None:
            self.status_message.emit("The library is still opening; try again in a moment.")
            return None
        self.input.clear()
        conversation = self.conversation
        if not conversation.messages and conversation.title == "New chat":
            conversation.title = question[:60] + ("…" if len(question) > 60 else "")
        self.model.append(Message(role="user", text=question))
        self._pending_row = self.model.append(Message(role="assistant", text="", pending=True))
        self.sources_model.set_sources([])
        job = self.controller.ask(question, self.chat_doc_ids(), self.current_choice())
        job.progress.connect(self._on_sources)
        job.partial.connect(self._on_partial)
        job.succeeded.connect(self._on_answer)
        job.failed.connect(self._on_failed)
        job.finished.connect(lambda: self._set_busy(False))
        self._job = job
        self._set_busy(True)
        return job

    def stop(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _on_sources(self, sources: object) -> None:
        if isinstance(sources, list) and self._pending_row >= 0:
            message = self.model.message(self._pending_row)
            message.sources = list(sources)
            self.model.update(self._pending_row, message)
            self.sources_model.set_sources(message.sources)

    def _on_partial(self, text: str) -> None:
        if self._pending_row >= 0:
            self.model.append_text(self._pending_row, text)

    def _on_answer(self, answer: Answer) -> None:
        self._finish(Message.from_answer(answer))

    def _on_failed(self, exc: BaseException) -> None:
        partial = self.model.message(self._pending_row).text if self._pending_row >= 0 else ""
        message = Message(role="assistant", text=partial, error=plain_words(exc))
        if self._pending_row >= 0:
            message.sources = self.model.message(self._pending_row).sources
        self._finish(message)

    def _finish(self, message: Message) -> None:
        if self._pending_row >= 0:
            self.model.update(self._pending_row, message)
            self.sources_model.set_sources(message.sources)
        self._pending_row = -1
        self._job = None
        self._save()
        self.answer_finished.emit(message)

    def _set_busy(self, busy: bool) -> None:
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        for button in (self.new_button, self.rename_button, self.delete_button):
            button.setEnabled(not busy)
        self.conversation_list.setEnabled(not busy)

    @property
    def answering(self) -> bool:
        return self._job is not None

    # -- back end ------------------------------------------------------------------------------

    def current_choice(self) -> BackendChoice | None:
        """The back end and model of the chat on screen (the Settings default where it names none)."""
        return self.controller.choice(self.conversation.backend, self.conversation.model)

    def load_model(self) -> Job | None:
        choice = self.current_choice()
        return self.controller.load_chat_model(choice) if choice is not None else None

    def _on_settings_changed(self, _settings: Settings) -> None:
        self._show_choice()
        self.load_model()

    def _show_choice(self) -> None:
        settings = self.controller.settings
        choice = self.current_choice()
        if settings is None or choice is None:
            return
        for i, backend in enumerate(BACKENDS):
            model = self.conversation.model if backend == choice.backend else settings.model_for(backend)
            self.backend_combo.setItemText(i, BackendChoice(backend, model).label)
        self.backend_combo.setCurrentIndex(BACKENDS.index(choice.backend))
        if choice.is_cloud:
            target = choice.model or "the endpoint"
            self.cloud_marker.setText(f"☁ Cloud: this chat's questions and retrieved passages are sent to {target}.")
        self.cloud_marker.setVisible(choice.is_cloud)

    def choose_backend(self, backend: str) -> bool:
        """Switch this chat to another back end (with that back end's model from Settings)."""
        settings = self.controller.settings
        if settings is None or self._job is not None:
            self.status_message.emit("Wait for the answer to finish (or stop it), then switch.")
            self._show_choice()
            return False
        choice = BackendChoice(backend, settings.model_for(backend))
        refusal = ""
        if choice.is_cloud and settings.offline_mode:
            refusal = "Offline mode is on, so the cloud endpoint is blocked. Turn it off in Settings first."
        elif choice.is_cloud and not settings.hf_endpoint_consent:
            refusal = "The Hugging Face endpoint is a cloud service: turn it on in Settings (it shows what is sent)."
        if refusal:
            self.status_message.emit(refusal)
            self._show_choice()
            return False
        self.conversation.backend, self.conversation.model = choice.backend, choice.model
        self._save()
        self.load_model()
        return True

    def _on_backend_chosen(self, index: int) -> None:
        self.choose_backend(str(self.backend_combo.itemData(index)))

    def _on_model_state(self, state: str, choice: BackendChoice | None) -> None:
        label = choice.label if choice is not None else "model"
        where = "cloud — data leaves this computer" if choice is not None and choice.is_cloud else "on this computer"
        if choice is not None and choice.backend == "ollama" and state == "ready":
            where = f"server {self.controller.settings.ollama_url if self.controller.settings else ''}"
        if state == "loading":
            self.model_label.setText(f"Model: loading {label}…")
        elif state == "ready":
            self.model_label.setText(f"Model: {label} — ready ({where})")
        else:
            self.model_label.setText(f"Model: {label} not available — {state}")

    # -- sources -------------------------------------------------------------------------------

    def _on_source_link(self, row: int, number: int) -> None:
        if 0 <= row < self.model.rowCount():
            for source in self.model.message(row).sources:
                if source.number == number:
                    self.open_source.emit(source)
                    return

    def _on_source_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_source.emit(self.sources_model.source(index.row()))
