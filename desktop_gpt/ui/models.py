"""Qt item models over the core's dataclasses: the document list, the conversation, the sources."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QPalette

from desktop_gpt.core.app.workspace import LibraryEntry
from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.chat.conversations import Conversation, Message
from desktop_gpt.core.index.ingest import IngestProgress
from desktop_gpt.ui.core_text import core_text, place_text
from desktop_gpt.ui.i18n import QT_TRANSLATE_NOOP, percent_text
from desktop_gpt.ui.library.collections_box import DOCUMENTS_MIME

Index = QModelIndex | QPersistentModelIndex
DocIdRole = Qt.ItemDataRole.UserRole + 1
PathRole = Qt.ItemDataRole.UserRole + 2
MessageRole = Qt.ItemDataRole.UserRole + 3
SourceRole = Qt.ItemDataRole.UserRole + 4


#: A document's status in the library, as said in the row.
STATUS_WORDS = {
    "queued": QT_TRANSLATE_NOOP("DocumentRow", "queued"),
    "reading": QT_TRANSLATE_NOOP("DocumentRow", "reading"),
    "embedding": QT_TRANSLATE_NOOP("DocumentRow", "embedding"),
    "ready": QT_TRANSLATE_NOOP("DocumentRow", "ready"),
    "failed": QT_TRANSLATE_NOOP("DocumentRow", "failed"),
    "needs re-index": QT_TRANSLATE_NOOP("DocumentRow", "needs re-index"),
    "unsupported": QT_TRANSLATE_NOOP("DocumentRow", "unsupported"),
    "cancelled": QT_TRANSLATE_NOOP("DocumentRow", "cancelled"),
}


#: Statuses of a file that is being indexed or never reached the store: kept across library refreshes.
IN_FLIGHT = ("queued", "reading", "recognising", "embedding", "unsupported", "failed")


@dataclass(frozen=True)
class DocumentRow:
    path: str
    name: str
    doc_id: str = ""
    pages: int = 0
    chunks: int = 0
    status: str = "queued"  # queued, reading, embedding, ready, failed, needs re-index, unsupported, cancelled
    detail: str = ""  # the failure reason or the progress text
    percent: int = 0
    encoding: str = ""  # a text file's, as detected (e.g. "cp949 (Korean)")
    ocr_pages: int = 0  # pages recognised by OCR
    unread_pages: str = ""  # pages without a text layer that could not be recognised ("3, 7")
    unread_reason: str = ""

    @property
    def tooltip(self) -> str:
        if not self.encoding:
            return self.path
        return (
            self.path
            + "\n"
            + QCoreApplication.translate("DocumentRow", "Text encoding: {encoding}").format(encoding=self.encoding)
        )

    @property
    def status_text(self) -> str:
        """The status in the interface language ("ready", "embedding 40%", "failed: password-protected")."""
        if self.status == "embedding":
            return QCoreApplication.translate("DocumentRow", "embedding {percent}").format(
                percent=percent_text(self.percent / 100)
            )
        if self.status == "reading":
            return (
                QCoreApplication.translate("DocumentRow", "reading {detail}").format(detail=self.detail)
                if self.detail
                else QCoreApplication.translate("DocumentRow", "reading")
            )
        if self.status == "recognising":
            return QCoreApplication.translate("DocumentRow", "recognising {detail}").format(detail=self.detail)
        if self.status == "ready" and self.unread_pages:
            return QCoreApplication.translate("DocumentRow", "ready; not read: page(s) {pages}").format(
                pages=self.unread_pages
            )
        if self.status == "ready" and self.ocr_pages:
            return QCoreApplication.translate("DocumentRow", "ready; {count} page(s) by OCR").format(
                count=self.ocr_pages
            )
        if self.status in ("failed", "unsupported") and self.detail:
            return QCoreApplication.translate("DocumentRow", "failed: {reason}").format(reason=core_text(self.detail))
        if self.status in STATUS_WORDS:
            return QCoreApplication.translate("DocumentRow", STATUS_WORDS[self.status])
        return core_text(self.status)

    @property
    def usable(self) -> bool:
        return self.status == "ready"


class ColumnTableModel(QAbstractTableModel):
    """A flat table with fixed, named columns over a Python list, ``self.items``."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.COLUMNS):  # each model's names are translated in its own context
                return QCoreApplication.translate(type(self).__name__, self.COLUMNS[section])
            return None
        return None

    def item_at(self, index: Index) -> Any | None:
        return self.items[index.row()] if index.isValid() and 0 <= index.row() < len(self.items) else None

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()


class DocumentListModel(ColumnTableModel):
    """Documents in the store plus files being indexed right now, one row per path."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("DocumentListModel", "Name"),
        QT_TRANSLATE_NOOP("DocumentListModel", "Pages"),
        QT_TRANSLATE_NOOP("DocumentListModel", "Chunks"),
        QT_TRANSLATE_NOOP("DocumentListModel", "Status"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)

    # -- reading -------------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.items[index.row()].doc_id:
            flags |= Qt.ItemFlag.ItemIsDragEnabled  # onto a collection
        return flags

    def mimeTypes(self) -> list[str]:
        return [DOCUMENTS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Documents dragged onto a collection: their ids."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        doc_ids = [self.items[r].doc_id for r in rows if self.items[r].doc_id]
        mime = QMimeData()
        mime.setData(DOCUMENTS_MIME, QByteArray("\n".join(doc_ids).encode()))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        row = self.items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (row.name, str(row.pages or ""), str(row.chunks or ""), row.status_text)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return row.tooltip
            return core_text(row.unread_reason) if row.unread_reason and row.status == "ready" else row.detail or None
        if role == DocIdRole:
            return row.doc_id
        if role == PathRole:
            return row.path
        return None

    # -- queries used by the panes -------------------------------------------------------------

    def row(self, i: int) -> DocumentRow:
        return self.items[i]

    def rows(self) -> list[DocumentRow]:
        return list(self.items)

    # -- updates -------------------------------------------------------------------------------

    def set_library(self, entries: list[LibraryEntry]) -> None:
        """Replace store rows; keep rows of files still in flight or that never reached the store."""
        stored = {
            e.record.path: DocumentRow(
                path=e.record.path, name=e.record.name, doc_id=e.record.doc_id, pages=e.record.pages,
                chunks=e.record.chunks, status=e.status, detail=e.record.error, encoding=e.record.encoding,
                ocr_pages=e.record.ocr_pages, unread_pages=e.record.unread_pages,
                unread_reason=e.record.unread_reason,
            )
            for e in entries
        }  # fmt: skip
        transient = [
            r for r in self.items
            if r.path not in stored and r.status in IN_FLIGHT
            and not r.doc_id
        ]  # fmt: skip
        self.beginResetModel()
        self.items = sorted([*stored.values(), *transient], key=lambda r: (r.name.lower(), r.path))
        self.endResetModel()

    def _upsert(self, new: DocumentRow) -> None:
        for i, row in enumerate(self.items):
            if row.path == new.path:
                self.items[i] = new
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
                return
        position = len(self.items)
        self.beginInsertRows(QModelIndex(), position, position)
        self.items.append(new)
        self.endInsertRows()

    def _find(self, path: str) -> DocumentRow | None:
        return next((r for r in self.items if r.path == path), None)

    def mark_queued(self, paths: list[Path]) -> None:
        for path in paths:
            existing = self._find(str(path))
            base = existing or DocumentRow(path=str(path), name=path.name)
            self._upsert(replace(base, status="queued", detail="", percent=0))

    def apply_progress(self, progress: IngestProgress) -> None:
        path = str(progress.path)
        row = self._find(path) or DocumentRow(path=path, name=progress.path.name)
        stage = progress.stage
        if stage == "reading":
            page = QCoreApplication.translate("DocumentRow", "page {done}/{total}").format(
                done=progress.done, total=progress.total
            )
            row = replace(row, status="reading", detail=page, pages=progress.total)
        elif stage == "recognising":
            page = QCoreApplication.translate("DocumentRow", "page {done}/{total}").format(
                done=progress.done, total=progress.total
            )
            row = replace(row, status="recognising", detail=page)
        elif stage == "embedding":
            percent = int(100 * progress.done / max(1, progress.total))
            row = replace(row, status="embedding", percent=percent, chunks=progress.total)
        elif stage == "hashing":
            row = replace(row, status="reading", detail="")
        else:
            return  # outcomes arrive with the job's report
        self._upsert(row)

    def apply_result(self, path: Path, outcome: str, reason: str, detail: str) -> None:
        row = self._find(str(path)) or DocumentRow(path=str(path), name=path.name)
        if outcome in ("failed", "unsupported"):
            self._upsert(replace(row, status="failed", detail=reason or detail))
        elif outcome == "cancelled":
            if row.doc_id:
                return
            self._upsert(replace(row, status="cancelled", detail=""))

    def clear_transient(self) -> None:
        self.set_library([])  # rebuilt by the next library refresh


class DocumentFilter(QSortFilterProxyModel):
    """The library's table as shown: rows whose name holds the filter text, within a collection."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._doc_ids: frozenset[str] | None = None  # None: every document

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange()

    def set_documents(self, doc_ids: Sequence[str] | None) -> None:
        self.beginFilterChange()
        self._doc_ids = None if doc_ids is None else frozenset(doc_ids)
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, DocumentListModel) or source_row >= model.rowCount():
            return True
        row = model.row(source_row)
        if self._doc_ids is not None and row.doc_id not in self._doc_ids:
            return False
        return not self._text or self._text in row.name.casefold()


class ConversationModel(QAbstractListModel):
    """The messages of one conversation. The streaming answer is the last row, marked pending."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.conversation = Conversation()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.conversation.messages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.conversation.messages):
            return None
        message = self.conversation.messages[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return message.text
        if role == MessageRole:
            return message
        return None

    def set_conversation(self, conversation: Conversation) -> None:
        self.beginResetModel()
        self.conversation = conversation
        self.endResetModel()

    def message(self, row: int) -> Message:
        return self.conversation.messages[row]

    def append(self, message: Message) -> int:
        row = len(self.conversation.messages)
        self.beginInsertRows(QModelIndex(), row, row)
        self.conversation.messages.append(message)
        self.endInsertRows()
        return row

    def update(self, row: int, message: Message) -> None:
        self.conversation.messages[row] = message
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def truncate(self, row: int) -> None:
        """Drop the messages from ``row`` on (a failed answer and its question, before a retry)."""
        end = len(self.conversation.messages) - 1
        if 0 <= row <= end:
            self.beginRemoveRows(QModelIndex(), row, end)
            del self.conversation.messages[row:]
            self.endRemoveRows()

    def append_text(self, row: int, text: str) -> None:
        message = self.conversation.messages[row]
        message.text += text
        index = self.index(row, 0)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])


class SourcesModel(ColumnTableModel):
    """The passages retrieved for an answer: those the model got (cited ones marked), then those
    left out and why, each with its vector similarity, keyword (BM25) score and fused rank."""

    COLUMNS = (
        "#",
        QT_TRANSLATE_NOOP("SourcesModel", "Document"),
        QT_TRANSLATE_NOOP("SourcesModel", "Page"),
        QT_TRANSLATE_NOOP("SourcesModel", "Used"),
        QT_TRANSLATE_NOOP("SourcesModel", "Rank"),
        QT_TRANSLATE_NOOP("SourcesModel", "Similarity"),
        QT_TRANSLATE_NOOP("SourcesModel", "Keyword (BM25)"),
        QT_TRANSLATE_NOOP("SourcesModel", "Passage"),
    )
    PASSAGE_COLUMN = 7

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        s = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            similarity = "" if s.similarity is None else f"{s.similarity:.3f}"
            keyword = "" if s.keyword_score is None else f"{s.keyword_score:.2f}"
            number = str(s.number) if s.number else "–"
            rank = str(s.rank) if s.rank else ""
            values = (number, s.document, place_text(s), self._used(s), rank, similarity, keyword, s.snippet)
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.PASSAGE_COLUMN:
            return s.text
        if role == Qt.ItemDataRole.ForegroundRole and s.left_out:
            return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == SourceRole:
            return s
        return None

    @staticmethod
    def _used(s: Source) -> str:
        if s.left_out:
            return core_text(s.left_out)
        if s.cited:
            return QCoreApplication.translate("SourcesModel", "cited")
        return QCoreApplication.translate("SourcesModel", "given to the model")

    def set_sources(self, sources: list[Source]) -> None:
        self.set_items(sources)

    def source(self, row: int) -> Source:
        return self.items[row]
