"""The model manager: installed models, adding a local .gguf, the catalog with verified downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_gpt.core.app.changes import Changes, Done
from desktop_gpt.core.app.errors import CancelledError
from desktop_gpt.core.models.downloads import DownloadPaused, DownloadProgress
from desktop_gpt.core.models.model_manager import CatalogEntry, InstalledModel
from desktop_gpt.ui.controller import AppController
from desktop_gpt.ui.core_text import core_text
from desktop_gpt.ui.errors import plain_words
from desktop_gpt.ui.i18n import QT_TRANSLATE_NOOP, duration_text, number_text, percent_text, size_text
from desktop_gpt.ui.models import ColumnTableModel
from desktop_gpt.ui.tasks import Job
from desktop_gpt.ui.widgets import make_button, name_widget

Index = QModelIndex | QPersistentModelIndex


#: What the model manager says of a model's kind (the core's "chat" and "embedding").
KINDS = {
    "chat": QT_TRANSLATE_NOOP("ModelManagerDialog", "chat"),
    "embedding": QT_TRANSLATE_NOOP("ModelManagerDialog", "embedding"),
}


def kind_text(kind: str) -> str:
    return QCoreApplication.translate("ModelManagerDialog", KINDS[kind]) if kind in KINDS else kind


class InstalledModelsModel(ColumnTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("InstalledModelsModel", "Model"),
        QT_TRANSLATE_NOOP("InstalledModelsModel", "Kind"),
        QT_TRANSLATE_NOOP("InstalledModelsModel", "Architecture"),
        QT_TRANSLATE_NOOP("InstalledModelsModel", "Quantization"),
        QT_TRANSLATE_NOOP("InstalledModelsModel", "Context"),
        QT_TRANSLATE_NOOP("InstalledModelsModel", "Size"),
        QT_TRANSLATE_NOOP("InstalledModelsModel", "RAM needed"),
        QT_TRANSLATE_NOOP("InstalledModelsModel", "Status"),
    )

    @property
    def models(self) -> list[InstalledModel]:
        return self.items

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.models):
            return None
        m = self.models[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            status = self.tr("unusable") if m.problem else (self.tr("active") if m.active else "")
            return (
                m.file, kind_text(m.kind), m.architecture, m.quantization,
                number_text(m.context_length) if m.context_length else "", size_text(m.size),
                size_text(m.ram_estimate) if m.ram_estimate else "", status,
            )[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole:
            return core_text(m.problem) if m.problem else str(m.path)
        return None

    def set_models(self, models: list[InstalledModel]) -> None:
        self.set_items(models)


class CatalogModel(ColumnTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("CatalogModel", "Model"),
        QT_TRANSLATE_NOOP("CatalogModel", "Kind"),
        QT_TRANSLATE_NOOP("CatalogModel", "Languages"),
        QT_TRANSLATE_NOOP("CatalogModel", "Download"),
        QT_TRANSLATE_NOOP("CatalogModel", "RAM"),
        QT_TRANSLATE_NOOP("CatalogModel", "License"),
        QT_TRANSLATE_NOOP("CatalogModel", "Status"),
    )

    def __init__(self, entries: list[CatalogEntry], parent: Any = None) -> None:
        super().__init__(parent)
        self.items = list(entries)
        self.status: dict[str, str] = {}

    @property
    def entries(self) -> list[CatalogEntry]:
        return self.items

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        e = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            ram = self.tr("{n} GB").format(n=number_text(e.ram_gb, 1))
            return (
                e.name, kind_text(e.kind), self.languages_text(e), size_text(e.size), ram, e.license,
                self.status.get(e.file, ""),
            )[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.description_in(QLocale().name().split("_")[0])
        return None

    def languages_text(self, entry: CatalogEntry) -> str:
        if not entry.multilingual:
            return self.tr("English only")
        return self.tr("multilingual, writes Korean") if "ko" in entry.languages else self.tr("multilingual")

    def set_status(self, file: str, text: str) -> None:
        self.status[file] = text
        for row, entry in enumerate(self.entries):
            if entry.file == file:
                self.dataChanged.emit(self.index(row, 5), self.index(row, 5))


class ModelManagerDialog(QDialog):
    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelManager")
        self.setAccessibleName(self.tr("Model manager"))
        self.setWindowTitle(self.tr("Models"))
        self.resize(900, 620)
        self.controller = controller
        self.manager = controller.model_manager()
        self.installed_model = InstalledModelsModel(self)
        self.catalog_model = CatalogModel(self.manager.catalog, self)
        self._download: Job | None = None
        self._downloading: CatalogEntry | None = None
        controller.changed.connect(self._on_changed)

        self.offline_banner = QLabel()
        self.offline_banner.setObjectName("offlineBanner")
        self.offline_banner.setWordWrap(True)
        self.installed_view = self._table(self.installed_model, "installedModelsView", self.tr("Installed models"))
        self.catalog_view = self._table(self.catalog_model, "catalogView", self.tr("Models available to download"))
        self.add_button = make_button(
            self.tr("&Add a .gguf file…"), "addModelButton", self.tr("Add a local model file"), self.choose_file
        )
        self.use_button = make_button(
            self.tr("&Use"), "useModelButton", self.tr("Use the selected model"), self.use_selected
        )
        self.remove_button = make_button(
            self.tr("&Remove"), "removeModelButton", self.tr("Remove the selected model"), self.remove_selected
        )
        self.verify_button = make_button(
            self.tr("&Verify checksums"), "verifyModelsButton", self.tr("Verify checksums"), self.verify_all
        )
        self.download_button = make_button(
            self.tr("&Download"), "downloadModelButton", self.tr("Download the selected model"), self.download_selected
        )
        self.pause_button = make_button(
            self.tr("&Pause"), "pauseDownloadButton", self.tr("Pause the download"), self.pause
        )
        self.cancel_button = make_button(
            self.tr("&Cancel download"), "cancelDownloadButton", self.tr("Cancel the download"), self.cancel
        )
        self.progress = QProgressBar()
        name_widget(self.progress, "downloadProgress", self.tr("Download progress"))
        self.progress.setRange(0, 1000)
        self.message = QLabel()
        self.message.setObjectName("modelManagerMessage")
        self.message.setWordWrap(True)

        installed_buttons = QHBoxLayout()
        for button in (self.add_button, self.use_button, self.remove_button, self.verify_button):
            installed_buttons.addWidget(button)
        installed_buttons.addStretch(1)
        download_row = QHBoxLayout()
        download_row.addWidget(self.download_button)
        download_row.addWidget(self.progress, 1)
        download_row.addWidget(self.pause_button)
        download_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Installed</b> — the active chat and embedding models are marked.")))
        layout.addWidget(self.installed_view, 1)
        layout.addLayout(installed_buttons)
        layout.addWidget(
            QLabel(self.tr("<b>Catalog</b> — verified downloads (SHA-256) of small models that run well here."))
        )
        layout.addWidget(self.offline_banner)
        layout.addWidget(self.catalog_view, 1)
        layout.addLayout(download_row)
        layout.addWidget(self.message)
        controller.settings_changed.connect(lambda _s: self.refresh())
        self._set_downloading(False)
        self.refresh()

    @staticmethod
    def _table(model: QAbstractTableModel, name: str, accessible: str) -> QTableView:
        view = QTableView()
        view.setModel(model)
        name_widget(view, name, accessible)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return view

    # -- state ---------------------------------------------------------------------------------

    def refresh(self) -> Job:
        settings = self.controller.settings
        offline = settings.offline_mode if settings else True
        self.offline_banner.setText(
            self.tr(
                "Offline mode is on: Desktop GPT opens no network connection, so downloads are disabled. "
                "Turn offline mode off in Settings to download."
            )
            if offline
            else self.tr(
                "Downloads come from {source} and are checked against their published SHA-256 before use."
            ).format(source=settings.download_mirror or "huggingface.co")
            if settings
            else ""
        )
        self.download_button.setEnabled(not offline and self._download is None)
        job = self.controller.list_models().owned_by(self)  # dropped if the dialog is gone by then
        job.succeeded.connect(self._show_installed)
        return job

    def _on_changed(self, changes: Changes) -> None:
        if changes.models or changes.settings:
            self.refresh()

    def _show_installed(self, models: list[InstalledModel]) -> None:
        self.installed_model.set_models(models)
        installed = {m.file for m in models}
        for entry in self.manager.catalog:
            if entry.file in installed:
                self.catalog_model.set_status(entry.file, self.tr("installed"))
            elif (part := self.manager.partial_download(entry)) and entry is not self._downloading:
                self.catalog_model.set_status(
                    entry.file, self.tr("paused at {percent}").format(percent=percent_text(part / entry.size))
                )
            elif entry is not self._downloading:
                self.catalog_model.set_status(entry.file, "")

    def _selected_installed(self) -> InstalledModel | None:
        rows = self.installed_view.selectionModel().selectedRows()
        return self.installed_model.models[rows[0].row()] if rows else None

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._say(plain_words(exc))

    # -- installed -----------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add a model"), "", self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.add_file(Path(path))

    def add_file(self, path: Path) -> Job:
        self._say(self.tr("Checking {name}…").format(name=path.name))
        job = self.controller.add_model(path)

        def added(done: Done[InstalledModel]) -> None:
            m = done.result
            self._say(
                self.tr("Added {file}: {kind} model, {architecture} {quantization}.").format(
                    file=m.file, kind=kind_text(m.kind), architecture=m.architecture, quantization=m.quantization
                )
            )

        job.succeeded.connect(added)
        job.failed.connect(
            lambda exc: self._say(self.tr("{name} was not added: {why}").format(name=path.name, why=plain_words(exc)))
        )
        return job

    def use_selected(self) -> Job | None:
        model = self._selected_installed()
        settings = self.controller.settings
        if model is None or settings is None:
            return None
        if model.problem:
            self._say(core_text(model.problem))
            return None
        if self.controller.busy:
            self._say(self.tr("Indexing or an answer is running: finish or cancel it first."))
            return None
        if model.kind == "embedding" and model.file != settings.embedding_model:
            answer = QMessageBox.question(
                self,
                self.tr("Change the embedding model?"),
                self.tr(
                    "Documents indexed with the current embedding model are not searched until they are re-indexed "
                    "with the new one. Re-index them from the library afterwards.\n\nChange the embedding model?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        job = self.controller.use_model(model.file)
        job.succeeded.connect(
            lambda _s: self._say(
                self.tr("{file} is now the {kind} model.").format(file=model.file, kind=kind_text(model.kind))
            )
        )
        job.failed.connect(self._failed)
        return job

    def remove_selected(self, *, confirm: bool = True) -> Job | None:
        model = self._selected_installed()
        if model is None:
            return None
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Remove model"),
                self.tr("Delete {file} ({size})?").format(file=model.file, size=size_text(model.size)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        job = self.controller.remove_model(model.file)
        job.succeeded.connect(lambda _r: self._say(self.tr("Removed {file}.").format(file=model.file)))
        job.failed.connect(self._failed)
        return job

    def verify_all(self) -> Job:
        files = [m.file for m in self.installed_model.models]
        self._say(self.tr("Verifying checksums…"))
        job = self.controller.verify_models(files)
        job.succeeded.connect(lambda results: self._say("\n".join(core_text(message) for _ok, message in results)))
        job.failed.connect(self._failed)
        return job

    # -- downloads -----------------------------------------------------------------------------

    def download_selected(self) -> Job | None:
        rows = self.catalog_view.selectionModel().selectedRows()
        if not rows:
            self._say(self.tr("Choose a model in the catalog first."))
            return None
        return self.download(self.catalog_model.entries[rows[0].row()])

    def download(self, entry: CatalogEntry, *, once: bool = False, use: bool = False) -> Job | None:
        """Download ``entry``; ``once`` when the person agreed to this one connection in the welcome
        (offline mode stays on); ``use``: answer with it once it is verified."""
        settings = self.controller.settings
        if settings is None or (settings.offline_mode and not once):
            self._say(self.tr("Offline mode is on. Turn it off in Settings to download."))
            return None
        if self._download is not None:
            return None
        job = self.controller.download_model(entry, once=once)
        self._download, self._downloading = job, entry
        self._set_downloading(True)
        self.catalog_model.set_status(entry.file, self.tr("starting…"))
        job.progress.connect(lambda p: self._on_progress(entry, p))
        if use:
            job.succeeded.connect(lambda done: self._use_downloaded(done.result.file))
        else:
            job.succeeded.connect(
                lambda done: self._say(
                    self.tr("Downloaded and verified {file}. Choose it and press Use.").format(file=done.result.file)
                )
            )
        job.failed.connect(lambda exc: self._download_failed(entry, exc))
        job.finished.connect(self._download_finished)
        return job

    def _use_downloaded(self, file: str) -> None:
        self._say(self.tr("Downloaded and verified {file}; answers now come from it.").format(file=file))
        self.controller.use_model(file)

    def _on_progress(self, entry: CatalogEntry, progress: object) -> None:
        if not isinstance(progress, DownloadProgress):
            return
        fraction = progress.done / max(1, progress.total)
        self.progress.setValue(int(fraction * 1000))
        eta = progress.eta_seconds
        eta_text = self.tr(", {duration} left").format(duration=duration_text(eta)) if eta is not None else ""
        speed = progress.bytes_per_second / 2**20
        self.progress.setFormat(percent_text(fraction))
        text = self.tr("{done} of {total} at {speed} MB/s").format(
            done=size_text(progress.done), total=size_text(progress.total), speed=number_text(speed, 1)
        )
        self.catalog_model.set_status(entry.file, percent_text(fraction))
        self._say(self.tr("Downloading {name}: {progress}").format(name=entry.name, progress=text + eta_text))

    def _download_failed(self, entry: CatalogEntry, exc: BaseException) -> None:
        if isinstance(exc, DownloadPaused):
            self._say(
                self.tr("{name} paused. Press Download again to resume where it stopped.").format(name=entry.name)
            )
        elif isinstance(exc, CancelledError):
            self._say(self.tr("{name}: download cancelled; nothing was kept.").format(name=entry.name))
        else:
            self._say(f"{entry.name}: {plain_words(exc)}")

    def _download_finished(self) -> None:
        self._download, self._downloading = None, None
        self._set_downloading(False)
        self.refresh()

    def _set_downloading(self, active: bool) -> None:
        self.progress.setVisible(active)
        self.pause_button.setVisible(active)
        self.cancel_button.setVisible(active)
        if active:
            self.progress.setValue(0)
        self.download_button.setEnabled(not active)

    def pause(self) -> None:
        if self._download is not None:
            self._download.pause()

    def cancel(self) -> None:
        if self._download is not None:
            self._download.cancel()

    def closeEvent(self, event: Any) -> None:
        """Closing the dialog pauses a running download; it resumes next time."""
        self.pause()
        super().closeEvent(event)
