"""The core's one entry point for a data folder: it wires settings, store, engines and model files,
and every action a person can take is one method here.

The command line and the window are thin adapters over these methods: neither decides a rule on
its own. Each action returns what it changed (:class:`~desktop_gpt.core.app.changes.Changes`), so
the window refreshes its panes from that. Engines and the store open lazily: changing a setting
never imports LanceDB, listing documents never loads a model, a search never loads the chat model.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from desktop_gpt.core.app.changes import Changes, Done
from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.secrets import TokenStore
from desktop_gpt.core.app.settings import Settings, open_settings, save_settings
from desktop_gpt.core.chat.answer import Answer, Answerer, Source
from desktop_gpt.core.chat.backends import open_backend
from desktop_gpt.core.chat.conversations import (
    SCOPE_COLLECTION,
    SCOPE_DOCUMENTS,
    ChatScope,
    Conversation,
    ConversationStore,
)
from desktop_gpt.core.chat.followup import Turn
from desktop_gpt.core.chat.llm import BackendChoice, ChatBackend
from desktop_gpt.core.chat.registry import backend_spec
from desktop_gpt.core.chat.summary import Summariser, Summary, SummaryProgress
from desktop_gpt.core.chat.turns import ChatReply, run_turn
from desktop_gpt.core.documents.isolated import IsolatedLoader
from desktop_gpt.core.documents.ocr import PageRecogniser
from desktop_gpt.core.documents.view import DocumentView, document_view
from desktop_gpt.core.index.collections import Collection, CollectionStore
from desktop_gpt.core.index.embeddings import EmbeddingEngine, embedding_model_id, open_embedding_engine
from desktop_gpt.core.index.ingest import Ingestor, IngestProgress, IngestReport, collect_files
from desktop_gpt.core.index.ranking import vector_query
from desktop_gpt.core.index.records import DocumentRecord, IndexSpec, SearchHit
from desktop_gpt.core.index.store import DocumentStore
from desktop_gpt.core.index.sync import SyncReport, sync_folders
from desktop_gpt.core.models.model_manager import CatalogEntry, InstalledModel, ModelManager

Progress = Callable[[IngestProgress], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class LibraryEntry:
    record: DocumentRecord
    needs_reindex: bool

    @property
    def status(self) -> str:
        if self.record.status == "failed":
            return "failed"
        return "needs re-index" if self.needs_reindex else "ready"


@dataclass(frozen=True)
class SettingsChange:
    """A settings action's outcome: the new settings, and the documents that now need re-indexing."""

    settings: Settings
    reindex_keys: list[str]  # e.g. ["chunk_size"]
    documents_to_reindex: list[DocumentRecord]
    changes: Changes


class Workspace:
    def __init__(
        self,
        paths: AppPaths,
        settings: Settings | None = None,
        tokens: TokenStore | None = None,
        notify: Callable[[str], None] | None = None,
        *,
        writer: bool = True,
    ) -> None:
        """``notify`` hears each notice as it arises (the CLI prints it); all are kept in :attr:`notices`.

        ``writer`` is True in the one process that writes to the data folder, the holder of its lock
        (:mod:`desktop_gpt.core.app.lock`): only it repairs the store. A command that only reads
        while the window runs passes False and reads the store as it is."""
        self.paths = paths.ensure()
        self.writer = writer
        #: What the person must be told about opening: damaged files set aside, a store repaired.
        self.notices: list[str] = []
        self._notify = notify
        found: list[str] = []
        if settings is None:
            settings, found = open_settings(paths.settings_file)
        self.settings = settings
        self.tokens = tokens if tokens is not None else TokenStore()
        self.conversations = ConversationStore(paths.chats_dir)
        self.collections = CollectionStore(paths.collections_file)
        self._notices_given: set[str] = set()  # said once a session (e.g. "this model cannot write Korean")
        self.conversations.list()  # a damaged chat is set aside now, and said with the rest
        self._tell([*found, *self.conversations.notices])
        self._store: DocumentStore | None = None
        self._embedder: EmbeddingEngine | None = None
        self._reader: IsolatedLoader | None = None  # for document_view (the viewer); ingest has its own
        self._chat: tuple[tuple[object, ...], ChatBackend] | None = None  # (what it was built from, back end)
        self._lock = threading.Lock()

    @cached_property
    def models(self) -> ModelManager:
        """Installed model files and the catalog (read on first use)."""
        return ModelManager(self.paths.models_dir)

    @property
    def store(self) -> DocumentStore:
        sys.audit("desktop_gpt.store")  # the GUI tests fail when the window's thread gets here
        with self._lock:
            if self._store is None:
                self._store = DocumentStore(self.paths.store_dir, repair=self.writer)
                self._tell(self._store.repairs.notices)
            return self._store

    def _tell(self, notices: Sequence[str]) -> None:
        for notice in notices:
            self.notices.append(notice)
            if self._notify is not None:
                self._notify(notice)

    # -- settings --------------------------------------------------------------------------------

    def change_settings(self, **changes: object) -> SettingsChange:
        """Validate, save and apply; a new embedding model or chunking marks documents for re-indexing."""
        return self._apply(self.settings.with_changes(**changes))

    def change_setting(self, key: str, text: str) -> SettingsChange:
        """One setting from text, parsed and validated by the settings model (``settings KEY VALUE``)."""
        return self._apply(self.settings.with_text_value(key, text))

    def set_cloud(self, enabled: bool) -> SettingsChange:
        """Turn the cloud endpoint on (after the person saw what is sent) or off."""
        return self._apply(self.settings.with_cloud(enabled))

    def _apply(self, new: Settings) -> SettingsChange:
        old = self.settings
        save_settings(new, self.paths.settings_file)
        with self._lock:
            if new.embedding_model != old.embedding_model and self._embedder is not None:
                self._embedder.close()
                self._embedder = None
            self.settings = new  # a chat back end built from older settings is rebuilt on its next use
        keys = new.reindex_keys_changed(old)
        stale = [e.record for e in self.library() if e.needs_reindex] if keys else []
        models = new.chat_model != old.chat_model or new.embedding_model != old.embedding_model
        changes = Changes(settings=new != old, documents=bool(keys), models=models)
        return SettingsChange(new, keys, stale, changes)

    # -- engines ---------------------------------------------------------------------------------

    @property
    def embedder(self) -> EmbeddingEngine:
        with self._lock:
            if self._embedder is None:
                self._embedder = open_embedding_engine(
                    self.paths.models_dir, self.settings.embedding_model, n_threads=self.settings.cpu_threads
                )
            return self._embedder

    @property
    def embedding_model_id(self) -> str:
        """The vector space in use, known without loading the engine."""
        return embedding_model_id(self.settings.embedding_model)

    @property
    def index_spec(self) -> IndexSpec:
        """How documents are embedded now, known without loading the engine."""
        s = self.settings
        return IndexSpec(self.embedding_model_id, s.chunk_size, s.chunk_overlap)

    def choice(self, backend: str | None = None, model: str | None = None) -> BackendChoice:
        """The back end and model to answer with: the settings' default unless a chat names its own."""
        backend = backend or self.settings.chat_backend
        return BackendChoice(backend, model or self.settings.model_for(backend))

    def chat_model(self, choice: BackendChoice | None = None) -> ChatBackend:
        """The back end for ``choice``, loaded once and kept; one chat model is held at a time."""
        choice = choice or self.choice()
        with self._lock:
            # Only the settings this back end is built from: a new Ollama address never reloads GPT4All.
            key = (choice, *(getattr(self.settings, name) for name in backend_spec(choice.backend).settings_keys))
            if self._chat is not None and self._chat[0] != key:
                self._chat[1].close()
                self._chat = None
            if self._chat is None:
                self._chat = (key, open_backend(choice, self.settings, self.paths.models_dir, self.tokens))
            return self._chat[1]

    def ingestor(self, force: Sequence[str] = ()) -> Ingestor:
        ocr = PageRecogniser(
            self.paths.tessdata_dir, self.paths.ocr_cache_dir, self.settings.ocr_languages,
            workers=min(self.settings.cpu_threads, os.cpu_count() or 1),
        )  # fmt: skip
        return Ingestor(self.store, self.embedder, self.settings, force=force, ocr=ocr)

    def answerer(self, choice: BackendChoice | None = None) -> Answerer:
        return Answerer(self.store, self.embedder, lambda: self.chat_model(choice), self.settings, self._notices_given)

    # -- library ---------------------------------------------------------------------------------

    def library(self) -> list[LibraryEntry]:
        spec = self.index_spec
        return [LibraryEntry(r, r.needs_reindex(spec)) for r in self.store.list_documents()]

    def ingest(
        self, paths: Sequence[str | Path], *, on_progress: Progress | None = None, should_cancel: Cancel | None = None
    ) -> IngestReport:
        """Add files and folders (recursively). Unchanged files are skipped; changed ones replaced."""
        return self.ingestor().ingest(paths, on_progress=on_progress, should_cancel=should_cancel)

    def reindex(
        self,
        refs: Sequence[str] | None = None,
        *,
        on_progress: Progress | None = None,
        should_cancel: Cancel | None = None,
    ) -> IngestReport:
        """Read and embed documents again: ``refs`` (ids, paths or names), or all that need it.

        Cancel-safe: a document's new chunks replace its old ones only once they are complete, so a
        cancelled or failed re-index leaves every document searchable as it was.
        """
        records = self._resolve(refs) if refs is not None else [e.record for e in self.library() if e.needs_reindex]
        ingestor = self.ingestor(force=[r.doc_id for r in records])
        return ingestor.ingest([r.path for r in records], on_progress=on_progress, should_cancel=should_cancel)

    def remove(self, refs: Sequence[str]) -> Done[list[DocumentRecord]]:
        """Remove documents (by id, id prefix, path or file name) and all their passages."""
        records = self._resolve(refs)
        removed = [self.store.remove_document(r.doc_id) for r in records]
        gone = [r.doc_id for r in removed]
        for collection in self.collections.list():  # a removed document leaves its collections
            if set(gone) & set(collection.doc_ids):
                self.collections.remove_documents(collection.collection_id, gone)
        return Done(removed, Changes(documents=bool(removed)))

    # -- watched folders -------------------------------------------------------------------------

    def watch_add(self, folder: str | Path) -> SettingsChange:
        """Follow a folder: its documents are indexed by the next :meth:`sync` and kept in step."""
        path = Path(folder).expanduser().resolve()
        if not path.is_dir():
            raise DesktopGptError(f"{path} is not a folder that can be watched.")
        text = str(path)
        watched = self.settings.watched_folders
        if text in watched:
            raise DesktopGptError(f"{text} is already watched.")
        if any(_inside(text, w) for w in watched):
            raise DesktopGptError(f"{text} is inside a folder already watched.")
        # A folder that holds watched folders takes their place.
        kept = tuple(w for w in watched if not _inside(w, text))
        return self._apply(self.settings.with_changes(watched_folders=(*kept, text)))

    def watch_remove(self, folder: str | Path) -> SettingsChange:
        """Stop following a folder. Its documents stay in the library (remove them to let them go)."""
        text = str(Path(folder).expanduser().resolve())
        watched = self.settings.watched_folders
        match = next((w for w in watched if w in (text, str(folder))), None)
        if match is None:
            raise DesktopGptError(f"{folder} is not a watched folder.")
        return self._apply(self.settings.with_changes(watched_folders=tuple(w for w in watched if w != match)))

    def sync(self, *, on_progress: Progress | None = None, should_cancel: Cancel | None = None) -> SyncReport:
        """One pass over the watched folders: new and changed files indexed, deleted ones removed,
        moved ones given their new path (see :mod:`desktop_gpt.core.index.sync`)."""
        return sync_folders(
            self.settings.watched_folders, self.store, self.ingestor, self.paths.watch_state_file,
            on_progress=on_progress, should_cancel=should_cancel,
        )  # fmt: skip

    def _resolve(self, refs: Sequence[str]) -> list[DocumentRecord]:
        """Documents by id, id prefix, path or file name, reading the library once."""
        docs = self.store.list_documents()
        return [self.store.resolve(ref, docs) for ref in refs]

    def search(self, query: str, *, k: int, mode: str, doc_ids: Sequence[str] | None = None) -> list[SearchHit]:
        vector = self.embedder.embed_query(vector_query(query)) if query.strip() else None
        if vector is None:
            return []
        return self.store.search(
            self.embedder.model_id, query_text=query, query_vector=vector, k=k, mode=mode, doc_ids=doc_ids
        )

    # -- models ----------------------------------------------------------------------------------

    def installed_models(self) -> list[InstalledModel]:
        return self.models.installed(self.settings)

    def use_model(self, file: str) -> SettingsChange:
        """Make an installed model the active chat or embedding model, whichever it is."""
        model = self.models.describe(self.paths.models_dir / file, self.settings)
        if model.problem or not model.path.exists():
            raise DesktopGptError(model.problem or f"No installed model named {file}.")
        key = "embedding_model" if model.kind == "embedding" else "chat_model"
        return self.change_settings(**{key: file})

    def add_model(self, source: Path) -> Done[InstalledModel]:
        return Done(self.models.add_local(source, self.settings), Changes(models=True))

    def remove_model(self, file: str) -> Done[str]:
        self.models.remove(file, self.settings)
        return Done(file, Changes(models=True))

    def download_model(
        self,
        entry: CatalogEntry,
        *,
        on_progress: Callable[[object], None] | None = None,
        should_cancel: Cancel | None = None,
        should_pause: Cancel | None = None,
        once: bool = False,
    ) -> Done[InstalledModel]:
        """``once``: the person agreed to this one connection while offline mode stays on (the welcome)."""
        model = self.models.download(
            entry,
            self.settings,
            on_progress=on_progress,
            should_cancel=should_cancel,
            should_pause=should_pause,
            once=once,
        )
        return Done(model, Changes(models=True))

    # -- chats -----------------------------------------------------------------------------------

    def new_chat(self, title: str = "", scope: ChatScope | None = None) -> Done[Conversation]:
        if scope is not None:
            self.scope_doc_ids(scope)  # refused now if it names nothing that is in the library
        return self.conversations.create(title, scope)

    def scope_of(self, docs: Sequence[str] = (), collection: str = "") -> ChatScope:
        """The scope named by documents (ids, paths or names) or a collection (name or id); neither: the library."""
        if docs and collection:
            raise DesktopGptError("Give documents or a collection for a chat, not both.")
        if collection:
            return ChatScope(SCOPE_COLLECTION, collection=self.collections.find(collection).collection_id)
        if docs:
            return ChatScope(SCOPE_DOCUMENTS, documents=tuple(dict.fromkeys(r.doc_id for r in self._resolve(docs))))
        return ChatScope()

    def scope_doc_ids(self, scope: ChatScope) -> list[str] | None:
        """The documents a chat answers from now (None: the whole library)."""
        if scope.kind == SCOPE_COLLECTION:
            match = [c for c in self.collections.list() if c.collection_id == scope.collection]
            if not match:
                raise DesktopGptError("This chat's collection was deleted. Choose what the chat answers from.")
            known = {r.doc_id for r in self.store.list_documents()}
            doc_ids = [d for d in match[0].doc_ids if d in known]
            if not doc_ids:
                raise DesktopGptError(f"The collection {match[0].name!r} has no documents yet. Add some to it first.")
            return doc_ids
        if scope.kind == SCOPE_DOCUMENTS:
            known = {r.doc_id for r in self.store.list_documents()}
            doc_ids = [d for d in scope.documents if d in known]
            if not doc_ids:
                raise DesktopGptError(
                    "The documents this chat answers from are no longer in the library. "
                    "Choose what the chat answers from."
                )
            return doc_ids
        return None

    def set_chat_scope(self, chat: str | Conversation, scope: ChatScope) -> Done[Conversation]:
        """Answer from ``scope`` in this chat (refused if it names nothing in the library)."""
        self.scope_doc_ids(scope)
        return self.conversations.set_scope(self.conversations.ensure(chat), scope)

    def find_chat(self, ref: str) -> Conversation:
        return self.conversations.find(ref)

    def ask_in_chat(
        self,
        chat: str | Conversation,
        question: str,
        *,
        choice: BackendChoice | None = None,
        replace_from: int | None = None,
        on_sources: Callable[[list[Source]], None] | None = None,
        on_token: Callable[[str], None] | None = None,
        on_extract: Callable[[str], None] | None = None,
        should_cancel: Cancel | None = None,
    ) -> Done[ChatReply]:
        """Ask in a saved chat: its scope limits the passages, its earlier turns shape a follow-up,
        and the question and the streaming answer are saved as they come (:mod:`..chat.turns`)."""
        conversation_id = self.conversations.ensure(chat)
        conversation = self.conversations.get(conversation_id)
        doc_ids = self.scope_doc_ids(conversation.scope)
        choice = choice or self.choice(conversation.backend or None, conversation.model or None)

        def answer(history: list[Turn], stream: Callable[[str], None]) -> Answer:
            return self.answerer(choice).ask(
                question, doc_ids=doc_ids, history=history, on_sources=on_sources, on_token=stream,
                on_extract=on_extract, should_cancel=should_cancel,
            )  # fmt: skip

        return run_turn(
            self.conversations, conversation_id, question, answer, replace_from=replace_from, on_token=on_token
        )

    def summarize(
        self,
        doc: str,
        *,
        chat: str | None = None,
        choice: BackendChoice | None = None,
        on_progress: Callable[[SummaryProgress], None] | None = None,
        should_cancel: Cancel | None = None,
    ) -> Done[tuple[Summary, Conversation]]:
        """Summarise a document (map-reduce over all its passages) and keep it as a message in
        ``chat`` (id or name), or in a new chat that answers from that document alone."""
        record = self._resolve([doc])[0]
        if record.status != "ready":
            raise DesktopGptError(f"{record.name} could not be read, so it cannot be summarised: {record.error}")
        if chat is not None:
            conversation = self.conversations.find(chat)
        else:
            scope = ChatScope(SCOPE_DOCUMENTS, documents=(record.doc_id,))
            conversation = self.conversations.create(f"Summary of {record.name}", scope).result
        chunks = self.store.chunks_of(self.embedding_model_id, record.doc_id)
        done: list[Summary] = []

        def answer(_history: list[Turn], _stream: Callable[[str], None]) -> Answer:
            model = self.chat_model(choice or self.choice(conversation.backend or None, conversation.model or None))
            summariser = Summariser(
                model, temperature=self.settings.temperature, on_progress=on_progress, should_cancel=should_cancel
            )
            summary = summariser.summarise(record, chunks)
            done.append(summary)
            return Answer(
                f"Summarize {record.name}", summary.text, summary.sources, model=summary.model,
                backend=summary.backend, cloud=model.is_cloud, timings=summary.timings,
            )  # fmt: skip

        turn = run_turn(self.conversations, conversation.conversation_id, f"Summarize {record.name}", answer)
        return Done((done[0], turn.result.conversation), turn.changes)

    # -- collections -----------------------------------------------------------------------------

    def list_collections(self) -> list[Collection]:
        """Collections with only the documents still in the library."""
        return self.collections.list(r.doc_id for r in self.store.list_documents())

    def create_collection(self, name: str, docs: Sequence[str] = ()) -> Done[Collection]:
        doc_ids = [r.doc_id for r in self._resolve(docs)] if docs else []
        return Done(self.collections.create(name, doc_ids), Changes(collections=True))

    def add_to_collection(self, name: str, docs: Sequence[str]) -> Done[Collection]:
        return Done(self.collections.add(name, [r.doc_id for r in self._resolve(docs)]), Changes(collections=True))

    def remove_from_collection(self, name: str, docs: Sequence[str]) -> Done[Collection]:
        doc_ids = [r.doc_id for r in self._resolve(docs)]
        return Done(self.collections.remove_documents(name, doc_ids), Changes(collections=True))

    def rename_collection(self, name: str, new_name: str) -> Done[Collection]:
        return Done(self.collections.rename(name, new_name), Changes(collections=True))

    def delete_collection(self, name: str) -> Done[Collection]:
        """Delete the group only: its documents stay in the library."""
        return Done(self.collections.delete(name), Changes(collections=True))

    def rename_chat(self, conversation: Conversation, title: str) -> Done[Conversation]:
        return self.conversations.rename(conversation, title)

    def delete_chat(self, conversation_id: str) -> Done[str]:
        return self.conversations.remove(conversation_id)

    # -- lifecycle -------------------------------------------------------------------------------

    def document_view(self, path: Path) -> DocumentView:
        """A document that is not a PDF as the viewer shows it (its text with headings and page
        labels), read like any document: in a helper, with its limits."""
        with self._lock:
            if self._reader is None:
                self._reader = IsolatedLoader()
            reader = self._reader
        return document_view(reader.load(Path(path), max_bytes=self.settings.max_file_mb * 2**20))

    def close(self) -> None:
        with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
            if self._embedder is not None:
                self._embedder.close()
                self._embedder = None
            if self._chat is not None:
                self._chat[1].close()
                self._chat = None


def _inside(path: str, folder: str) -> bool:
    return Path(folder) in Path(path).parents


__all__ = ["LibraryEntry", "SettingsChange", "Workspace", "collect_files"]
