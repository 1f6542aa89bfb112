"""Typed core errors in plain words, and the last-resort dialog for bugs."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_gpt.core.app.errors import (
    CancelledError,
    ContextOverflowError,
    DesktopGptError,
    ModelNotFoundError,
    StoreError,
)
from desktop_gpt.ui.core_text import core_text

log = logging.getLogger(__name__)


def plain_words(exc: BaseException) -> str:
    """A failure in the interface language: the core's typed errors in plain words (its messages
    through :func:`core_text`), anything else said for what it is."""
    if isinstance(exc, CancelledError):
        return QCoreApplication.translate("Errors", "Stopped.")
    message = core_text(str(exc))
    if isinstance(exc, ModelNotFoundError):
        return QCoreApplication.translate("Errors", "{message} Open Settings to choose an installed model.").format(
            message=message
        )
    if isinstance(exc, ContextOverflowError):
        return QCoreApplication.translate(
            "Errors", "{message} Lower “Top-k” or raise “Context length” in Settings."
        ).format(message=message)
    if isinstance(exc, StoreError):
        return QCoreApplication.translate(
            "Errors", "The library could not be updated: {message} Nothing already stored was lost."
        ).format(message=message)
    if isinstance(exc, DesktopGptError):
        return message
    if isinstance(exc, MemoryError):
        return QCoreApplication.translate(
            "Errors", "The computer ran out of memory for this task. Try a smaller model or fewer documents at once."
        )
    if isinstance(exc, OSError):
        return QCoreApplication.translate("Errors", "A file could not be read or written: {why}.").format(
            why=exc.strerror or exc
        )
    return QCoreApplication.translate("Errors", "Something went wrong: {kind}: {message}").format(
        kind=type(exc).__name__, message=exc
    )


def install_exception_dialog(log_file: Path, parent: QWidget | None = None) -> None:
    """A bug in a slot shows a dialog and is logged; the window stays open."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unhandled exception\n%s", text)
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            with open(log_file, "a", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError:
            pass
        if QApplication.instance() is None:
            sys.__excepthook__(kind, exc, tb)
            return
        box = QMessageBox(parent)
        box.setObjectName("errorDialog")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("Errors", "Desktop GPT — unexpected error"))
        box.setText(
            QCoreApplication.translate(
                "Errors", "Something unexpected went wrong: {error}\n\nYour documents and chats are safe."
            ).format(error=exc)
        )
        box.setInformativeText(
            QCoreApplication.translate("Errors", "Details were saved to {file}.").format(file=log_file)
        )
        box.setDetailedText(text)
        box.open()

    sys.excepthook = hook
