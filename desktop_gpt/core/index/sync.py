"""Watched folders: the library follows the files in them.

One pass (:func:`sync_folders`) compares the folders with what was seen last time (a small state
file in the data folder: each file's size, modification time and content hash):

* a file seen before, with the same size and time, is not read at all (a rescan of 10,000 files
  that did not change costs a directory walk and a ``stat`` each);
* a new or changed file is hashed; a document whose file is gone but whose bytes are now at
  another path was **moved or renamed**: it keeps its passages and gets its new path;
* a document whose file is gone from a watched folder (and not found elsewhere) **leaves the
  library**, so it is never cited again;
* new and changed files are indexed (a changed one re-embeds only its changed passages).

A document the person removed from the library stays removed until its file changes. The window
runs a pass at start-up, when a watched folder changes, and every few minutes; the command line
with ``desktop-gpt sync``.
"""

from __future__ import annotations

import itertools
import json
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_gpt.core.app.changes import Changes
from desktop_gpt.core.app.errors import CancelledError, DesktopGptError
from desktop_gpt.core.app.files import atomic_write_text
from desktop_gpt.core.app.hashing import file_sha256
from desktop_gpt.core.documents.formats import is_ignored
from desktop_gpt.core.documents.loaders import is_supported
from desktop_gpt.core.index.ingest import Ingestor, IngestProgress, IngestReport
from desktop_gpt.core.index.records import DocumentRecord
from desktop_gpt.core.index.store import DocumentStore

STATE_VERSION = 1


@dataclass(frozen=True)
class Seen:
    size: int
    mtime: float
    doc_id: str


@dataclass
class SyncReport:
    folders: list[str] = field(default_factory=list)
    files: int = 0  # documents found in the watched folders
    hashed: int = 0  # new or changed files read to hash them
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path)
    removed: list[str] = field(default_factory=list)  # paths of documents that left the library
    missing_folders: list[str] = field(default_factory=list)  # watched folders that are not there now
    ingest: IngestReport = field(default_factory=IngestReport)
    seconds: float = 0.0
    cancelled: bool = False

    @property
    def changes(self) -> Changes:
        return Changes(documents=bool(self.moved or self.removed)) | self.ingest.changes

    def to_json(self) -> dict[str, object]:
        return {
            "folders": self.folders, "files": self.files, "hashed": self.hashed,
            "moved": [{"from": a, "to": b} for a, b in self.moved], "removed": self.removed,
            "missing_folders": self.missing_folders, "cancelled": self.cancelled, "seconds": round(self.seconds, 3),
            "results": [r.to_json() for r in self.ingest.results],
        }  # fmt: skip


def _walk(folders: Sequence[str]) -> Iterator[tuple[str, Path, list[str]]]:
    """Each folder under ``folders`` (hidden and tool folders left out, in name order) with its path
    relative to its watched folder and its file names. A folder that cannot be read is skipped."""
    for folder in folders:
        root = Path(folder)
        for directory, subdirectories, names in os.walk(root, onerror=lambda _error: None):
            relative = Path(directory).relative_to(root)
            subdirectories[:] = sorted(d for d in subdirectories if not is_ignored(relative / d))
            yield directory, relative, names


def scan(folders: Sequence[str]) -> Iterator[tuple[str, int, float]]:
    """Every document file in ``folders`` (recursively, hidden, temporary and tool files left out),
    with its size and modification time."""
    for directory, relative, names in _walk(folders):
        for name in sorted(names):
            if is_ignored(relative / name):
                continue
            path = os.path.join(directory, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_size > 0 and is_supported(Path(path)):
                yield path, info.st_size, info.st_mtime


def directories(folders: Sequence[str], limit: int) -> list[str]:
    """The watched folders and their subfolders (hidden and tool folders left out), at most ``limit``:
    what a live watcher listens to. Past the limit, the periodic pass still finds every change."""
    return [directory for directory, _relative, _names in itertools.islice(_walk(folders), limit)]


def _under(path: str, folders: Sequence[str]) -> bool:
    return any(path == f or path.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


class FolderState:
    """What the last pass saw: path → size, modification time, content hash (JSON in the data folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[str, Seen] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == STATE_VERSION:
                self.seen = {p: Seen(int(s[0]), float(s[1]), str(s[2])) for p, s in data["files"].items()}
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            self.seen = {}  # none or damaged: every file is hashed once again, nothing is lost

    def save(self) -> None:
        files = {p: [s.size, s.mtime, s.doc_id] for p, s in sorted(self.seen.items())}
        atomic_write_text(
            self.path,
            json.dumps({"version": STATE_VERSION, "files": files}),
            lambda why: DesktopGptError(f"The watched folders' state could not be saved: {why}."),
        )


def sync_folders(
    folders: Sequence[str],
    store: DocumentStore,
    ingestor: Callable[[], Ingestor],
    state_file: Path,
    *,
    on_progress: Callable[[IngestProgress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> SyncReport:
    """One pass over the watched ``folders`` (see the module's docstring). ``ingestor`` is called
    only when there is something to index (it loads the embedding model)."""
    started = time.perf_counter()
    cancel = should_cancel or (lambda: False)
    report = SyncReport(folders=list(folders))
    present = [f for f in folders if os.path.isdir(f)]
    report.missing_folders = [f for f in folders if f not in present]
    state = FolderState(state_file)
    files = {path: (size, mtime) for path, size, mtime in scan(present)}
    report.files = len(files)

    # Hash what is new or changed since the last pass.
    ids: dict[str, str] = {}
    fresh: list[str] = []
    emit = on_progress or (lambda _progress: None)
    for index, (path, (size, mtime)) in enumerate(files.items()):
        seen = state.seen.get(path)
        if seen is not None and seen.size == size and seen.mtime == mtime:
            ids[path] = seen.doc_id
            continue
        emit(IngestProgress(index, len(files), Path(path), "hashing"))
        if cancel():
            report.cancelled = True
            break
        try:
            ids[path] = file_sha256(Path(path))
        except OSError:
            continue  # gone or unreadable this instant: the next pass sees it
        fresh.append(path)
    report.hashed = len(fresh)
    paths_of: dict[str, list[str]] = {}
    for path, doc_id in ids.items():
        paths_of.setdefault(doc_id, []).append(path)

    # Documents whose file left its place: moved (its bytes are elsewhere) or gone.
    records = {r.doc_id: r for r in store.list_documents()}
    for record in list(records.values()):
        if not _under(record.path, present) or record.path in files or report.cancelled:
            continue
        if os.path.exists(record.path):
            continue  # there, but no longer a document the folders hold (e.g. made hidden): left alone
        elsewhere = [p for p in paths_of.get(record.doc_id, []) if p != record.path]
        if elsewhere:
            new_path = elsewhere[0]
            size, mtime = files[new_path]
            store.relocate(record.doc_id, new_path, mtime)
            report.moved.append((record.path, new_path))
        else:
            store.remove_document(record.doc_id)
            del records[record.doc_id]
            report.removed.append(record.path)

    # Index what is new or changed (and not already in the library under another path).
    to_index = [p for p in fresh if not _indexed(records.get(ids[p]))]
    outcomes: dict[str, str] = {}
    if to_index and not report.cancelled:
        try:
            hashes = {p: ids[p] for p in to_index}
            report.ingest = ingestor().ingest(to_index, on_progress=on_progress, should_cancel=cancel, hashes=hashes)
        except CancelledError:
            report.cancelled = True
        report.cancelled = report.cancelled or report.ingest.cancelled
        outcomes = {str(r.path): r.outcome for r in report.ingest.results}

    # Remember what was settled; a file whose indexing was cancelled or never ran is looked at again.
    settled = {
        path: Seen(files[path][0], files[path][1], ids[path])
        for path in ids
        if path not in to_index or outcomes.get(path) not in (None, "cancelled")
    }
    # A folder that is not there now (an unplugged drive) keeps what was seen in it: nothing in it is
    # hashed again when it is back. A folder no longer watched is forgotten.
    kept = {p: s for p, s in state.seen.items() if _under(p, report.missing_folders)}
    state.seen = {**kept, **settled}
    state.save()
    report.seconds = time.perf_counter() - started
    return report


def _indexed(record: DocumentRecord | None) -> bool:
    return record is not None and record.status == "ready"
