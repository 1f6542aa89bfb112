"""The chat pane: the chat session (the streamed conversation, the question, asking and stopping),
composed with the conversation list, the back-end picker and the sources table (``ui/chat/``)."""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_gpt.core.app.changes import Changes
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.chat.answer import Answer, Source
from desktop_gpt.core.chat.conversations import Conversation, ConversationStore, Message, chat_title
from desktop_gpt.core.chat.export import answer_as_text
from desktop_gpt.core.chat.llm import BackendChoice
from desktop_gpt.ui.chat.backend_picker import BackendPicker
from desktop_gpt.ui.chat.conversation_list import ConversationList
from desktop_gpt.ui.chat.sources_table import SourcesTable
from desktop_gpt.ui.controller import AppController
from desktop_gpt.ui.conversation_view import ConversationView
from desktop_gpt.ui.core_text import core_text
from desktop_gpt.ui.errors import plain_words
from desktop_gpt.ui.models import ConversationModel, SourcesModel
from desktop_gpt.ui.tasks import Job
from desktop_gpt.ui.widgets import make_button, name_widget


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
        self._listed: list[Conversation] = []  # the chats as last read from disk
        self._pending_row = -1
        self._editing_row = -1  # the question put back in the box by "Edit": replaced when sent

        self.chats = ConversationList()
        self.chats.chosen.connect(self._on_conversation_chosen)
        self.chats.new_requested.connect(self.new_conversation)
        self.chats.rename_requested.connect(self.rename_conversation)
        self.chats.delete_requested.connect(self.delete_conversation)
        self.picker = BackendPicker()
        self.picker.backend_chosen.connect(self.choose_backend)
        self.sources = SourcesTable(self.sources_model)
        self.sources.source_activated.connect(self.open_source)
        # Stable handles for tests and accessibility tools.
        self.conversation_list = self.chats.list
        self.new_button, self.rename_button, self.delete_button = (
            self.chats.new_button, self.chats.rename_button, self.chats.delete_button,
        )  # fmt: skip
        self.backend_combo, self.cloud_marker, self.model_label = (
            self.picker.combo, self.picker.cloud_marker, self.picker.model_label,
        )  # fmt: skip
        self.sources_view = self.sources.view

        # The session: the conversation and the question.
        self.view = ConversationView()
        name_widget(self.view, "conversationView", self.tr("Conversation"))
        self.view.setModel(self.model)
        self.view.source_activated.connect(self._on_source_link)
        self.view.retry_requested.connect(self.retry)
        self._connect_answer_actions()
        self.view.link_refused.connect(
            lambda url: self.status_message.emit(self.tr("Links are not opened from answers: {url}").format(url=url))
        )
        self.input = ChatInput()
        name_widget(self.input, "chatInput", self.tr("Question"))
        self.input.setPlaceholderText(self.tr("Ask about your documents… (Enter sends, Shift+Enter for a new line)"))
        self.input.setTabChangesFocus(True)
        self.input.setMaximumHeight(96)
        self.input.submitted.connect(self.send)
        self.send_button = make_button(self.tr("&Send"), "sendButton", self.tr("Send question"), self.send)
        self.stop_button = make_button(self.tr("S&top"), "stopButton", self.tr("Stop the answer"), self.stop)
        input_row = QHBoxLayout()
        input_row.addWidget(self.input, 1)
        send_column = QVBoxLayout()
        send_column.addWidget(self.send_button)
        send_column.addWidget(self.stop_button)
        input_row.addLayout(send_column)

        chat = QWidget()
        chat_layout = QVBoxLayout(chat)
        chat_layout.setContentsMargins(0, 0, 0, 0)
        chat_layout.addWidget(self.picker)
        chat_layout.addWidget(self.view, 1)
        chat_layout.addLayout(input_row)
        chat_layout.addWidget(self.model_label)

        self.vertical = QSplitter(Qt.Orientation.Vertical)
        self.vertical.setObjectName("chatSplitter")
        self.vertical.addWidget(chat)
        self.vertical.addWidget(self.sources)
        self.vertical.setStretchFactor(0, 4)
        self.vertical.setStretchFactor(1, 1)
        self.horizontal = QSplitter(Qt.Orientation.Horizontal)
        self.horizontal.setObjectName("conversationSplitter")
        self.horizontal.addWidget(self.chats)
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

    def load_conversations(self, select_id: str | None = None) -> Job:
        """Read the chat list off the GUI thread, then show it (and select ``select_id``)."""
        job = self.controller.file_job(lambda _job: self.store.list(), "list chats").owned_by(self)
        job.succeeded.connect(lambda chats: self._show_conversations(chats, select_id))
        job.failed.connect(lambda exc: self.status_message.emit(plain_words(exc)))
        return job

    def _show_conversations(self, conversations: list[Conversation], select_id: str | None) -> None:
        self._listed = conversations
        if self._job is not None:  # an answer is streaming into the chat on screen: keep it
            self.chats.show_conversations(conversations, self.conversation.conversation_id)
            return
        selected = self.chats.show_conversations(conversations, select_id)
        if selected is not None and selected.conversation_id == self.conversation.conversation_id:
            self._show_choice()  # the chat on screen is newer than (or as new as) its file: keep it
            return
        self._set_conversation(selected or Conversation())
        if selected is not None and select_id is not None and selected.conversation_id != select_id:
            self.load_model()  # the chat asked for is gone (deleted): another one, maybe another back end

    @property
    def conversation(self) -> Conversation:
        return self.model.conversation

    def _on_conversation_chosen(self, wanted: str) -> None:
        if self._job is not None:
            return
        for conversation in self._listed:
            if conversation.conversation_id == wanted:
                self._set_conversation(conversation)
                self.load_model()
                return

    def _set_conversation(self, conversation: Conversation) -> None:
        self._editing_row = -1
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
        self._set_conversation(Conversation())  # on screen at once; its file follows
        self._save(self.tr("Creating the chat"))
        self.input.setFocus()

    def rename_conversation(self, *, title: str | None = None) -> None:
        if title is None:
            title, ok = QInputDialog.getText(
                self, self.tr("Rename chat"), self.tr("Name:"), text=self.conversation.title
            )
            if not ok:
                return
        if title.strip():
            self.conversation.title = chat_title(title)
            self._save(self.tr("Renaming the chat"))

    def delete_conversation(self, *, confirm: bool = True) -> None:
        if self._job is not None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete chat"),
                self.tr("Delete the chat “{title}”?").format(title=core_text(self.conversation.title)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        gone = self.conversation.conversation_id
        self.controller.chat_action(lambda: self.store.remove(gone), self.tr("Deleting the chat"))

    def _save(self, what: str = "") -> Job:
        snapshot = copy.deepcopy(self.conversation)  # the chat on screen keeps changing while it is written
        return self.controller.chat_action(lambda: self.store.save(snapshot), what or self.tr("Saving the chat"))

    def _on_changed(self, changes: Changes) -> None:
        if changes.chats:
            self.load_conversations(self.conversation.conversation_id)

    # -- asking --------------------------------------------------------------------------------

    def send(self) -> Job | None:
        question = self.input.toPlainText().strip()
        if not question or self._job is not None:
            return None
        if self.controller.workspace is None:
            self.status_message.emit(self.tr("The library is still opening; try again in a moment."))
            return None
        self.input.clear()
        self._drop_edited_turn()
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

    def retry(self, row: int) -> Job | None:
        """Ask the question of a failed answer again, in its place (a crashed engine starts afresh)."""
        if not 1 <= row < self.model.rowCount() or not self.model.message(row).error:
            return None
        return self.regenerate(row)

    def regenerate(self, row: int) -> Job | None:
        """Ask the question of the answer at ``row`` again; the new answer takes the old one's place."""
        if self._job is not None or not 1 <= row < self.model.rowCount():
            return None
        question = self.model.message(row - 1)
        if question.role != "user":
            return None
        self._editing_row = -1
        self.model.truncate(row - 1)
        self.input.setPlainText(question.text)
        return self.send()

    # -- answer actions (the conversation view's links) -----------------------------------------

    def _connect_answer_actions(self) -> None:
        self.view.copy_requested.connect(self.copy_answer)
        self.view.regenerate_requested.connect(self.regenerate)
        self.view.edit_requested.connect(self.edit_question)

    def copy_answer(self, row: int) -> None:
        """The answer as plain text, then a line per cited source ("[1] report.pdf, p. 4")."""
        if 0 <= row < self.model.rowCount() and self.model.message(row).role == "assistant":
            QGuiApplication.clipboard().setText(answer_as_text(self.model.message(row)))
            self.status_message.emit(self.tr("The answer and its sources were copied."))

    def edit_question(self, row: int) -> None:
        """Put the last question back in the box; sending it replaces that turn."""
        if self._job is not None or not 0 <= row < self.model.rowCount() or self.model.message(row).role != "user":
            return
        self._editing_row = row
        self.input.setPlainText(self.model.message(row).text)
        self.input.selectAll()
        self.input.setFocus()

    def _drop_edited_turn(self) -> None:
        row, self._editing_row = self._editing_row, -1
        if 0 <= row < self.model.rowCount() and self.model.message(row).role == "user":
            self.model.truncate(row)

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
        self._set_busy(False)  # the answer is done: the person may ask again at once
        self._save()
        self.answer_finished.emit(message)

    def _set_busy(self, busy: bool) -> None:
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.chats.set_busy(busy)

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
        if settings is not None and choice is not None:
            self.picker.show_choice(choice, self.conversation.model, settings)

    def choose_backend(self, backend: str) -> bool:
        """Switch this chat to another back end (with that back end's model from Settings)."""
        settings = self.controller.settings
        if settings is None or self._job is not None:
            self.status_message.emit(self.tr("Wait for the answer to finish (or stop it), then switch."))
            self._show_choice()
            return False
        choice = BackendChoice(backend, settings.model_for(backend))
        refusal = settings.cloud_refusal() if choice.is_cloud else ""
        if refusal:
            self.status_message.emit(refusal)
            self._show_choice()
            return False
        self.conversation.backend, self.conversation.model = choice.backend, choice.model
        self._show_choice()
        self._save()
        self.load_model()
        return True

    def _on_model_state(self, state: str, choice: BackendChoice | None) -> None:
        self.picker.show_model_state(state, choice, self.controller.settings)

    # -- sources -------------------------------------------------------------------------------

    def _on_source_link(self, row: int, number: int) -> None:
        if 0 <= row < self.model.rowCount():
            for source in self.model.message(row).sources:
                if source.number == number:
                    self.open_source.emit(source)
                    return
