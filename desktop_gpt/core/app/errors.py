"""Typed errors raised by the core. Each carries a message a person can understand.

The UI and the CLI show ``str(error)`` as is; they never need to parse it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_gpt.core.app.lock import Holder


def without_source_location(text: str) -> str:
    """A native library's message without the source location LanceDB appends (", /root/.cargo/…")."""
    return text.split(", /", 1)[0]


class DesktopGptError(Exception):
    """Base class of every error the core raises on purpose."""


class DocumentError(DesktopGptError):
    """A document could not be read. ``reason`` is a short status such as "password-protected"."""

    reason = "unreadable"

    def __init__(self, path: object, detail: str) -> None:
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{self.path}: {detail}")


class UnsupportedFileError(DocumentError):
    reason = "unsupported file type"


class OldFileFormatError(DocumentError):
    """An old binary format (.doc, .xls, .ppt, .hwp): the message names the format to save it as."""

    reason = "old file format"


class EncryptedDocumentError(DocumentError):
    reason = "password-protected"


class NoTextLayerError(DocumentError):
    reason = "no text layer — scanned?"


class OcrUnavailableError(NoTextLayerError):
    """Pages need OCR but none of the chosen languages' OCR data is installed (the detail says so;
    the short reason stays "no text layer")."""


class EmptyDocumentError(DocumentError):
    reason = "empty"


class CorruptDocumentError(DocumentError):
    reason = "corrupt or truncated"


class DocumentTooLargeError(DocumentError):
    reason = "too large"


class UnknownEncodingError(DocumentError):
    """A text file whose character encoding cannot be told with confidence: never indexed as garbage."""

    reason = "unknown text encoding"


class DocumentTimeoutError(DocumentError):
    """Reading took longer than the limit: the reader was stopped (a hostile or damaged file)."""

    reason = "took too long to read"


class ReaderCrashedError(DocumentError):
    """The reader's helper process died on this file (out of memory, a crash in native code)."""

    reason = "the reader failed on it"


class ModelError(DesktopGptError):
    """A model file is missing, broken or cannot be run by the bundled engine."""


class ModelNotFoundError(ModelError):
    pass


class ModelFileError(ModelError):
    pass


class ModelLoadError(ModelError):
    pass


class ContextOverflowError(ModelError):
    """The prompt did not fit the model's context window."""


class StoreError(DesktopGptError):
    """The document store could not be read or written."""


class DocumentNotFoundError(StoreError):
    pass


class SettingsError(DesktopGptError):
    """A setting has an invalid value or the settings file cannot be read."""


class CancelledError(DesktopGptError):
    """The user cancelled the running job. Work already stored stays stored."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


class BackendError(ModelError):
    """A chat back end (Ollama, transformers, a Hugging Face endpoint) could not answer."""


class BackendUnavailableError(BackendError):
    """The back end is not there: a server that is not running, a package that is not installed."""


class BackendModelMissingError(BackendError):
    """The back end runs, but does not have the model asked for."""


class CloudNotAllowedError(BackendError):
    """A cloud back end was asked for without the user's opt-in, or while offline mode is on."""


class FolderBusyError(DesktopGptError):
    """Another process (the window, or a command that writes) holds the data folder's lock.

    ``holder`` is who it is (as it recorded itself), or None when that could not be read."""

    def __init__(self, message: str, holder: Holder | None = None) -> None:
        self.holder = holder
        super().__init__(message)
