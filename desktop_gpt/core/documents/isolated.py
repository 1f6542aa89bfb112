"""Reading documents in a helper process, with a time and a memory limit per file.

A hostile or damaged file (a PDF whose object graph loops, a decompression bomb, a page that
takes the parser minutes) costs that one file: the helper is stopped, the file is refused with the
reason, and the next file gets a fresh helper. The app itself never hangs, swells or crashes.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.child import Channel, ChildDiedError, ChildProcess, error_class
from desktop_gpt.core.app.errors import (
    CancelledError,
    DocumentError,
    DocumentTimeoutError,
    ReaderCrashedError,
)
from desktop_gpt.core.documents.loaders import Anchor, CancelCheck, LoadedDocument, Page, ProgressCallback, Section

#: Wall-clock limit for one file: a base plus an allowance per MB (a 100 MB PDF gets 4 minutes).
BASE_SECONDS = 40.0
SECONDS_PER_MB = 2.0
#: Address-space limit of the reader helper for one file: a base (Python and pypdf need about
#: 150 MB of it) plus four times the file's size.
MEMORY_MB = 1024
MEMORY_PER_FILE_MB = 4
POLL_SECONDS = 0.05


class IsolatedLoader:
    """Loads documents in one helper process at a time; not thread-safe (the ingest reader owns it)."""

    def __init__(
        self,
        *,
        base_seconds: float = BASE_SECONDS,
        seconds_per_mb: float = SECONDS_PER_MB,
        memory_mb: int = MEMORY_MB,
        memory_per_mb: int = MEMORY_PER_FILE_MB,
    ) -> None:
        self.base_seconds = base_seconds
        self.seconds_per_mb = seconds_per_mb
        self.memory_mb = memory_mb
        self.memory_per_mb = memory_per_mb
        self._child = ChildProcess("reader", label="the document reader")

    @property
    def pid(self) -> int | None:
        return self._child.pid

    def time_limit(self, size: int) -> float:
        return self.base_seconds + self.seconds_per_mb * size / 2**20

    def memory_limit_mb(self, size: int) -> int:
        return self.memory_mb + self.memory_per_mb * size // 2**20

    def load(
        self,
        path: Path,
        *,
        max_bytes: int,
        on_progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
        scanned_ok: bool = False,
    ) -> LoadedDocument:
        """Like :func:`~desktop_gpt.core.documents.loaders.load_document`, in the helper."""
        path = Path(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise DocumentError(path, f"cannot be opened: {exc.strerror or exc}") from exc
        limit = self.time_limit(size)
        memory = self.memory_limit_mb(size)
        if not self._child.running:
            self._child.start()
        deadline = time.monotonic() + limit
        try:
            self._child.send({"op": "load", "path": str(path), "max_bytes": max_bytes, "memory_mb": memory,
                              "scanned_ok": scanned_ok})  # fmt: skip
            while True:
                reply = self._child.receive(timeout=POLL_SECONDS)
                if reply is None:
                    if should_cancel is not None and should_cancel():
                        self._child.kill()  # a fresh helper reads the next file
                        raise CancelledError()
                    if time.monotonic() > deadline:
                        self._child.kill()
                        raise DocumentTimeoutError(
                            path,
                            f"took longer than {limit:.0f} s to read and was stopped (a damaged or hostile file?).",
                        )
                    continue
                if "progress" in reply:
                    if on_progress is not None:
                        on_progress(*reply["progress"])
                elif "error" in reply:
                    raise self._error(path, reply["error"], memory)
                else:
                    return _document(path, reply["ok"])
        except ChildDiedError as exc:
            if "SIGKILL" in exc.reason or "MemoryError" in str(exc):
                raise self._out_of_memory(path, memory) from exc
            detail = f"made the reader fail ({exc.reason}); the file may be damaged or hostile."
            raise ReaderCrashedError(path, detail) from exc

    @staticmethod
    def _out_of_memory(path: Path, memory: int) -> ReaderCrashedError:
        return ReaderCrashedError(path, f"needed more than {memory} MB of memory to read and was stopped.")

    def _error(self, path: Path, error: dict[str, str], memory: int) -> DocumentError:
        if error.get("type") == "MemoryError":
            return self._out_of_memory(path, memory)
        return error_class(error.get("type", ""), DocumentError, ReaderCrashedError)(
            path, error.get("detail", "could not be read.")
        )

    def close(self) -> None:
        self._child.close()


def _document(path: Path, data: dict[str, Any]) -> LoadedDocument:
    """A document as the helper sent it (``dataclasses.asdict`` of a LoadedDocument)."""
    pages = [Page(**page) for page in data.pop("pages")]
    sections = [Section(s["page"], s["offset"], tuple(s["path"])) for s in data.pop("sections", [])]
    anchors = [Anchor(**a) for a in data.pop("anchors", [])]
    return LoadedDocument(**{**data, "path": path, "pages": pages, "sections": sections, "anchors": anchors})


def serve(channel: Channel) -> None:
    """The helper's side (role ``reader``): one request per file, progress while it reads."""
    from desktop_gpt.core.documents.loaders import load_document

    while (request := channel.next_request()) is not None:
        path = Path(request["path"])
        _limit_memory(request["memory_mb"])
        try:
            document = load_document(
                path,
                max_bytes=request["max_bytes"],
                on_progress=lambda done, total: channel.reply({"progress": [done, total]}),
                scanned_ok=bool(request.get("scanned_ok", False)),
            )
        except DocumentError as exc:
            channel.reply({"error": {"type": type(exc).__name__, "detail": exc.detail}})
            continue
        except MemoryError:
            channel.reply({"error": {"type": "MemoryError"}})
            continue
        channel.reply({"ok": {**asdict(document), "path": str(document.path)}})


def _limit_memory(megabytes: int) -> None:
    """Cap this helper's address space for the next file (POSIX; elsewhere only the time limit applies)."""
    try:
        import resource
    except ImportError:
        return
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, hard))
