"""Collections in the library pane: named groups of documents (a matter, a project, a course).
Documents dragged from the table onto a collection join it. It shows; the library pane decides."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QMenu, QVBoxLayout, QWidget

from desktop_gpt.core.index.collections import Collection
from desktop_gpt.ui.i18n import number_text
from desktop_gpt.ui.widgets import make_button, name_widget

#: The MIME type of documents dragged inside the app: their ids, one a line.
DOCUMENTS_MIME = "application/x-desktop-gpt-documents"
CollectionIdRole = Qt.ItemDataRole.UserRole + 20
ALL_DOCUMENTS = ""


class CollectionList(QListWidget):
    """The list itself: accepts documents dropped on a collection."""

    documents_dropped = Signal(str, list)  # collection id, doc ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def _target(self, event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> str | None:
        if not event.mimeData().hasFormat(DOCUMENTS_MIME):
            return None
        item = self.itemAt(event.position().toPoint())
        cid = item.data(CollectionIdRole) if item is not None else None
        return cid or None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(DOCUMENTS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._target(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        target = self._target(event)
        if not target:
            event.ignore()
            return
        doc_ids = bytes(event.mimeData().data(DOCUMENTS_MIME).data()).decode().split()
        event.acceptProposedAction()
        self.documents_dropped.emit(target, doc_ids)


class CollectionsBox(QWidget):
    chosen = Signal(str)  # a collection id, or ALL_DOCUMENTS
    create_requested = Signal()
    rename_requested = Signal(str)
    delete_requested = Signal(str)
    chat_requested = Signal(str)  # a new chat that answers from this collection
    documents_dropped = Signal(str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = CollectionList()
        name_widget(self.list, "collectionList", self.tr("Collections. Drop documents on one to add them."))
        self.list.setMaximumHeight(140)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.documents_dropped.connect(self.documents_dropped)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.new_button = make_button(
            self.tr("New &collection…"), "newCollectionButton", self.tr("New collection"), self.create_requested.emit
        )
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.collections: list[Collection] = []
        self.show_collections([])

    def show_collections(self, collections: list[Collection]) -> None:
        current = self.current_id()
        self.collections = list(collections)
        self.list.blockSignals(True)
        self.list.clear()
        everything = QListWidgetItem(self.tr("All documents"))
        everything.setData(CollectionIdRole, ALL_DOCUMENTS)
        self.list.addItem(everything)
        selected = 0
        for i, c in enumerate(collections, 1):
            item = QListWidgetItem(self.tr("{name} ({n})").format(name=c.name, n=number_text(len(c.doc_ids))))
            item.setData(CollectionIdRole, c.collection_id)
            item.setToolTip(self.tr("Drop documents here to add them to {name}.").format(name=c.name))
            self.list.addItem(item)
            if c.collection_id == current:
                selected = i
        self.list.setCurrentRow(selected)
        self.list.blockSignals(False)
        if selected == 0 and current:
            self.chosen.emit(ALL_DOCUMENTS)  # the collection shown was deleted

    def current_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(CollectionIdRole)) if item is not None else ALL_DOCUMENTS

    def current(self) -> Collection | None:
        cid = self.current_id()
        return next((c for c in self.collections if c.collection_id == cid), None)

    def choose(self, collection_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(CollectionIdRole) == collection_id:
                self.list.setCurrentRow(i)
                return

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        self.chosen.emit(str(item.data(CollectionIdRole)) if item is not None else ALL_DOCUMENTS)

    def _menu(self, at: QPoint) -> None:
        item = self.list.itemAt(at)
        cid = str(item.data(CollectionIdRole)) if item is not None else ""
        menu = QMenu(self)
        menu.addAction(self.tr("New collection…"), self.create_requested.emit)
        if cid:
            menu.addAction(self.tr("New chat answering from this collection"), lambda: self.chat_requested.emit(cid))
            menu.addAction(self.tr("Rename…"), lambda: self.rename_requested.emit(cid))
            menu.addAction(self.tr("Delete (documents stay in the library)"), lambda: self.delete_requested.emit(cid))
        menu.popup(self.list.viewport().mapToGlobal(at))
