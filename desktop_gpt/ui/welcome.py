"""The welcome shown on first launch, before the library opens.

One screen: what the app does and that nothing leaves the computer; the interface language (it
applies at once); where the library lives (changeable); what the built-in model can and cannot do;
and one explicit download of a recommended multilingual chat model, with its size, the memory it
needs and what this computer has free. The dialog only collects :class:`WelcomeChoices`; the core
applies them (core/app/first_launch.py), and the window starts the download once the library is open.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.first_launch import WelcomeChoices, complete_welcome, needs_welcome
from desktop_gpt.core.app.lock import WINDOW, DataFolderLock
from desktop_gpt.core.app.paths import AppPaths, check_writable
from desktop_gpt.core.app.settings import Settings, load_settings
from desktop_gpt.core.models.model_manager import CatalogEntry, load_catalog
from desktop_gpt.core.models.recommend import Machine, ModelFit, free_disk, measure_machine, recommended_chat_model
from desktop_gpt.diagnostics.coldstart import PROBE_ENV
from desktop_gpt.ui.core_text import core_text
from desktop_gpt.ui.i18n import fill_language_choices, install_translators, size_text
from desktop_gpt.ui.single_instance import InstanceServer
from desktop_gpt.ui.widgets import name_widget


def _label(name: str, *, rich: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    if rich:
        label.setTextFormat(Qt.TextFormat.RichText)
    return label


class WelcomeDialog(QDialog):
    """``choices()`` after it closes: Start gives what the person chose, Skip keeps everything as it was."""

    @classmethod
    def for_paths(cls, paths: AppPaths, settings: Settings) -> WelcomeDialog:
        """The welcome for the library at ``paths``, with this computer measured now and the catalog."""
        return cls(paths, settings, measure_machine(paths.data_dir), load_catalog())

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        machine: Machine,
        catalog: list[CatalogEntry],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.paths = paths
        self.settings = settings
        self.machine = machine
        self.catalog = catalog
        self.library: Path = paths.data_dir
        self._library_changed = False
        self._download = ""  # the catalog model the person agreed to download
        self._refused = False  # the last press of Download did nothing: the person had not agreed to connect
        self.fit: ModelFit | None = recommended_chat_model(catalog, machine)

        self.title = _label("welcomeTitle", rich=True)
        self.intro = _label("welcomeIntro")
        self.privacy = _label("welcomePrivacy")
        self.language = QComboBox()
        fill_language_choices(self.language)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.language_label = QLabel()
        self.library_path = _label("welcomeLibraryPath")
        self.library_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.library_button = QPushButton()
        self.library_button.clicked.connect(lambda _checked=False: self.choose_library())
        self.library_button.setEnabled(not paths.explicit)
        self.library_label = QLabel()
        self.library_error = _label("welcomeLibraryError")
        self.starter = _label("welcomeStarter")
        self.model_title = _label("welcomeModelTitle", rich=True)
        self.model_facts = _label("welcomeModelFacts")
        self.consent = QCheckBox()
        self.consent.setObjectName("welcomeConsent")
        self.consent.toggled.connect(lambda _on: self._clear_refusal())
        self.download_button = QPushButton()
        self.download_button.setObjectName("welcomeDownloadButton")
        self.download_button.clicked.connect(lambda _checked=False: self.request_download())
        self.download_state = _label("welcomeDownloadState")
        # Room for its longest message from the start: a wrapped label that gains lines later is clipped.
        self.download_state.setMinimumHeight(self.download_state.fontMetrics().lineSpacing() * 3 + 4)
        self.skip_button = QPushButton()
        self.skip_button.setObjectName("welcomeSkipButton")
        self.skip_button.clicked.connect(lambda _checked=False: self.skip())
        self.start_button = QPushButton()
        self.start_button.setObjectName("welcomeStartButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(lambda _checked=False: self.accept())

        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        library_row = QHBoxLayout()
        library_row.addWidget(self.library_path, 1)
        library_row.addWidget(self.library_button)
        form.addRow(self.library_label, library_row)
        model_box = QFrame()
        model_box.setObjectName("welcomeModelBox")
        model_box.setFrameShape(QFrame.Shape.StyledPanel)
        model_layout = QVBoxLayout(model_box)
        for widget in (self.starter, self.model_title, self.model_facts, self.consent):
            model_layout.addWidget(widget)
        download_row = QHBoxLayout()
        download_row.addWidget(self.download_button)
        download_row.addStretch(1)
        model_layout.addLayout(download_row)
        model_layout.addWidget(self.download_state)
        model_layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.intro, self.privacy):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.library_error)
        layout.addWidget(model_box, 1)
        layout.addLayout(buttons)
        self.setMinimumWidth(600)
        self.resize(680, 540)
        self.retranslate()

    # -- text: written once here, again whenever the language changes -------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Welcome to Desktop GPT"))
        self.title.setText("<h2>" + self.tr("Welcome to Desktop GPT") + "</h2>")
        self.intro.setText(
            self.tr(
                "Ask questions about your own documents (PDFs, Word and other office files, scans, notes) and "
                "get answers that cite the page they come from. Drop files or folders into the library to start."
            )
        )
        self.privacy.setText(
            self.tr(
                "Everything stays on this computer. Your documents, questions and answers are never sent "
                "anywhere, and Desktop GPT opens no network connection unless you ask for a download."
            )
        )
        self.language_label.setText(self.tr("&Language:"))
        self.language_label.setBuddy(self.language)
        name_widget(self.language, "welcomeLanguage", self.tr("Language"))
        fill_language_choices(self.language)
        self.library_label.setText(self.tr("Library folder:"))
        self.library_button.setText(self.tr("&Change…"))
        name_widget(self.library_button, "welcomeLibraryButton", self.tr("Choose the library folder"))
        if self.paths.explicit:
            self.library_button.setToolTip(self.tr("Given by --data-dir or DESKTOP_GPT_DATA_DIR for this session."))
        self.library_path.setText(
            self.tr("{folder} ({free} free)").format(folder=self.library, free=size_text(self.machine.free_disk))
        )
        self.starter.setText(
            self.tr(
                "Answers come from a small built-in model (SmolLM2, 135 million weights, English). It finds the "
                "right pages and quotes them, but its own sentences are often wrong, and it cannot write Korean. "
                "For real answers, download a larger model:"
            )
        )
        self.skip_button.setText(self.tr("S&kip"))
        name_widget(self.skip_button, "welcomeSkipButton", self.tr("Skip the welcome and keep the defaults"))
        self.start_button.setText(self.tr("&Start"))
        name_widget(self.start_button, "welcomeStartButton", self.tr("Start with these choices"))
        self._show_model()

    def _show_model(self) -> None:
        fit = self.fit
        if fit is None:  # a catalog without a recommendation: nothing to offer
            for widget in (self.model_title, self.model_facts, self.consent, self.download_button):
                widget.hide()
            return
        entry, language = fit.entry, QLocale().name().split("_")[0]  # the interface's, "system" resolved
        self.model_title.setText(
            self.tr("<b>Recommended: {name}</b> — {description}").format(
                name=entry.name, description=entry.description_in(language)
            )
        )
        needs = self.tr("A {size} download; it needs about {ram} of memory while it answers.").format(
            size=size_text(fit.disk_needed), ram=size_text(fit.ram_needed)
        )
        if self.machine.free_ram:
            has = self.tr("This computer has {ram} of memory free and {disk} free on the library's disk.").format(
                ram=size_text(self.machine.free_ram), disk=size_text(self.machine.free_disk)
            )
        else:
            has = self.tr("This computer has {disk} free on the library's disk.").format(
                disk=size_text(self.machine.free_disk)
            )
        if not fit.fits_disk:
            verdict = self.tr("There is not enough free disk space for it.")
        elif not fit.fits_ram:
            verdict = self.tr("It may be slow here: less memory is free than it needs.")
        else:
            verdict = self.tr("It fits.")
        self.model_facts.setText(" ".join((needs, has, verdict)))
        host = urlparse(entry.url(self.settings.download_mirror)).hostname or ""
        self.consent.setText(
            self.tr("Connect to the internet for this one download ({host}); offline mode stays on.").format(host=host)
        )
        self.consent.setAccessibleName(self.tr("Allow this one download"))
        self.download_button.setText(self.tr("&Download and use it"))
        self.download_button.setAccessibleName(self.tr("Download the recommended model"))
        self.download_button.setEnabled(fit.fits_disk and not self._download)
        if self._download:
            self.download_state.setText(
                self.tr("It will download once the window opens; Settings → Models shows its progress.")
            )
        elif self._refused:
            self.download_state.setText(
                self.tr(
                    "Nothing was downloaded: offline mode is on, so Desktop GPT connects to nothing. Tick the "
                    "box above to allow this one download, or download later from Settings → Models."
                )
            )
        else:
            self.download_state.setText("")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- actions ---------------------------------------------------------------------------------

    def _language_chosen(self) -> None:
        """The whole app speaks the chosen language from now on: this screen at once (Qt sends it a
        LanguageChange), the window when it is built."""
        install_translators(self.language.currentData())

    def choose_library(self, folder: str | None = None) -> bool:
        if self.paths.explicit:
            return False
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the library folder"), str(self.library))
            if not folder:
                return False
        try:
            check_writable(Path(folder))
        except OSError as exc:
            self.library_error.setText(
                self.tr("Cannot keep the library in {folder}: {why}").format(folder=folder, why=exc.strerror or exc)
            )
            return False
        self.library_error.setText("")
        self.library, self._library_changed = Path(folder).resolve(), True
        # The new folder's disk decides whether the download fits.
        self.machine = replace(self.machine, free_disk=free_disk(self.library))
        self.fit = recommended_chat_model(self.catalog, self.machine)
        self.retranslate()
        return True

    def _clear_refusal(self) -> None:
        self._refused = False
        self._show_model()

    def request_download(self) -> bool:
        """The one download the welcome offers: only with the person's explicit agreement to connect."""
        if self.fit is None or not self.fit.fits_disk:
            return False
        if self.settings.offline_mode and not self.consent.isChecked():
            self._refused = True
            self._show_model()
            return False
        self._download = self.fit.entry.name
        self._show_model()
        return True

    def skip(self) -> None:
        self.reject()

    def reject(self) -> None:
        """Skip, Escape or the window's close button: nothing chosen here is kept."""
        install_translators(self.settings.language)  # back to the language the app had
        super().reject()

    def choices(self) -> WelcomeChoices:
        if self.result() != QDialog.DialogCode.Accepted:
            return WelcomeChoices(language=self.settings.language)
        return WelcomeChoices(
            language=self.language.currentData(),
            library=self.library if self._library_changed else None,
            download=self._download,
        )


@dataclass
class FirstLaunch:
    """What the welcome leaves for the window: the folder to open (and its lock, held), the catalog
    model the person agreed to download (None for none), and files a second start sent meanwhile."""

    paths: AppPaths
    lock: DataFolderLock
    download: CatalogEntry | None = None
    files: list[str] = field(default_factory=list)


def welcome_if_first_launch(paths: AppPaths, lock: DataFolderLock) -> FirstLaunch:
    """On first launch, show the welcome and apply its choices before the library opens (a new
    library folder is used at once). While it is open, a second start ("Open with", a double-click)
    hands its files here; they are kept for the window, never lost."""
    if not needs_welcome(paths):
        return FirstLaunch(paths, lock)
    dialog = WelcomeDialog.for_paths(paths, load_settings(paths.settings_file))
    arrived: list[str] = []

    def received(files: list[str]) -> None:
        arrived.extend(files)
        dialog.raise_()
        dialog.activateWindow()

    server = InstanceServer(paths.data_dir, dialog)
    server.files_received.connect(received)
    server.listen()
    if os.environ.get(PROBE_ENV):  # the start-up benchmark (diagnostics/coldstart.py)
        from desktop_gpt.diagnostics.coldstart import probe_welcome

        probe_welcome(dialog)
    dialog.exec()
    server.close()
    choices = dialog.choices()
    try:
        chosen = complete_welcome(paths, choices)
        if chosen.data_dir != paths.data_dir:
            new_lock = DataFolderLock(chosen.data_dir, WINDOW).acquire()
            lock.release()
            paths, lock = chosen, new_lock
    except DesktopGptError as exc:
        title = QCoreApplication.translate("WelcomeDialog", "Welcome to Desktop GPT")
        QMessageBox.warning(None, title, core_text(str(exc)))
    entry = dialog.fit.entry if choices.download and dialog.fit is not None else None
    return FirstLaunch(paths, lock, entry, arrived)
