"""“Answer with”: the back end and model of the chat on screen, the cloud marker, and the model's state."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop_gpt.core.app.settings import OLLAMA, Settings
from desktop_gpt.core.chat.llm import BACKEND_LABELS, BACKENDS, BackendChoice
from desktop_gpt.ui.core_text import core_text
from desktop_gpt.ui.widgets import name_widget


class BackendPicker(QWidget):
    backend_chosen = Signal(str)  # a back-end id, picked by the person

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        name_widget(self.combo, "backendCombo", self.tr("Answer with"))
        for backend in BACKENDS:
            self.combo.addItem(core_text(BACKEND_LABELS[backend]), backend)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setToolTip(self.tr("The back end and model that answer this chat; each chat keeps its own."))
        self.combo.activated.connect(lambda index: self.backend_chosen.emit(str(self.combo.itemData(index))))
        self.cloud_marker = QLabel()
        name_widget(self.cloud_marker, "cloudMarker", self.tr("Cloud warning"))
        self.cloud_marker.setStyleSheet("background:#fde2b8; color:#7a4500; padding:2px 6px; border-radius:3px")
        self.cloud_marker.setWordWrap(True)
        self.cloud_marker.hide()
        #: Placed by the pane under the input: "Model: … — ready (on this computer)".
        self.model_label = QLabel(self.tr("Model: opening library…"))
        self.model_label.setObjectName("modelStateLabel")
        self.model_label.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        answer_with = QLabel(self.tr("&Answer with:"))
        answer_with.setBuddy(self.combo)
        row.addWidget(answer_with)
        row.addWidget(self.combo)
        row.addWidget(self.cloud_marker, 1)
        row.addStretch(0)

    def show_choice(self, choice: BackendChoice, chat_model: str, settings: Settings) -> None:
        """Label each back end with the model it would use for this chat, and select ``choice``."""
        for i, backend in enumerate(BACKENDS):
            # The chat's own model, else the one the back end answers with by default (as the status line says).
            model = (chat_model or choice.model) if backend == choice.backend else settings.model_for(backend)
            self.combo.setItemText(i, core_text(BackendChoice(backend, model).label))
        self.combo.setCurrentIndex(BACKENDS.index(choice.backend))
        if choice.is_cloud:
            target = choice.model or self.tr("the endpoint")
            self.cloud_marker.setText(
                self.tr("☁ Cloud: this chat's questions and retrieved passages are sent to {target}.").format(
                    target=target
                )
            )
        self.cloud_marker.setVisible(choice.is_cloud)

    def show_model_state(self, state: str, choice: BackendChoice | None, settings: Settings | None) -> None:
        label = core_text(choice.label) if choice is not None else self.tr("model")
        cloud = choice is not None and choice.is_cloud
        where = self.tr("cloud — data leaves this computer") if cloud else self.tr("on this computer")
        if choice is not None and choice.backend == OLLAMA and state == "ready":
            where = self.tr("server {url}").format(url=settings.ollama_url if settings else "")
        if state == "loading":
            self.model_label.setText(self.tr("Model: loading {model}…").format(model=label))
        elif state == "ready":
            self.model_label.setText(self.tr("Model: {model} — ready ({where})").format(model=label, where=where))
        else:
            self.model_label.setText(
                self.tr("Model: {model} not available — {why}").format(model=label, why=core_text(state))
            )
