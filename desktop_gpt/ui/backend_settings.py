"""The chat back-end part of the settings pane: the default back end, each back end's fields, the cloud
opt-in, the access token, and “Test connection”."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_gpt.core.app.errors import SettingsError
from desktop_gpt.core.app.settings import HF_ENDPOINT, OLLAMA, Settings
from desktop_gpt.core.chat.backends import ProbeResult
from desktop_gpt.core.chat.llm import BACKEND_LABELS, BACKENDS, BackendChoice
from desktop_gpt.core.chat.registry import backend_spec
from desktop_gpt.ui.controller import AppController
from desktop_gpt.ui.core_text import core_text
from desktop_gpt.ui.errors import plain_words
from desktop_gpt.ui.tasks import Job
from desktop_gpt.ui.widgets import make_button, name_widget


class CloudConsentDialog(QMessageBox):
    """Shown when the user turns the cloud endpoint on: what leaves the machine, and an explicit choice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cloudConsentDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Send questions to a cloud service?"))
        self.setText(self.tr("<b>The Hugging Face endpoint runs outside this computer.</b>"))
        self.setInformativeText(core_text(backend_spec(HF_ENDPOINT).consent) + "\n\n" + self.tr("Turn it on?"))
        self.allow = self.addButton(self.tr("Turn on and send when I use it"), QMessageBox.ButtonRole.AcceptRole)
        self.allow.setObjectName("allowCloudButton")
        self.keep_off = self.addButton(self.tr("Keep it off"), QMessageBox.ButtonRole.RejectRole)
        self.keep_off.setObjectName("keepCloudOffButton")
        self.setDefaultButton(self.keep_off)
        self.setEscapeButton(self.keep_off)

    def confirmed(self) -> bool:
        self.exec()
        return self.clickedButton() is self.allow


class BackendSettingsBox(QGroupBox):
    status_message = Signal(str)
    tested = Signal(object)  # ProbeResult, or the exception; emitted once the button is usable again

    def __init__(
        self, controller: AppController, edited: Callable[[], Settings], parent: QWidget | None = None
    ) -> None:
        super().__init__(QCoreApplication.translate("BackendSettingsBox", "Chat back end"), parent)
        self.controller = controller
        self._edited = edited  # the whole pane's settings as typed, for Test connection

        self.backend = QComboBox()
        for backend in BACKENDS:
            self.backend.addItem(core_text(BACKEND_LABELS[backend]), backend)
        name_widget(self.backend, "defaultBackendCombo", self.tr("Default back end for new chats"))
        self.pages = QStackedWidget()  # one page of fields for each back end, filled below
        self.backend.currentIndexChanged.connect(self.pages.setCurrentIndex)

        self.ollama_url = QLineEdit()
        name_widget(self.ollama_url, "ollamaUrlEdit", self.tr("Ollama server address"))
        self.ollama_model = QComboBox()
        self.ollama_model.setEditable(True)
        editor = self.ollama_model.lineEdit()
        assert editor is not None  # an editable combo box has one
        editor.setPlaceholderText(self.tr("e.g. llama3.2:3b — Test connection lists the pulled models"))
        name_widget(self.ollama_model, "ollamaModelCombo", self.tr("Ollama model"))
        self.hf_pipeline_model = QLineEdit()
        self.hf_pipeline_model.setPlaceholderText(self.tr("a Transformers model folder, or a .gguf file"))
        name_widget(self.hf_pipeline_model, "hfPipelineModelEdit", self.tr("Transformers model"))
        browse = QToolButton()
        browse.setText(self.tr("Browse…"))
        name_widget(browse, "hfPipelineBrowseButton", self.tr("Choose a Transformers model"))
        browse.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        browse_menu = QMenu(browse)
        browse_menu.addAction(self.tr("A model &folder…"), self._browse_folder)
        browse_menu.addAction(self.tr("A &GGUF file…"), self._browse_gguf)
        browse.setMenu(browse_menu)
        self.hf_endpoint = QLineEdit()
        self.hf_endpoint.setPlaceholderText(
            self.tr("https://….endpoints.huggingface.cloud, or a model id like owner/model")
        )
        name_widget(self.hf_endpoint, "hfEndpointEdit", self.tr("Hugging Face endpoint address or model id"))
        self.hf_token = QLineEdit()
        self.hf_token.setEchoMode(QLineEdit.EchoMode.Password)
        name_widget(self.hf_token, "hfTokenEdit", self.tr("Hugging Face access token"))
        forget = make_button(
            self.tr("Forget token"), "forgetTokenButton", self.tr("Forget the stored token"), self.forget_token
        )
        self.hf_consent = QCheckBox(self.tr("Allow this cloud service (asks for confirmation)"))
        name_widget(self.hf_consent, "hfConsentCheck", self.tr("Allow the Hugging Face endpoint"))
        self.hf_consent.clicked.connect(self._consent_clicked)

        gpt4all_page = QLabel(self.tr("Runs the chat model chosen above on this computer. Nothing leaves it."))
        gpt4all_page.setWordWrap(True)
        gpt4all_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        ollama_page = QWidget()
        ollama_form = QFormLayout(ollama_page)
        ollama_form.addRow(self.tr("Server address:"), self.ollama_url)
        ollama_form.addRow(self.tr("Model:"), self.ollama_model)
        pipeline_page = QWidget()
        pipeline_form = QFormLayout(pipeline_page)
        pipeline_row = QHBoxLayout()
        pipeline_row.addWidget(self.hf_pipeline_model, 1)
        pipeline_row.addWidget(browse)
        pipeline_form.addRow(self.tr("Model:"), pipeline_row)
        if getattr(sys, "frozen", False):  # the built app leaves PyTorch out: nothing can be installed into it
            needs = self.tr(
                "Not included in this build of Desktop GPT: run it from its source with the optional extra."
            )
        else:
            needs = self.tr('Needs the optional extra: pip install "desktop-gpt[hf]". Runs on the CPU.')
        pipeline_form.addRow(QLabel(needs))
        endpoint_page = QWidget()
        endpoint_form = QFormLayout(endpoint_page)
        warning = QLabel(self.tr("☁ A cloud service: questions and retrieved passages leave this computer."))
        warning.setStyleSheet("background:#fde2b8; color:#7a4500; padding:2px 6px")
        warning.setWordWrap(True)
        endpoint_form.addRow(warning)
        endpoint_form.addRow("", self.hf_consent)
        endpoint_form.addRow(self.tr("Endpoint or model id:"), self.hf_endpoint)
        token_row = QHBoxLayout()
        token_row.addWidget(self.hf_token, 1)
        token_row.addWidget(forget)
        endpoint_form.addRow(self.tr("Access token:"), token_row)
        for page in (gpt4all_page, ollama_page, pipeline_page, endpoint_page):
            self.pages.addWidget(page)

        self.test_button = make_button(
            self.tr("&Test connection"), "testConnectionButton", self.tr("Test connection"), self.test
        )
        self.test_result = QLabel()
        self.test_result.setObjectName("testConnectionResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)

        form = QFormLayout()
        form.addRow(self.tr("Default for new chats:"), self.backend)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pages)
        layout.addLayout(test_row)

    # -- showing and reading -------------------------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        self.backend.setCurrentIndex(BACKENDS.index(settings.chat_backend))  # the page follows
        self.ollama_url.setText(settings.ollama_url)
        self.ollama_model.setEditText(settings.ollama_model)
        self.hf_pipeline_model.setText(settings.hf_pipeline_model)
        self.hf_endpoint.setText(settings.hf_endpoint)
        self.hf_consent.setChecked(settings.hf_endpoint_consent)
        self.hf_token.clear()
        self.hf_token.setPlaceholderText(self.tr("stored in the system keyring; type to replace"))
        self.test_result.clear()

    def changes(self) -> dict[str, object]:
        return {
            "chat_backend": self.backend.currentData(),
            "ollama_url": self.ollama_url.text().strip().rstrip("/"),
            "ollama_model": self.ollama_model.currentText().strip(),
            "hf_pipeline_model": self.hf_pipeline_model.text().strip(),
            "hf_endpoint": self.hf_endpoint.text().strip(),
            "hf_endpoint_consent": self.hf_consent.isChecked(),
        }

    def save_token(self) -> Job | None:
        """Called on Apply: a typed token goes to the keyring, off the GUI thread, and leaves the field."""
        token = self.hf_token.text().strip()
        if not token:
            return None
        self.hf_token.clear()
        job = self.controller.store_token(token)
        job.succeeded.connect(
            lambda kept: self.status_message.emit(
                self.tr("Token stored in the system keyring.")
                if kept
                else self.tr("This system has no keyring: the token is kept only until Desktop GPT closes.")
            )
        )
        return job

    def forget_token(self) -> Job:
        self.hf_token.clear()
        job = self.controller.store_token("")
        job.succeeded.connect(lambda _kept: self.status_message.emit(self.tr("The Hugging Face token is forgotten.")))
        return job

    # -- actions -------------------------------------------------------------------------------

    def _consent_clicked(self, checked: bool) -> None:
        if checked and not CloudConsentDialog(self).confirmed():
            self.hf_consent.setChecked(False)

    def _browse_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a Transformers model folder (with config.json)"))
        if path:
            self.hf_pipeline_model.setText(path)

    def _browse_gguf(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a GGUF model"), "", self.tr("GGUF models (*.gguf)"))
        if path:
            self.hf_pipeline_model.setText(path)

    def test(self) -> Job | None:
        """Check the back end shown, with the values as typed (not yet applied)."""
        try:
            settings = self._edited()
        except SettingsError as exc:
            self.test_result.setText(f"✘ {core_text(str(exc))}")
            return None
        backend = str(self.backend.currentData())
        choice = BackendChoice(backend, settings.model_for(backend))
        self.test_result.setText(self.tr("Testing…"))
        self.test_button.setEnabled(False)
        token = self.hf_token.text().strip() if backend == HF_ENDPOINT else ""
        job = self.controller.test_backend(choice, settings, token)
        job.succeeded.connect(self._tested)
        job.failed.connect(self._test_failed)
        job.finished.connect(lambda: self._test_done(job))
        return job

    def _test_done(self, job: Job) -> None:
        self.test_button.setEnabled(True)
        self.tested.emit(job.error if job.error is not None else job.result)

    def _tested(self, result: ProbeResult) -> None:
        mark = "✔" if result.ok else "⚠"
        self.test_result.setText(f"{mark} {core_text(result.message)}")
        if result.models and self.backend.currentData() == OLLAMA:
            typed = self.ollama_model.currentText()
            self.ollama_model.clear()
            self.ollama_model.addItems(result.models)
            self.ollama_model.setEditText(typed or result.models[0])

    def _test_failed(self, exc: BaseException) -> None:
        self.test_result.setText(f"✘ {plain_words(exc)}")
