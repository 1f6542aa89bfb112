"""Typed core errors in plain words, and the last-resort dialog for bugs."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_gpt.core.app.errors import (
    CancelledError,
    ContextOverflowError,
    DesktopGptError,
    ModelNotFoundError,
    StoreError,
)

log = logging.getLogger(__name__)


def plain_words(exc: BaseException) -> str:
    if isinstance(exc, CancelledError):
        return "Stopped."
    if isinstance(exc, ModelNotFoundError):
        return f"{exc} Open Settings to choose an installed model."
    if isinstance(exc, ContextOverflowError):
        return f"{exc} Lower “Top-k” or raise “Context length” in Settings."
    if isinstance(exc, StoreError):
        return f"The library could not be updated: {exc} Nothing already stored was lost."
    if isinstance(exc, DesktopGptError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "The computer ran out of memory for this task. Try a smaller model or fewer documents at once."
    if isinstance(exc, OSError):
        return f"A file could not be read or written: {exc.strerror or exc}."
    return f"Something went wrong: {type(exc).__name__}: {exc}"


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
        box.setWindowTitle("Desktop GPT — unexpected error")
        box.setText(f"Something unexpected went wrong: {exc}\n\nYour documents and chats are safe.")
        box.setInformativeText(f"Details were saved to {log_file}.")
        box.setDetailedText(text)
        box.open()

    sys.excepthook = hook
