"""The library pane: documents, drag and drop, indexing progress, remove / re-index / show in folder."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_gpt.core.app.changes import Changes
from desktop_gpt.core.chat.conversations import SCOPE_COLLECTION, SCOPE_DOCUMENTS, ChatScope
from desktop_gpt.core.documents.formats import DOCUMENT_SUFFIXES
from desktop_gpt.core.index.collections import Collection
from desktop_gpt.core.index.ingest import IngestProgress, IngestReport
from desktop_gpt.core.index.sync import SyncReport
from desktop_gpt.ui.controller import AppController, QueuedFiles
from desktop_gpt.ui.errors import plain_words
from desktop_gpt.ui.i18n import duration_text, number_text, percent_text
from desktop_gpt.ui.library.collections_box import CollectionsBox
from desktop_gpt.ui.models import DocumentFilter, DocumentListModel
from desktop_gpt.ui.tasks import Job
from desktop_gpt.ui.widgets import make_button, name_widget


class LibraryView(QTableView):
    """A table that accepts files and folders dropped from the system file manager. With no rows to
    show it is a drop zone that says what to do (``placeholder`` gives the words)."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.placeholder: Callable[[], str] = lambda: ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        text = self.placeholder() if model is not None and model.rowCount() == 0 else ""
        if not text:
            return
        painter = QPainter(self.viewport())
        colour = self.palette().color(QPalette.ColorRole.PlaceholderText)
        frame = self.viewport().rect().adjusted(10, 10, -10, -10)
        painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(frame, 8, 8)
        painter.setPen(colour)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(frame.adjusted(16, 16, -16, -16), int(flags), text)
        painter.end()

    @staticmethod
    def _local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._local_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)


class LibraryPane(QWidget):
    status_message = Signal(str)
    summarize_requested = Signal(str, str)  # doc id, name
    chat_requested = Signal(object)  # a ChatScope: a new chat that answers from it

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = DocumentListModel(self)
        self._job: Job | None = None
        self._job_started = 0.0
        self._waiting: list[str] = []  # dropped while the library was opening: added once it is open

        self.proxy = DocumentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = LibraryView()
        self.view.setModel(self.proxy)
        self.view.setDragEnabled(True)  # onto a collection
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.view.files_dropped.connect(self.add_paths)
        self.view.doubleClicked.connect(self._open_document)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        name_widget(self.view, "libraryView", self.tr("Document library. Drop files or folders here."))

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter documents by name…"))
        self.filter_edit.setClearButtonEnabled(True)
        name_widget(self.filter_edit, "libraryFilter", self.tr("Filter documents by name"))
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.select_all_button = make_button(
            self.tr("Select &all"), "selectAllButton", self.tr("Select all documents shown"), self.view.selectAll
        )
        self.select_none_button = make_button(
            self.tr("Select n&one"), "selectNoneButton", self.tr("Select no document"), self.view.clearSelection
        )
        self.collections = CollectionsBox()
        self.collections.chosen.connect(self._show_collection)
        self.collections.create_requested.connect(self.new_collection)
        self.collections.rename_requested.connect(self.rename_collection)
        self.collections.delete_requested.connect(self.delete_collection)
        self.collections.documents_dropped.connect(self.add_to_collection)
        self.collections.chat_requested.connect(
            lambda cid: self.chat_requested.emit(ChatScope(SCOPE_COLLECTION, collection=cid))
        )

        self.view.placeholder = self.empty_text

        self.add_button = make_button(self.tr("&Add files…"), "addFilesButton", self.tr("Add files"), self.choose_files)
        self.folder_button = make_button(
            self.tr("Add &folder…"), "addFolderButton", self.tr("Add a folder"), self.choose_folder
        )
        self.remove_button = make_button(
            self.tr("&Remove"), "removeButton", self.tr("Remove the selected documents"), self.remove_selected
        )
        self.reindex_button = make_button(
            self.tr("Re-&index"), "reindexButton", self.tr("Re-index the selected documents"), self.reindex_selected
        )
        self.reveal_button = QPushButton(self.tr("&Show"))
        name_widget(self.reveal_button, "showInFolderButton", self.tr("Show the selected document in its folder"))
        self.reveal_button.setToolTip(self.tr("Show in folder"))
        self.reveal_button.clicked.connect(self.show_in_folder)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        name_widget(self.progress, "indexProgress", self.tr("Indexing progress"))
        self.cancel_button = make_button(
            self.tr("Cancel"), "cancelIndexButton", self.tr("Cancel indexing"), self.cancel
        )
        self.progress_label = QLabel()
        self.progress_label.setObjectName("indexProgressLabel")
        self.progress_label.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        actions = QHBoxLayout()
        for button in (self.remove_button, self.reindex_button, self.reveal_button):
            actions.addWidget(button)
        actions.addStretch(1)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.select_all_button)
        filter_row.addWidget(self.select_none_button)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.collections)
        layout.addLayout(filter_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addLayout(progress_row)
        layout.addWidget(self.progress_label)
        self._set_indexing(False)
        self._update_buttons()

        controller.library_changed.connect(self.model.set_library)
        controller.workspace_ready.connect(self.refresh_collections)
        controller.workspace_ready.connect(self.view.viewport().update)  # the drop zone's words change
        controller.changed.connect(self._on_changed)

    def empty_text(self) -> str:
        """What the library says when it shows no document: what to do, or why nothing is shown."""
        if self.controller.workspace is None:
            return self.tr("Opening your library…\n\nFiles dropped here now are added as soon as it is open.")
        if self.model.rowCount() == 0:
            return self.tr(
                "Your library is empty.\n\nDrop files or folders here to add them: PDF, Word, OpenDocument, RTF, "
                "HTML, EPUB, PowerPoint, Excel, CSV, HWPX, text and Markdown. Scanned pages are read too.\n\n"
                "Or use Add files… and Add folder… above. Nothing leaves this computer."
            )
        if self.filter_edit.text().strip():
            return self.tr("No document here matches “{text}”.").format(text=self.filter_edit.text().strip())
        return self.tr("This collection is empty. Drag documents from the library onto its name to add them.")

    # -- adding --------------------------------------------------------------------------------

    def choose_files(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(DOCUMENT_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add documents"),
            "",
            self.tr("Documents ({patterns});;All files (*)").format(patterns=patterns),
        )
        if files:
            self.add_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of documents"))
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str]) -> Job | None:
        """Index these files and folders. While the library is still opening they are listed as
        queued and indexed once it is open: a file dropped in the first seconds is never lost."""
        if self.controller.workspace is None:
            if not self._waiting:
                self.controller.workspace_ready.connect(self._add_waiting)
            self._waiting.extend(paths)
            self.model.mark_queued([Path(p) for p in paths if Path(p).is_file()])
            self.status_message.emit(self.tr("The library is still opening; these files are added once it is open."))
            return None
        return self._track(self.controller.ingest(paths))

    def _add_waiting(self) -> None:
        self.controller.workspace_ready.disconnect(self._add_waiting)
        paths, self._waiting = self._waiting, []
        if paths:
            self.add_paths(paths)

    def _track(self, job: Job, *, quiet: bool = False) -> Job:
        """Show an indexing job's progress, ETA and outcome in this pane. ``quiet``: only once it
        has a file to read (a pass over watched folders that finds nothing new shows nothing)."""
        job.progress.connect(self._on_progress)
        job.succeeded.connect(self._on_report)
        job.finished.connect(lambda: self._set_indexing(False) if self._job is job else None)
        self._job, self._job_started = job, time.monotonic()
        if not quiet:
            self._set_indexing(True)
        return job

    def track_sync(self, job: Job) -> None:
        """A pass over the watched folders (started by the window's folder watch)."""
        if self._job is None:
            self._track(job, quiet=True)

    def _on_progress(self, value: object) -> None:
        if isinstance(value, QueuedFiles):
            self.model.mark_queued(value.paths)
        elif isinstance(value, IngestProgress):
            if not self.progress.isVisible() and value.stage != "hashing":
                self._set_indexing(True)  # a quiet job (a folder pass) found something to do
            self.model.apply_progress(value)
            overall = value.overall
            self.progress.setValue(int(overall * 1000))
            elapsed = time.monotonic() - self._job_started
            eta = ""
            if overall > 0.02:
                remaining = elapsed / overall - elapsed
                eta = self.tr(" — about {duration} left").format(duration=duration_text(remaining))
            self.progress.setFormat(percent_text(overall))
            self.progress_label.setText(
                self.tr("Indexing {n} of {count}: {name}").format(
                    n=number_text(value.file_index + 1), count=number_text(value.file_count), name=value.path.name
                )
                + eta
            )

    def _on_report(self, done: IngestReport | SyncReport) -> None:
        moved = removed = 0
        if isinstance(done, SyncReport):
            if not done.changes:
                return  # a folder pass that found nothing to do says nothing
            moved, removed = len(done.moved), len(done.removed)
            report = done.ingest
        else:
            report = done
        for result in report.results:
            self.model.apply_result(result.path, result.outcome, result.reason, result.detail)
        failed = report.count("failed") + report.count("unsupported")
        added = report.count("added") + report.count("replaced")
        parts = [
            self.tr("Added {n}").format(n=number_text(added)),
            self.tr("unchanged {n}").format(n=number_text(report.count("unchanged"))),
        ]
        if failed:
            parts.append(self.tr("failed {n}").format(n=number_text(failed)))
        if moved:
            parts.append(self.tr("moved {n}").format(n=number_text(moved)))
        if removed:
            parts.append(self.tr("removed {n} (deleted from a watched folder)").format(n=number_text(removed)))
        if report.cancelled:
            parts.append(self.tr("cancelled — documents already indexed were kept"))
        self.status_message.emit(
            self.tr("{parts} ({seconds} s).").format(parts=", ".join(parts), seconds=number_text(report.seconds, 1))
        )

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.progress_label.setText(self.tr("Cancelling… documents already indexed are kept."))

    def _set_indexing(self, active: bool) -> None:
        self.progress.setVisible(active)
        self.cancel_button.setVisible(active)
        self.progress_label.setVisible(active)
        if active:
            self.progress.setValue(0)
            self.progress_label.setText(self.tr("Preparing…"))
        else:
            self._job = None

    # -- actions on the selection --------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        """The selected rows of the document model (the table may show a filtered part of it)."""
        rows = self.view.selectionModel().selectedRows()
        return sorted({self.proxy.mapToSource(index).row() for index in rows})

    def selected_doc_ids(self) -> list[str]:
        return [r.doc_id for r in (self.model.row(i) for i in self.selected_rows()) if r.usable]

    def _update_buttons(self) -> None:
        rows = [self.model.row(i) for i in self.selected_rows()]
        stored = [r for r in rows if r.doc_id]
        self.remove_button.setEnabled(bool(stored))
        self.reindex_button.setEnabled(bool(stored))
        self.reveal_button.setEnabled(len(rows) == 1)

    def remove_selected(self, *, confirm: bool = True) -> Job | None:
        rows = [self.model.row(i) for i in self.selected_rows() if self.model.row(i).doc_id]
        if not rows:
            return None
        names = "\n".join(r.name for r in rows[:10]) + ("\n…" if len(rows) > 10 else "")
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Remove documents"),
                self.tr(
                    "Remove {n} document(s) and all their passages from the library?\n\n{names}\n\n"
                    "The files themselves are not touched."
                ).format(n=number_text(len(rows)), names=names),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        return self.controller.remove([r.doc_id for r in rows])

    def reindex_selected(self) -> Job | None:
        rows = [self.model.row(i) for i in self.selected_rows() if self.model.row(i).doc_id]
        if not rows:
            return None
        return self.reindex_documents([r.doc_id for r in rows])

    def reindex_documents(self, doc_ids: list[str]) -> Job | None:
        """Re-index these documents; each stays searchable as it was until its new passages are in."""
        if not doc_ids:
            return None
        return self._track(self.controller.reindex(doc_ids))

    def show_in_folder(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            folder = Path(self.model.row(rows[0]).path).parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _open_document(self, index: QModelIndex) -> None:
        row = self.model.row(self.proxy.mapToSource(index).row())
        if row.usable:
            QDesktopServices.openUrl(QUrl.fromLocalFile(row.path))

    @property
    def indexing(self) -> bool:
        return self._job is not None

    # -- collections ---------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if changes.collections or changes.documents:
            self.refresh_collections()

    def refresh_collections(self) -> Job | None:
        if self.controller.workspace is None:
            return None
        job = self.controller.list_collections().owned_by(self)
        job.succeeded.connect(self._collections_listed)
        return job

    def _collections_listed(self, collections: list[Collection]) -> None:
        self.collections.show_collections(collections)
        self._show_collection(self.collections.current_id())

    def _show_collection(self, collection_id: str) -> None:
        current = self.collections.current() if collection_id else None
        self.proxy.set_documents(None if current is None else current.doc_ids)

    def _said(self, job: Job) -> Job:
        job.failed.connect(lambda exc: self.status_message.emit(plain_words(exc)))
        return job

    def new_collection(self, *, name: str | None = None) -> Job | None:
        """A new collection holding the selected documents (none selected: an empty one)."""
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("New collection"), self.tr("Name (a matter, a project…):"))
            if not ok:
                return None
        doc_ids = self.selected_doc_ids()
        return self._said(self.controller.create_collection(name, doc_ids))

    def add_to_collection(self, collection_id: str, doc_ids: list[str]) -> Job | None:
        if not doc_ids:
            return None
        return self._said(self.controller.add_to_collection(collection_id, doc_ids))

    def remove_from_collection(self) -> Job | None:
        current, doc_ids = self.collections.current(), self.selected_doc_ids()
        if current is None or not doc_ids:
            return None
        return self._said(self.controller.remove_from_collection(current.collection_id, doc_ids))

    def rename_collection(self, collection_id: str, *, name: str | None = None) -> Job | None:
        if name is None:
            old = next((c.name for c in self.collections.collections if c.collection_id == collection_id), "")
            name, ok = QInputDialog.getText(self, self.tr("Rename collection"), self.tr("Name:"), text=old)
            if not ok:
                return None
        return self._said(self.controller.rename_collection(collection_id, name))

    def delete_collection(self, collection_id: str, *, confirm: bool = True) -> Job | None:
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete collection"),
                self.tr("Delete this collection? Its documents stay in the library."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        return self._said(self.controller.delete_collection(collection_id))

    def _menu(self, at: QPoint) -> None:
        doc_ids = self.selected_doc_ids()
        menu = QMenu(self)
        if doc_ids:
            rows = [self.model.row(i) for i in self.selected_rows() if self.model.row(i).usable]
            menu.addAction(
                self.tr("New chat answering from these documents"),
                lambda: self.chat_requested.emit(ChatScope(SCOPE_DOCUMENTS, documents=tuple(doc_ids))),
            )
            if len(rows) == 1:
                menu.addAction(
                    self.tr("Summarize"), lambda: self.summarize_requested.emit(rows[0].doc_id, rows[0].name)
                )
            add = menu.addMenu(self.tr("Add to collection"))
            for c in self.collections.collections:
                add.addAction(c.name, partial(self.add_to_collection, c.collection_id, doc_ids))
            add.addAction(self.tr("New collection…"), self.new_collection)
            if self.collections.current() is not None:
                menu.addAction(self.tr("Take out of this collection"), self.remove_from_collection)
            menu.addSeparator()
            menu.addAction(self.tr("Re-index"), self.reindex_selected)
            menu.addAction(self.tr("Remove from the library…"), self.remove_selected)
        menu.addAction(self.tr("Select all"), self.view.selectAll)
        menu.popup(self.view.viewport().mapToGlobal(at))
