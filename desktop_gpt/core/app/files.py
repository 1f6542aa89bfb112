"""Writing the app's own small files safely, and saying why a write failed in plain words.

Every settings, chat and manifest file is written to a temporary file beside it, flushed to disk,
then renamed over the old one: a crash, a kill or a full disk leaves the old file whole and no
half-written one behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop_gpt.core.app.errors import without_source_location

#: errno -> what it means for a person.
_PLAIN = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only disk",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}
#: The same, as native libraries (LanceDB) put them in their messages.
_NATIVE = {
    "No space left on device": "the disk is full",
    "Disk quota exceeded": "the disk quota is used up",
    "Read-only file system": "the folder is on a read-only disk",
    "Permission denied": "permission denied",
}


def why_write_failed(exc: BaseException) -> str:
    """A short reason for a failed write, e.g. "the disk is full"."""
    if isinstance(exc, OSError) and exc.errno in _PLAIN:
        return _PLAIN[exc.errno]
    text = str(exc)
    for needle, plain in _NATIVE.items():
        if needle in text:
            return plain
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return without_source_location(text)


def is_out_of_space(exc: BaseException) -> bool:
    return why_write_failed(exc) in ("the disk is full", "the disk quota is used up")


def atomic_write_text(path: Path, text: str, error: Callable[[str], Exception]) -> None:
    """Replace ``path`` with ``text`` all at once; on failure raise ``error(reason)``, old file intact."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    except OSError as exc:
        raise error(why_write_failed(exc)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise error(why_write_failed(exc)) from exc
        raise
