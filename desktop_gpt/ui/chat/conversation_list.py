"""The list of saved chats with New, Rename and Delete. It shows; the chat pane decides."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_gpt.core.chat.conversations import Conversation
from desktop_gpt.core.chat.llm import BackendChoice
from desktop_gpt.ui.core_text import core_text
from desktop_gpt.ui.widgets import make_button, name_widget

ConversationIdRole = Qt.ItemDataRole.UserRole + 10


class ConversationList(QWidget):
    chosen = Signal(str)  # a conversation id, picked by the person
    new_requested = Signal()
    rename_requested = Signal()
    delete_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        name_widget(self.list, "conversationList", self.tr("Conversations"))
        self.list.currentItemChanged.connect(self._on_current)
        self.new_button = make_button(self.tr("&New"), "newChatButton", self.tr("New chat"), self.new_requested.emit)
        self.rename_button = make_button(
            self.tr("Rena&me"), "renameChatButton", self.tr("Rename chat"), self.rename_requested.emit
        )
        self.delete_button = make_button(
            self.tr("&Delete"), "deleteChatButton", self.tr("Delete chat"), self.delete_requested.emit
        )
        self.export_button = make_button(
            self.tr("E&xport…"), "exportChatButton", self.tr("Export the chat to Markdown"), self.export_requested.emit
        )
        buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.delete_button, self.export_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def show_conversations(self, conversations: list[Conversation], select_id: str | None) -> Conversation | None:
        """List ``conversations`` (☁ marks cloud chats) and select ``select_id`` or the first; returns it."""
        self.list.blockSignals(True)
        self.list.clear()
        for conversation in conversations:
            cloud = conversation.used_cloud or BackendChoice(conversation.backend, "").is_cloud
            item = QListWidgetItem(("☁ " if cloud else "") + core_text(conversation.title))
            item.setData(ConversationIdRole, conversation.conversation_id)
            if cloud:
                item.setToolTip(
                    self.tr("This chat uses a cloud back end: its questions and passages leave this computer.")
                )
            self.list.addItem(item)
        selected = next((c for c in conversations if c.conversation_id == select_id), None)
        selected = selected or (conversations[0] if conversations else None)
        if selected is not None:
            self.list.setCurrentRow(conversations.index(selected))
        self.list.blockSignals(False)
        return selected

    def set_busy(self, busy: bool) -> None:
        for widget in (self.new_button, self.rename_button, self.delete_button, self.list):
            widget.setEnabled(not busy)

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.chosen.emit(str(item.data(ConversationIdRole)))
