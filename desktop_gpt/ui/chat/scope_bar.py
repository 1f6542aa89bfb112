"""Above the chat: what it answers from — the whole library, a collection, or chosen documents."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop_gpt.core.chat.conversations import SCOPE_COLLECTION, SCOPE_DOCUMENTS, ChatScope
from desktop_gpt.core.index.collections import Collection
from desktop_gpt.ui.i18n import number_text
from desktop_gpt.ui.widgets import name_widget

LIBRARY_ITEM = "library"
SELECTION_ITEM = "selection"
DOCUMENTS_ITEM = "documents"


class ScopeBar(QWidget):
    """A picker of the chat's scope. Choosing an entry asks for it (``scope_chosen``); the chat pane
    saves it and shows it back with :meth:`show_scope`."""

    scope_chosen = Signal(object)  # ChatScope, or SELECTION_ITEM: the documents selected in the library

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self.tr("Answers from:"))
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        name_widget(self.combo, "chatScopeCombo", self.tr("What this chat answers from"))
        self.label.setBuddy(self.combo)
        self.combo.activated.connect(self._on_activated)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self._collections: list[Collection] = []
        self._scope = ChatScope()
        self._names: dict[str, str] = {}

    def set_collections(self, collections: list[Collection]) -> None:
        self._collections = list(collections)
        self.show_scope(self._scope)

    def set_document_names(self, names: dict[str, str]) -> None:
        self._names = dict(names)
        self.show_scope(self._scope)

    def show_scope(self, scope: ChatScope) -> None:
        self._scope = scope
        combo = self.combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("The whole library"), LIBRARY_ITEM)
        for c in self._collections:
            combo.addItem(
                self.tr("Collection: {name} ({n} documents)").format(name=c.name, n=number_text(len(c.doc_ids))),
                f"collection:{c.collection_id}",
            )
        if scope.kind == SCOPE_DOCUMENTS:
            combo.addItem(self._documents_text(scope), DOCUMENTS_ITEM)
        combo.addItem(self.tr("The documents selected in the library"), SELECTION_ITEM)
        combo.setCurrentIndex(self._index_of(scope))
        combo.setToolTip(self._tooltip(scope))
        combo.blockSignals(False)

    def _documents_text(self, scope: ChatScope) -> str:
        names = [self._names.get(d, "") for d in scope.documents]
        known = [n for n in names if n]
        if len(scope.documents) == 1 and known:
            return self.tr("Document: {name}").format(name=known[0])
        return self.tr("{n} chosen documents").format(n=number_text(len(scope.documents)))

    def _tooltip(self, scope: ChatScope) -> str:
        if scope.kind != SCOPE_DOCUMENTS:
            return ""
        return "\n".join(self._names.get(d, self.tr("(no longer in the library)")) for d in scope.documents)

    def _index_of(self, scope: ChatScope) -> int:
        for i in range(self.combo.count()):
            data = self.combo.itemData(i)
            if scope.kind == SCOPE_COLLECTION and data == f"collection:{scope.collection}":
                return i
            if scope.kind == SCOPE_DOCUMENTS and data == DOCUMENTS_ITEM:
                return i
        if scope.kind == SCOPE_COLLECTION:  # a deleted collection: say so rather than pretend
            self.combo.addItem(self.tr("A deleted collection"), f"collection:{scope.collection}")
            return self.combo.count() - 1
        return 0

    def _on_activated(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data == LIBRARY_ITEM:
            self.scope_chosen.emit(ChatScope())
        elif data == SELECTION_ITEM:
            self.scope_chosen.emit(SELECTION_ITEM)
        elif isinstance(data, str) and data.startswith("collection:"):
            self.scope_chosen.emit(ChatScope(SCOPE_COLLECTION, collection=data.partition(":")[2]))
        else:
            self.scope_chosen.emit(self._scope)

    @property
    def scope(self) -> ChatScope:
        return self._scope
