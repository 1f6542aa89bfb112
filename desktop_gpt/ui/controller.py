"""The task layer between panes and the core: every core call goes through a :class:`Lane`."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_gpt.core.app.changes import Changes
from desktop_gpt.core.app.library_location import choose_library
from desktop_gpt.core.app.lock import DataFolderLock
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.secrets import HF_TOKEN
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.app.workspace import LibraryEntry, Workspace
from desktop_gpt.core.chat.backends import ProbeResult, probe_backend
from desktop_gpt.core.chat.conversations import ChatScope, Conversation
from desktop_gpt.core.chat.llm import BackendChoice
from desktop_gpt.core.index.ingest import collect_files
from desktop_gpt.core.index.ingest import warm_up as ingest_warm_up
from desktop_gpt.core.index.sync import directories
from desktop_gpt.core.models.model_manager import CatalogEntry, ModelManager
from desktop_gpt.ui.errors import plain_words
from desktop_gpt.ui.tasks import Job, Lane


@dataclass(frozen=True)
class QueuedFiles:
    """Reported first by an ingest job: the files it is about to process."""

    paths: list[Path]


class AppController(QObject):
    workspace_ready = Signal()
    workspace_failed = Signal(object)
    library_changed = Signal(object)  # list[LibraryEntry]
    model_state = Signal(str, object)  # "loading", "ready" or a failure message; the BackendChoice
    settings_changed = Signal(object)  # Settings
    job_failed = Signal(str, object)  # what was being done, the exception
    #: What a finished action changed (core ``Changes``): panes refresh from this, never by hand.
    changed = Signal(object)
    closing = Signal()  # shutdown begins: stop taking work from outside (a second start's files)

    def __init__(self, paths: AppPaths, lock: DataFolderLock, parent: QObject | None = None) -> None:
        """``lock`` is the data folder's, held: this window is its one writer until :meth:`shutdown`."""
        super().__init__(parent)
        self.paths = paths
        self.lock = lock
        self.store_lane = Lane("store-writer", self)
        self.model_lane = Lane("model", self)
        self.download_lane = Lane("downloads", self)  # network and hashing never delay indexing or answers
        self.files_lane = Lane("files", self)  # quick reads and writes (chats, a text to view): never behind an ingest
        self.workspace: Workspace | None = None
        self.library: list[LibraryEntry] = []  # the last listing, for the GUI thread (never queried there)
        self._model_loaded = False

    # -- lifecycle -----------------------------------------------------------------------------

    def open(self) -> Job:
        """Open the store off the GUI thread (importing LanceDB alone takes over a second)."""

        def work(_job: Job) -> Workspace:
            workspace = Workspace(self.paths)
            _ = workspace.store  # open it now: a library that cannot open is said at once, in a dialog
            return workspace

        job = self.store_lane.run(work, "open library")
        job.succeeded.connect(self._opened)
        job.failed.connect(self.workspace_failed)
        return job

    def _opened(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.settings_changed.emit(workspace.settings)
        self.workspace_ready.emit()
        self.refresh_library()

        # Load the embedding model and the parsing libraries now, at start-up, rather than when the
        # first file is dropped: creating an ONNX Runtime session and importing pypdf and LangChain
        # hold the GIL for hundreds of milliseconds, which would freeze the window mid-indexing.
        def warm_up(_job: Job) -> object:
            embedder = self._ws().embedder
            ingest_warm_up()
            return embedder

        warm = self.store_lane.run(warm_up, "load embedder")
        warm.failed.connect(lambda exc: self.job_failed.emit(self.tr("Loading the embedding model"), exc))

    @property
    def settings(self) -> Settings | None:
        return self.workspace.settings if self.workspace else None

    #: Jobs that settings changes must not disturb (loading, listing and saving are quick and safe).
    LONG_JOBS = frozenset({"ingest", "reindex", "remove", "answer", "sync"})

    @property
    def busy(self) -> bool:
        """True while documents are being indexed or removed, or an answer is being written."""
        # ``done`` is set by the worker the moment the work ends, before its signals reach this thread.
        jobs = self.store_lane.jobs + self.model_lane.jobs
        return any(job.label in self.LONG_JOBS and not job.done for job in jobs)

    def shutdown(self) -> None:
        """Cancel running work and wait for it (documents already indexed stay indexed), then let
        the next writer of the data folder in."""
        self.closing.emit()
        self.store_lane.cancel_all()
        self.model_lane.cancel_all()
        self.download_lane.pause_all()
        self.store_lane.shutdown()
        self.model_lane.shutdown()
        self.download_lane.shutdown()
        self.files_lane.shutdown()  # after the others: an answer's chat is saved on it as they end
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
        self.lock.release()

    def file_job(self, fn: Callable[[Job], object], label: str) -> Job:
        """Quick file reading for a pane (the chat list), off the GUI thread, in order."""
        return self.files_lane.run(fn, label)

    def chat_action(self, action: Callable[[], object], what: str) -> Job:
        """A chat action of the core (a quick file write) on the files lane, in order; every pane
        hears what it changed."""
        return self._action(self.files_lane, lambda _job: action(), "chat", what)

    def choose_library(self, folder: Path) -> Job:
        """Keep the library in ``folder`` from the next start, with the installed models (core's
        ``choose_library``); the job's result is the new folder's paths."""
        return self.files_lane.run(lambda _job: choose_library(self.paths, folder), "library folder")

    def read_view(self, path: Path) -> Job:
        """A document that is not a PDF, as the viewer shows it, read like any document (a helper
        with limits): the job's result is a :class:`DocumentView`."""
        return self.files_lane.run(lambda _job: self._ws().document_view(path), "read document")

    def _ws(self) -> Workspace:
        if self.workspace is None:
            raise RuntimeError(self.tr("The library is still opening."))
        return self.workspace

    def _report_failure(self, what: str, job: Job) -> None:
        job.failed.connect(lambda exc: self.job_failed.emit(what, exc))

    def _action(self, lane: Lane, fn: Callable[[Job], object], label: str, what: str) -> Job:
        """Run a core action; when it is done, broadcast what it changed."""
        job = lane.run(fn, label)
        self._report_failure(what, job)
        job.succeeded.connect(self._broadcast)
        if lane is self.store_lane:  # a failed write may still have changed something: show the truth
            job.failed.connect(lambda _exc: self.refresh_library())
        return job

    def _broadcast(self, result: object) -> None:
        changes = getattr(result, "changes", None)
        if isinstance(changes, Changes):
            self.announce(changes)

    def announce(self, changes: Changes) -> None:
        """Tell every pane what an action changed."""
        if not changes:
            return
        if changes.settings and self.workspace is not None:
            self.settings_changed.emit(self.workspace.settings)
        if changes.documents:
            self.refresh_library()
        self.changed.emit(changes)

    # -- library -------------------------------------------------------------------------------

    def refresh_library(self) -> Job:
        job = self.store_lane.run(lambda _job: self._ws().library(), "list")
        self._report_failure(self.tr("Listing the library"), job)
        job.succeeded.connect(self._library_listed)
        return job

    def _library_listed(self, entries: list[LibraryEntry]) -> None:
        self.library = entries
        self.library_changed.emit(entries)

    def ingest(self, paths: Sequence[str | Path]) -> Job:
        def work(job: Job) -> object:
            files = collect_files(paths)
            job.report(QueuedFiles(files))
            return self._ws().ingest(files, on_progress=job.report, should_cancel=job.should_cancel)

        return self._action(self.store_lane, work, "ingest", self.tr("Adding documents"))

    def remove(self, doc_ids: Sequence[str]) -> Job:
        return self._action(
            self.store_lane, lambda _job: self._ws().remove(doc_ids), "remove", self.tr("Removing documents")
        )

    def reindex(self, doc_ids: Sequence[str] | None = None) -> Job:
        """Read and embed documents again (all that need it when ``doc_ids`` is None); cancel-safe."""

        def work(job: Job) -> object:
            ws = self._ws()
            records = [
                e.record for e in ws.library() if (e.needs_reindex if doc_ids is None else e.record.doc_id in doc_ids)
            ]
            job.report(QueuedFiles([Path(r.path) for r in records]))
            return ws.reindex([r.doc_id for r in records], on_progress=job.report, should_cancel=job.should_cancel)

        return self._action(self.store_lane, work, "reindex", self.tr("Re-indexing"))

    # -- watched folders -------------------------------------------------------------------------

    def sync_folders(self) -> Job:
        """One pass over the watched folders (core/index/sync.py); the result is a ``SyncReport``."""

        def work(job: Job) -> object:
            return self._ws().sync(on_progress=job.report, should_cancel=job.should_cancel)

        return self._action(self.store_lane, work, "sync", self.tr("Updating from the watched folders"))

    def watch_add(self, folder: str) -> Job:
        work = lambda _job: self._ws().watch_add(folder)  # noqa: E731
        return self._action(self.store_lane, work, "settings", self.tr("Watching a folder"))

    def watch_remove(self, folder: str) -> Job:
        work = lambda _job: self._ws().watch_remove(folder)  # noqa: E731
        return self._action(self.store_lane, work, "settings", self.tr("No longer watching a folder"))

    def watched_directories(self, folders: Sequence[str], limit: int) -> Job:
        """The folders and subfolders a live watcher listens to, listed off the GUI thread."""
        return self.files_lane.run(lambda _job: directories(folders, limit), "list folders")

    # -- chat ----------------------------------------------------------------------------------

    def choice(self, backend: str = "", model: str = "") -> BackendChoice | None:
        """A chat's back end and model, filled in from Settings where the chat leaves them empty."""
        return self.workspace.choice(backend or None, model or None) if self.workspace else None

    def load_chat_model(self, choice: BackendChoice | None = None) -> Job:
        """Load (or connect to) the chat back end ahead of the first question."""
        choice = choice or self.choice()
        self.model_state.emit("loading", choice)

        def work(_job: Job) -> object:
            model = self._ws().chat_model(choice)
            model.ready()  # e.g. a server that is down is reported now, not at the first question
            return model

        job = self.model_lane.run(work, "load model")
        job.succeeded.connect(lambda _model: self.model_state.emit("ready", choice))
        job.failed.connect(lambda exc: self.model_state.emit(plain_words(exc), choice))
        return job

    def test_backend(self, choice: BackendChoice, settings: Settings, token: str = "") -> Job:
        """Check a back end with settings that may not be saved yet; on the network lane, never the model's."""

        def work(_job: Job) -> ProbeResult:
            ws = self._ws()
            if token:
                ws.tokens.set(HF_TOKEN, token)
            return probe_backend(choice, settings, self.paths.models_dir, ws.tokens)

        return self.download_lane.run(work, "test connection")

    def store_token(self, token: str) -> Job:
        """Keyring calls can block (D-Bus), so they run off the GUI thread. Empty: forget the token."""
        return self.download_lane.run(lambda _job: self._ws().tokens.set(HF_TOKEN, token), "store token")

    def ask(
        self,
        conversation: Conversation,
        question: str,
        choice: BackendChoice | None = None,
        *,
        replace_from: int | None = None,
    ) -> Job:
        """Ask in a chat (the core saves the question at once and the answer as it streams); the
        job reports the sources, streams the text, and its result is a ``Done[ChatReply]``."""
        snapshot = copy.deepcopy(conversation)

        def work(job: Job) -> object:
            return self._ws().ask_in_chat(
                snapshot, question, choice=choice, replace_from=replace_from,
                on_sources=job.report, on_token=job.stream, should_cancel=job.should_cancel,
            )  # fmt: skip

        job = self.model_lane.run(work, "answer")
        job.succeeded.connect(self._broadcast)
        return job

    def summarize(self, doc_id: str) -> Job:
        """Summarise a document into a new chat; reports ``SummaryProgress``; cancel-safe."""

        def work(job: Job) -> object:
            return self._ws().summarize(doc_id, on_progress=job.report, should_cancel=job.should_cancel)

        return self._action(self.model_lane, work, "summarize", self.tr("Summarising"))

    def set_chat_scope(self, conversation: Conversation, scope: ChatScope) -> Job:
        snapshot = copy.deepcopy(conversation)

        return self.chat_action(
            lambda: self._ws().set_chat_scope(snapshot, scope), self.tr("Choosing what the chat answers from")
        )

    def list_collections(self) -> Job:
        return self.files_lane.run(lambda _job: self._ws().list_collections(), "list collections")

    def _collection_action(self, action: Callable[[Workspace], object], what: str) -> Job:
        return self._action(self.files_lane, lambda _job: action(self._ws()), "collection", what)

    def create_collection(self, name: str, doc_ids: Sequence[str]) -> Job:
        return self._collection_action(lambda ws: ws.create_collection(name, doc_ids), self.tr("Making a collection"))

    def add_to_collection(self, collection_id: str, doc_ids: Sequence[str]) -> Job:
        return self._collection_action(
            lambda ws: ws.add_to_collection(collection_id, doc_ids), self.tr("Adding to the collection")
        )

    def remove_from_collection(self, collection_id: str, doc_ids: Sequence[str]) -> Job:
        return self._collection_action(
            lambda ws: ws.remove_from_collection(collection_id, doc_ids),
            self.tr("Taking documents out of the collection"),
        )

    def rename_collection(self, collection_id: str, name: str) -> Job:
        return self._collection_action(
            lambda ws: ws.rename_collection(collection_id, name), self.tr("Renaming the collection")
        )

    def delete_collection(self, collection_id: str) -> Job:
        return self._collection_action(
            lambda ws: ws.delete_collection(collection_id), self.tr("Deleting the collection")
        )

    # -- models ------------------------------------------------------------------------------

    def model_manager(self) -> ModelManager:
        return ModelManager(self.paths.models_dir)

    def list_models(self) -> Job:
        manager = self.model_manager()
        return self.download_lane.run(lambda _job: manager.installed(self._ws().settings), "list models")

    def add_model(self, path: Path) -> Job:
        return self._action(
            self.download_lane, lambda _job: self._ws().add_model(path), "add model", self.tr("Adding a model")
        )

    def remove_model(self, file: str) -> Job:
        work = lambda _job: self._ws().remove_model(file)  # noqa: E731
        return self._action(self.download_lane, work, "remove model", self.tr("Removing a model"))

    def use_model(self, file: str) -> Job:
        """Make an installed model the active chat or embedding model (after queued work is done)."""
        return self._action(
            self.store_lane, lambda _job: self._ws().use_model(file), "settings", self.tr("Choosing a model")
        )

    def verify_models(self, files: Sequence[str]) -> Job:
        manager = self.model_manager()

        def work(job: Job) -> list[tuple[bool, str]]:
            results = []
            for file in files:
                if job.should_cancel():
                    break
                results.append(manager.verify(file))
                job.report(results[-1])
            return results

        return self.download_lane.run(work, "verify models")

    def download_model(self, entry: CatalogEntry, *, once: bool = False) -> Job:
        """``once``: a download the person agreed to while offline mode is on (see Workspace.download_model)."""

        def work(job: Job) -> object:
            return self._ws().download_model(
                entry,
                on_progress=job.report,
                should_cancel=job.should_cancel,
                should_pause=job.should_pause,
                once=once,
            )

        job = self.download_lane.run(work, "download")
        job.succeeded.connect(self._broadcast)
        return job

    # -- settings ------------------------------------------------------------------------------

    def apply_settings(self, settings: Settings) -> Job:
        """Applied on the store lane once queued work is done; engines reload lazily (the chat pane
        asks for its back end again on ``settings_changed``). The result is a core ``SettingsChange``."""
        changes = dict(settings.__dict__)
        return self._action(
            self.store_lane, lambda _job: self._ws().change_settings(**changes), "settings", self.tr("Saving settings")
        )

    def set_cloud(self, enabled: bool) -> Job:
        work = lambda _job: self._ws().set_cloud(enabled)  # noqa: E731
        return self._action(self.store_lane, work, "settings", self.tr("Turning the cloud endpoint on or off"))
