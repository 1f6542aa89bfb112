"""The chat pane: the chat session (the streamed conversation, the question, asking and stopping),
composed with the conversation list, the back-end picker and the sources table (``ui/chat/``)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_gpt.core.app.changes import Changes, Done
from desktop_gpt.core.app.errors import StoreError
from desktop_gpt.core.app.files import atomic_write_text
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.app.workspace import LibraryEntry
from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.chat.conversations import (
    SCOPE_DOCUMENTS,
    ChatScope,
    Conversation,
    ConversationStore,
    Message,
    chat_title,
)
from desktop_gpt.core.chat.export import answer_as_text, chat_markdown
from desktop_gpt.core.chat.llm import BackendChoice
from desktop_gpt.core.chat.turns import ChatReply
from desktop_gpt.ui.chat.backend_picker import BackendPicker
from desktop_gpt.ui.chat.conversation_list import ConversationList
from desktop_gpt.ui.chat.scope_bar import SELECTION_ITEM, ScopeBar
from desktop_gpt.ui.chat.sources_table import SourcesTable
from desktop_gpt.ui.chat.summary_progress import SummaryProgressRow
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
        selected_doc_ids: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        """``selected_doc_ids``: the documents selected in the library now (for "answer from these")."""
        super().__init__(parent)
        self.controller = controller
        self.store = store
        self.selected_doc_ids = selected_doc_ids
        self.model = ConversationModel(self)
        self.sources_model = SourcesModel(self)
        self._job: Job | None = None
        self._listed: list[Conversation] = []  # the chats as last read from disk
        self._pending_row = -1
        self._replace_from: int | None = None  # the question being edited: sent again in its place
        self._unsaved: set[str] = set()  # chats made here whose file no listing has shown yet

        self.chats = ConversationList()
        self.chats.chosen.connect(self._on_conversation_chosen)
        self.chats.new_requested.connect(self.new_conversation)
        self.chats.rename_requested.connect(self.rename_conversation)
        self.chats.delete_requested.connect(self.delete_conversation)
        self.chats.export_requested.connect(self.export_conversation)
        self.scope_bar = ScopeBar()
        self.scope_bar.scope_chosen.connect(self.choose_scope)
        self.summary_progress = SummaryProgressRow(self.stop)
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
        self.view.copy_requested.connect(self.copy_answer)
        self.view.regenerate_requested.connect(self.regenerate)
        self.view.edit_requested.connect(self.edit_question)
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
        chat_layout.addWidget(self.scope_bar)
        chat_layout.addWidget(self.view, 1)
        chat_layout.addWidget(self.summary_progress)
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
        controller.workspace_ready.connect(self.refresh_scopes)
        controller.library_changed.connect(self.show_library)
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
        """Show the listing. Without ``select_id`` the chat on screen stays (it is decided when the
        listing arrives, not when it was asked for: a new chat made meanwhile is not replaced)."""
        self._listed = conversations
        current = self.conversation.conversation_id
        listed = {c.conversation_id for c in conversations}
        self._unsaved -= listed
        wanted = select_id or current
        if self._job is not None:  # an answer is streaming into the chat on screen: keep it
            self.chats.show_conversations(conversations, current)
            return
        selected = self.chats.show_conversations(conversations, wanted)
        if wanted == current and (current in listed or current in self._unsaved):
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
        self.model.set_conversation(conversation)
        answers = [m for m in conversation.messages if m.role == "assistant"]
        self.sources.show_answer(answers[-1] if answers else None)
        self.scope_bar.show_scope(conversation.scope)
        self._show_choice()

    def new_conversation(self, scope: ChatScope | None = None) -> None:
        """A new chat, answering from ``scope`` (default: the whole library)."""
        if self._job is not None:
            self.status_message.emit(self.tr("Wait for the answer to finish (or stop it), then start a new chat."))
            return
        conversation = Conversation()
        if isinstance(scope, ChatScope):
            conversation.scope = scope
        self._set_conversation(conversation)  # on screen at once; its file follows
        self._unsaved.add(conversation.conversation_id)
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
            snapshot = copy.deepcopy(self.conversation)
            self.controller.chat_action(lambda: self.store.rename(snapshot, title), self.tr("Renaming the chat"))

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
        self._unsaved.discard(gone)  # the next listing shows another chat in its place
        self.controller.chat_action(lambda: self.store.remove(gone), self.tr("Deleting the chat"))

    def _save(self, what: str = "") -> Job:
        snapshot = copy.deepcopy(self.conversation)  # the chat on screen keeps changing while it is written
        return self.controller.chat_action(lambda: self.store.save(snapshot), what or self.tr("Saving the chat"))

    def _on_changed(self, changes: Changes) -> None:
        if changes.chats:
            self.load_conversations()
        if changes.collections or changes.documents:
            self.refresh_scopes()

    # -- scope ---------------------------------------------------------------------------------

    def refresh_scopes(self) -> Job | None:
        """Read the collections (and the library's names) for the scope picker."""
        if self.controller.workspace is None:
            return None
        job = self.controller.list_collections().owned_by(self)
        job.succeeded.connect(self.scope_bar.set_collections)
        return job

    def show_library(self, entries: list[LibraryEntry]) -> None:
        self.scope_bar.set_document_names({e.record.doc_id: e.record.name for e in entries})

    def choose_scope(self, chosen: object) -> Job | None:
        """Answer from the library, a collection, or (``SELECTION_ITEM``) the documents selected in the library."""
        if self._job is not None:
            self.status_message.emit(self.tr("Wait for the answer to finish (or stop it), then choose."))
            self.scope_bar.show_scope(self.conversation.scope)
            return None
        if chosen == SELECTION_ITEM:
            doc_ids = self.selected_doc_ids()
            if not doc_ids:
                self.status_message.emit(self.tr("Select documents in the library first, then choose this again."))
                self.scope_bar.show_scope(self.conversation.scope)
                return None
            scope = ChatScope(SCOPE_DOCUMENTS, documents=tuple(doc_ids))
        elif isinstance(chosen, ChatScope):
            scope = chosen
        else:
            return None
        job = self.controller.set_chat_scope(self.conversation, scope)
        job.succeeded.connect(lambda done: self._scope_saved(done.result))
        job.failed.connect(lambda _exc: self.scope_bar.show_scope(self.conversation.scope))
        return job

    def _scope_saved(self, saved: Conversation) -> None:
        if saved.conversation_id == self.conversation.conversation_id:
            self.conversation.scope = saved.scope
            self.scope_bar.show_scope(saved.scope)

    def open_chat(self, conversation: Conversation) -> None:
        """Show this chat (a new summary's) and select it in the list."""
        self._set_conversation(conversation)
        self.load_conversations(conversation.conversation_id)

    def export_conversation(self, *, path: str | None = None) -> Job | None:
        """Save the chat on screen as Markdown, with its questions, answers and citations."""
        if not self.conversation.messages:
            self.status_message.emit(self.tr("This chat has no questions yet: there is nothing to export."))
            return None
        if path is None:
            suggested = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in self.conversation.title).strip()
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export chat"), f"{suggested or 'chat'}.md", self.tr("Markdown (*.md)")
            )
            if not path:
                return None
        scope = self.scope_bar.combo.currentText()
        snapshot = copy.deepcopy(self.conversation)
        target = Path(path)

        def write() -> object:
            atomic_write_text(
                target, chat_markdown(snapshot, scope), lambda why: StoreError(f"{target} could not be written: {why}.")
            )
            return target

        job = self.controller.chat_action(write, self.tr("Exporting the chat"))
        job.succeeded.connect(
            lambda out: self.status_message.emit(self.tr("Exported the chat to {path}.").format(path=str(out)))
        )
        return job

    # -- asking --------------------------------------------------------------------------------

    def send(self) -> Job | None:
        question = self.input.toPlainText().strip()
        if not question or self._job is not None:
            return None
        if self.controller.workspace is None:
            self.status_message.emit(self.tr("The library is still opening; try again in a moment."))
            return None
        self.input.clear()
        replace_from, self._replace_from = self._replace_from, None
        conversation = copy.deepcopy(self.conversation)  # as saved: the core adds the turn to its file
        if replace_from is not None:
            self.model.truncate(replace_from)
        self.model.append(Message(role="user", text=question))
        self._pending_row = self.model.append(Message(role="assistant", text="", pending=True))
        self.sources.show_answer(None)
        job = self.controller.ask(conversation, question, self.current_choice(), replace_from=replace_from)
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
        if self._job is not None or not 1 <= row < self.model.rowCount():
            return None
        if self.model.message(row - 1).role != "user" or not self.model.message(row).error:
            return None
        return self.regenerate(row)

    def regenerate(self, row: int) -> Job | None:
        """Answer the question before ``row`` again, in place of that answer and what followed it."""
        if self._job is not None or not 1 <= row < self.model.rowCount():
            return None
        question = self.model.message(row - 1)
        if question.role != "user":
            return None
        self._replace_from = row - 1
        self.input.setPlainText(question.text)
        return self.send()

    def edit_question(self, row: int) -> None:
        """Put the question at ``row`` in the input; sending it replaces it and what followed it."""
        if self._job is not None or not 0 <= row < self.model.rowCount() or self.model.message(row).role != "user":
            return
        self._replace_from = row
        self.input.setPlainText(self.model.message(row).text)
        self.input.setFocus()
        self.status_message.emit(self.tr("Edit the question and send it: it replaces the question and its answer."))

    def copy_answer(self, row: int) -> None:
        """The answer as plain text, then a line per cited source ("[1] report.pdf, p. 4")."""
        if 0 <= row < self.model.rowCount() and self.model.message(row).role == "assistant":
            QGuiApplication.clipboard().setText(answer_as_text(self.model.message(row)))
            self.status_message.emit(self.tr("The answer and its sources were copied."))

    def stop(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _on_sources(self, sources: object) -> None:
        if isinstance(sources, list) and self._pending_row >= 0:
            message = self.model.message(self._pending_row)
            message.sources = list(sources)
            self.model.update(self._pending_row, message)
            self.sources.show_answer(message)

    def _on_partial(self, text: str) -> None:
        if self._pending_row >= 0:
            self.model.append_text(self._pending_row, text)

    def _on_answer(self, done: Done[ChatReply]) -> None:
        reply = done.result
        self._pending_row = -1
        self._job = None
        self._set_busy(False)  # the answer is done: the person may ask again at once
        self._set_conversation(reply.conversation)  # the chat as saved, with the checked answer
        self.answer_finished.emit(reply.conversation.messages[-1])

    def _on_failed(self, exc: BaseException) -> None:
        partial = self.model.message(self._pending_row) if self._pending_row >= 0 else None
        message = Message(role="assistant", text=partial.text if partial else "", error=plain_words(exc))
        if partial is not None:
            message.sources = partial.sources
            self.model.update(self._pending_row, message)
            self.sources.show_answer(message)
        self._pending_row = -1
        self._job = None
        self._set_busy(False)
        self.answer_finished.emit(message)

    # -- summaries -----------------------------------------------------------------------------

    def summarize(self, doc_id: str, name: str) -> Job | None:
        """Summarise a document into a new chat that answers from it, with progress, time left and cancel."""
        if self._job is not None:
            self.status_message.emit(self.tr("Wait for the answer to finish (or stop it), then summarise."))
            return None
        job = self.controller.summarize(doc_id)
        self._job = job
        self._set_busy(True)
        self.summary_progress.start(name)
        job.progress.connect(self.summary_progress.show_progress)
        job.succeeded.connect(lambda done: self.open_chat(done.result[1]))
        job.finished.connect(self._summary_finished)
        return job

    def _summary_finished(self) -> None:
        self.summary_progress.hide()
        self._job = None
        self._set_busy(False)

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

    def question_for(self, source: Source) -> str:
        """The question (as searched for) whose answer retrieved ``source``: the viewer marks the
        passage's sentence that answers it."""
        messages = self.conversation.messages
        for i in range(len(messages) - 1, 0, -1):
            m = messages[i]
            if m.role == "assistant" and any(s.chunk_id == source.chunk_id for s in [*m.sources, *m.left_out]):
                return m.query or messages[i - 1].text
        return ""

    def _on_source_link(self, row: int, number: int) -> None:
        if 0 <= row < self.model.rowCount():
            for source in self.model.message(row).sources:
                if source.number == number:
                    self.open_source.emit(source)
                    return
