"""The table of the last answer's sources: document, page, scores and passage; opens a source."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop_gpt.core.chat.conversations import Message
from desktop_gpt.ui.models import SourcesModel
from desktop_gpt.ui.widgets import name_widget


class SourcesTable(QWidget):
    source_activated = Signal(object)  # the Source to open in the viewer

    def __init__(self, model: SourcesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = QTableView()
        name_widget(self.view, "sourcesView", self.tr("Sources of the last answer"))
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column in range(model.PASSAGE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(model.PASSAGE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(False)
        self.view.activated.connect(self._on_row)
        self.view.doubleClicked.connect(self._on_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("Sources of the last answer (retrieved passages and scores):"))
        caption.setWordWrap(True)
        self.query_label = QLabel()
        self.query_label.setObjectName("searchedForLabel")
        self.query_label.setWordWrap(True)
        self.query_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(caption)
        layout.addWidget(self.query_label)
        layout.addWidget(self.view)
        self.query_label.hide()

    def show_answer(self, message: Message | None) -> None:
        """The passages of ``message`` (an answer): given to the model, then left out and why; and
        the question as it was searched for, when a follow-up was made standalone."""
        if message is None:
            self.model.set_sources([])
            self.query_label.hide()
            return
        self.model.set_sources([*message.sources, *message.left_out])
        self.query_label.setVisible(bool(message.query))
        if message.query:
            self.query_label.setText(self.tr("Searched for: {query}").format(query=message.query))

    def _on_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.source_activated.emit(self.model.source(index.row()))
