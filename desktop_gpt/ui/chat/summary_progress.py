"""Under the conversation while a document is summarised: progress, time left, and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop_gpt.core.chat.summary import SummaryProgress
from desktop_gpt.ui.i18n import duration_text, number_text, percent_text
from desktop_gpt.ui.widgets import make_button, name_widget


class SummaryProgressRow(QWidget):
    def __init__(self, cancel: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("summaryProgressLabel")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        name_widget(self.bar, "summaryProgress", self.tr("Summary progress"))
        self.cancel_button = make_button(
            self.tr("Cancel"), "cancelSummaryButton", self.tr("Cancel the summary"), cancel
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._name = ""
        self.hide()

    def start(self, name: str) -> None:
        self._name = name
        self.bar.setValue(0)
        self.bar.setFormat(percent_text(0))
        self.label.setText(self.tr("Summarising {name}…").format(name=name))
        self.show()

    def show_progress(self, progress: object) -> None:
        if not isinstance(progress, SummaryProgress):
            return
        self.bar.setValue(int(progress.fraction * 1000))
        self.bar.setFormat(percent_text(progress.fraction))
        text = self.tr("Summarising {name}: {done} of {total} steps").format(
            name=self._name, done=number_text(progress.done), total=number_text(progress.total)
        )
        if progress.seconds_left is not None:
            text += self.tr(" — about {duration} left").format(duration=duration_text(progress.seconds_left))
        self.label.setText(text)
