"""The table of the last answer's sources: document, page, scores and passage; opens a source."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

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
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(False)
        self.view.activated.connect(self._on_row)
        self.view.doubleClicked.connect(self._on_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("Sources of the last answer (retrieved passages and scores):"))
        caption.setWordWrap(True)
        layout.addWidget(caption)
        layout.addWidget(self.view)

    def _on_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.source_activated.emit(self.model.source(index.row()))
