"""The settings pane: every option of :class:`Settings`, validated, with a warning before a change
that requires re-indexing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_gpt.core.app.changes import Changes
from desktop_gpt.core.app.errors import SettingsError
from desktop_gpt.core.app.settings import LANGUAGES, RETRIEVAL_MODES, Settings
from desktop_gpt.core.models.model_manager import InstalledModel
from desktop_gpt.ui.backend_settings import BackendSettingsBox
from desktop_gpt.ui.controller import AppController
from desktop_gpt.ui.core_text import core_text
from desktop_gpt.ui.errors import plain_words
from desktop_gpt.ui.i18n import QT_TRANSLATE_NOOP, fill_language_choices, number_text
from desktop_gpt.ui.model_manager_dialog import ModelManagerDialog
from desktop_gpt.ui.tasks import Job
from desktop_gpt.ui.watched_folders import WatchedFoldersBox
from desktop_gpt.ui.widgets import make_button, name_widget

MODE_LABELS = {
    "vector": QT_TRANSLATE_NOOP("SettingsPane", "Vector (meaning)"),
    "fts": QT_TRANSLATE_NOOP("SettingsPane", "Keyword (exact words)"),
    "hybrid": QT_TRANSLATE_NOOP("SettingsPane", "Hybrid (both, fused)"),
}
#: The settings whose change means re-indexing (REINDEX_KEYS), as the question names them.
REINDEX_LABELS = {
    "embedding_model": QT_TRANSLATE_NOOP("SettingsPane", "embedding model"),
    "chunk_size": QT_TRANSLATE_NOOP("SettingsPane", "chunk size"),
    "chunk_overlap": QT_TRANSLATE_NOOP("SettingsPane", "chunk overlap"),
}
#: The OCR languages' choices (Settings.ocr_languages); another value set on the command line is shown as it is.
OCR_LABELS = {
    "kor+eng": QT_TRANSLATE_NOOP("SettingsPane", "Korean and English"),
    "eng": QT_TRANSLATE_NOOP("SettingsPane", "English"),
    "kor": QT_TRANSLATE_NOOP("SettingsPane", "Korean"),
}


class SettingsPane(QWidget):
    status_message = Signal(str)
    reindex_requested = Signal(list)  # ids of documents to re-index after an embedding or chunking change

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "settingsPane", self.tr("Settings"))
        self.controller = controller
        self.chat_model = QComboBox()
        name_widget(self.chat_model, "chatModelCombo", self.tr("Chat model"))
        self.embedding_model = QComboBox()
        name_widget(self.embedding_model, "embeddingModelCombo", self.tr("Embedding model"))
        self.cpu_threads = self._spin(1, 256, "cpuThreadsSpin", self.tr("CPU threads"))
        self.context_length = self._spin(
            512, 131072, "contextLengthSpin", self.tr("Context length in tokens"), step=512
        )
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        name_widget(self.temperature, "temperatureSpin", self.tr("Temperature"))
        self.max_answer_tokens = self._spin(16, 65536, "maxTokensSpin", self.tr("Maximum answer tokens"), step=64)
        self.top_k = self._spin(1, 50, "topKSpin", self.tr("Number of passages retrieved"))
        self.retrieval_mode = QComboBox()
        for mode in RETRIEVAL_MODES:
            self.retrieval_mode.addItem(self.tr(MODE_LABELS[mode]), mode)
        name_widget(self.retrieval_mode, "retrievalModeCombo", self.tr("Retrieval mode"))
        self.chunk_size = self._spin(32, 2048, "chunkSizeSpin", self.tr("Chunk size in tokens"), step=32)
        self.chunk_overlap = self._spin(0, 1023, "chunkOverlapSpin", self.tr("Chunk overlap in tokens"), step=8)
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setTabChangesFocus(True)
        self.system_prompt.setMaximumHeight(120)
        name_widget(self.system_prompt, "systemPromptEdit", self.tr("System prompt"))
        self.offline_mode = QCheckBox(self.tr("Offline mode: never open a network connection"))
        name_widget(self.offline_mode, "offlineModeCheck", self.tr("Offline mode"))
        self.download_mirror = QLineEdit()
        self.download_mirror.setPlaceholderText(self.tr("https://huggingface.co/ (default)"))
        name_widget(self.download_mirror, "downloadMirrorEdit", self.tr("Download mirror address"))
        self.language = QComboBox()
        fill_language_choices(self.language)
        name_widget(self.language, "languageCombo", self.tr("Language"))
        self.language.setToolTip(self.tr("The language of the window. It changes the next time Desktop GPT starts."))
        self.ocr_languages = QComboBox()
        for value, label in OCR_LABELS.items():
            self.ocr_languages.addItem(self.tr(label), value)
        name_widget(self.ocr_languages, "ocrLanguagesCombo", self.tr("Languages of scanned pages"))
        self.ocr_languages.setToolTip(
            self.tr("Languages of scanned pages (OCR). Applies to documents added or re-indexed from now on.")
        )
        self.manage_models = make_button(
            self.tr("&Manage models…"), "manageModelsButton", self.tr("Manage models"), self.open_model_manager
        )
        self.model_dialog: ModelManagerDialog | None = None
        self.data_folder = QLabel()
        self.data_folder.setObjectName("dataFolderLabel")
        self.data_folder.setWordWrap(True)
        self.move_folder = make_button(
            self.tr("Use another data folder…"),
            "chooseDataFolderButton",
            self.tr("Choose another data folder"),
            self.choose_data_folder,
        )
        open_folder = QPushButton(self.tr("Open data folder"))
        name_widget(open_folder, "openDataFolderButton", self.tr("Open the data folder"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.controller.paths.data_dir)))
        )
        self.apply_button = make_button(self.tr("&Apply"), "applySettingsButton", self.tr("Apply settings"), self.apply)
        self.revert_button = make_button(
            self.tr("Re&vert"), "revertSettingsButton", self.tr("Revert settings"), self.revert
        )
        self.backends = BackendSettingsBox(controller, self.edited)
        self.backends.status_message.connect(self.status_message)
        self.error_label = QLabel()
        self.error_label.setObjectName("settingsError")
        self.error_label.setStyleSheet("color: #b00")
        self.error_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Chat &model:"), self.chat_model)
        form.addRow(self.tr("&Embedding model:"), self.embedding_model)
        form.addRow("", self.manage_models)
        form.addRow(self.tr("CPU &threads:"), self.cpu_threads)
        form.addRow(self.tr("&Context length (tokens):"), self.context_length)
        form.addRow(self.tr("Tem&perature:"), self.temperature)
        form.addRow(self.tr("Max answer t&okens:"), self.max_answer_tokens)
        form.addRow(self.tr("Passages per answer (&top-k):"), self.top_k)
        form.addRow(self.tr("&Retrieval mode:"), self.retrieval_mode)
        form.addRow(self.tr("Chunk si&ze (tokens):"), self.chunk_size)
        form.addRow(self.tr("Chunk o&verlap (tokens):"), self.chunk_overlap)
        form.addRow(self.tr("&System prompt:"), self.system_prompt)
        form.addRow(self.tr("Network:"), self.offline_mode)
        form.addRow(self.tr("Download &mirror:"), self.download_mirror)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.tr("Sca&nned pages (OCR):"), self.ocr_languages)
        form.addRow(self.tr("Data folder:"), self.data_folder)
        folder_buttons = QHBoxLayout()
        folder_buttons.addWidget(open_folder)
        folder_buttons.addWidget(self.move_folder)
        folder_buttons.addStretch(1)
        form.addRow("", folder_buttons)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(form)
        inner_layout.addWidget(self.backends)
        self.watched = WatchedFoldersBox(controller)
        inner_layout.addWidget(self.watched)
        inner_layout.addWidget(self.error_label)
        inner_layout.addLayout(buttons)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._current: Settings | None = None
        controller.settings_changed.connect(self.show_settings)
        controller.changed.connect(self._on_changed)
        self.setEnabled(False)

    @staticmethod
    def _spin(low: int, high: int, name: str, accessible: str, step: int = 1) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(step)
        name_widget(spin, name, accessible)
        return spin

    def _fill_models(self, settings: Settings) -> None:
        """Show the active models at once; list the others after reading their headers off the GUI thread."""
        self._set_model_choices(settings, [])
        job = self.controller.list_models().owned_by(self)
        job.succeeded.connect(lambda models: self._set_model_choices(self._current or settings, models))

    def _set_model_choices(self, settings: Settings, models: list[InstalledModel]) -> None:
        models_dir = self.controller.paths.models_dir
        for combo, kind, current in (
            (self.chat_model, "chat", settings.chat_model),
            (self.embedding_model, "embedding", settings.embedding_model),
        ):
            names = [m.file for m in models if m.kind == kind]
            if current not in names:
                names = [current, *names]
            combo.clear()
            for name in names:
                installed = (models_dir / name).exists()
                combo.addItem(name if installed else self.tr("{name} (not installed)").format(name=name), name)
            combo.setCurrentIndex(names.index(current))

    def show_settings(self, settings: Settings) -> None:
        self._current = settings
        self._fill_models(settings)
        self.cpu_threads.setValue(settings.cpu_threads)
        self.context_length.setValue(settings.context_length)
        self.temperature.setValue(settings.temperature)
        self.max_answer_tokens.setValue(settings.max_answer_tokens)
        self.top_k.setValue(settings.top_k)
        self.retrieval_mode.setCurrentIndex(RETRIEVAL_MODES.index(settings.retrieval_mode))
        self.chunk_size.setValue(settings.chunk_size)
        self.chunk_overlap.setValue(settings.chunk_overlap)
        self.system_prompt.setPlainText(settings.system_prompt)
        self.offline_mode.setChecked(settings.offline_mode)
        self.download_mirror.setText(settings.download_mirror)
        self.data_folder.setText(str(self.controller.paths.data_dir))
        self.language.setCurrentIndex(LANGUAGES.index(settings.language))
        if self.ocr_languages.findData(settings.ocr_languages) < 0:  # e.g. "eng+kor", set on the command line
            self.ocr_languages.addItem(settings.ocr_languages, settings.ocr_languages)
        self.ocr_languages.setCurrentIndex(self.ocr_languages.findData(settings.ocr_languages))
        self.backends.show_settings(settings)
        self.error_label.clear()
        self.setEnabled(True)

    def edited(self) -> Settings:
        """The settings as edited; raises :class:`SettingsError` if they are invalid."""
        if self._current is None:
            raise SettingsError(self.tr("The settings are not loaded yet."))
        return self._current.with_changes(
            chat_model=self.chat_model.currentData(),
            embedding_model=self.embedding_model.currentData(),
            cpu_threads=self.cpu_threads.value(),
            context_length=self.context_length.value(),
            temperature=round(self.temperature.value(), 2),
            max_answer_tokens=self.max_answer_tokens.value(),
            top_k=self.top_k.value(),
            retrieval_mode=self.retrieval_mode.currentData(),
            chunk_size=self.chunk_size.value(),
            chunk_overlap=self.chunk_overlap.value(),
            system_prompt=self.system_prompt.toPlainText().strip() or self._current.system_prompt,
            offline_mode=self.offline_mode.isChecked(),
            download_mirror=self.download_mirror.text().strip(),
            language=self.language.currentData(),
            ocr_languages=self.ocr_languages.currentData(),
            **self.backends.changes(),
        )

    def choose_data_folder(self, folder: str | None = None) -> Job | None:
        """Keep the library in another folder from the next start; the installed models go with it
        (off the GUI thread: copying them can take a while on another disk)."""
        paths = self.controller.paths
        if folder is None and not paths.explicit:  # with --data-dir the core refuses, saying why
            folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the data folder"), str(paths.data_dir))
            if not folder:
                return None
        job = self.controller.choose_library(Path(folder) if folder else paths.data_dir)
        job.failed.connect(lambda exc: self.error_label.setText(plain_words(exc)))
        job.succeeded.connect(
            lambda moved: self.status_message.emit(
                self.tr(
                    "Desktop GPT will use {folder} from the next start, with the models installed here. "
                    "Documents already indexed stay in {old}."
                ).format(folder=moved.data_dir, old=paths.data_dir)
            )
        )
        return job

    def open_model_manager(self) -> ModelManagerDialog:
        if self.model_dialog is None:
            self.model_dialog = ModelManagerDialog(self.controller, self)
        self.model_dialog.show()
        self.model_dialog.raise_()
        self.model_dialog.refresh()
        return self.model_dialog

    def _on_changed(self, changes: Changes) -> None:
        if changes.models and self._current is not None:
            self._fill_models(self._current)

    def revert(self) -> None:
        if self._current is not None:
            self.show_settings(self._current)

    def apply(self, *, confirm: bool = True) -> bool:
        try:
            new = self.edited()
        except SettingsError as exc:
            self.error_label.setText(core_text(str(exc)))
            return False
        old = self._current
        assert old is not None
        self.backends.save_token()
        if new == old:
            self.error_label.clear()
            return True
        if self.controller.busy:
            self.error_label.setText(self.tr("Indexing or an answer is running: finish or cancel it, then apply."))
            return False
        changed = new.reindex_keys_changed(old)
        affected = [e.record for e in self.controller.library if e.record.status == "ready"] if changed else []
        if changed and affected and confirm:
            what = ", ".join(self.tr(REINDEX_LABELS.get(k, k)) for k in changed)
            answer = QMessageBox.question(
                self,
                self.tr("Re-index documents?"),
                self.tr(
                    "Changing the {what} means {documents} document(s) ({passages} passages) must be read and "
                    "embedded again. Until then they are not searched.\n\nApply and re-index now?"
                ).format(
                    what=what,
                    documents=number_text(len(affected)),
                    passages=number_text(sum(r.chunks for r in affected)),
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.error_label.clear()
        job = self.controller.apply_settings(new)
        if changed and affected:  # the core says which documents need it now
            job.succeeded.connect(
                lambda done: self.reindex_requested.emit([r.doc_id for r in done.documents_to_reindex])
            )
        if new.language != old.language:
            self.status_message.emit(
                self.tr("Settings saved. The new language applies the next time Desktop GPT starts.")
            )
        else:
            self.status_message.emit(self.tr("Settings saved."))
        return True
