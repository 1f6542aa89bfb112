"""One object that wires settings, store, engines, ingestion and answering for a data directory.

The CLI and the GUI both go through it. Engines load lazily, so listing documents never loads a
model, and a search never loads the chat model.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.secrets import TokenStore
from desktop_gpt.core.app.settings import Settings, load_settings, save_settings
from desktop_gpt.core.chat.answer import Answerer
from desktop_gpt.core.chat.backends import BACKEND_SETTINGS, open_backend
from desktop_gpt.core.chat.llm import BackendChoice, ChatBackend
from desktop_gpt.core.index.embeddings import EmbeddingEngine, embedding_model_id, open_embedding_engine
from desktop_gpt.core.index.ingest import Ingestor
from desktop_gpt.core.index.store import DocumentRecord, DocumentStore, SearchHit


@dataclass(frozen=True)
class LibraryEntry:
    record: DocumentRecord
    needs_reindex: bool

    @property
    def status(self) -> str:
        if self.record.status == "failed":
            return "failed"
        return "needs re-index" if self.needs_reindex else "ready"


class Workspace:
    def __init__(self, paths: AppPaths, settings: Settings | None = None, tokens: TokenStore | None = None) -> None:
        self.paths = paths.ensure()
        self.settings = settings if settings is not None else load_settings(paths.settings_file)
        self.store = DocumentStore(paths.store_dir)
        self.tokens = tokens if tokens is not None else TokenStore()
        self._embedder: EmbeddingEngine | None = None
        self._chat: tuple[tuple[object, ...], ChatBackend] | None = None  # (what it was built from, back end)
        self._lock = threading.Lock()

    # -- settings ----------------------------------------------------------------------------

    def update_settings(self, **changes: object) -> Settings:
        new = self.settings.with_changes(**changes)
        save_settings(new, self.paths.settings_file)
        with self._lock:
            if new.embedding_model != self.settings.embedding_model and self._embedder is not None:
                self._embedder.close()
                self._embedder = None
            self.settings = new  # a back end built from older settings is rebuilt on its next use
        return new

    # -- engines -----------------------------------------------------------------------------

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

    def choice(self, backend: str | None = None, model: str | None = None) -> BackendChoice:
        """The back end and model to answer with: the settings' default unless a chat names its own."""
        backend = backend or self.settings.chat_backend
        return BackendChoice(backend, model or self.settings.model_for(backend))

    def chat_model(self, choice: BackendChoice | None = None) -> ChatBackend:
        """The back end for ``choice``, loaded once and kept; one chat model is held at a time."""
        choice = choice or self.choice()
        with self._lock:
            key = (choice, *(getattr(self.settings, name) for name in BACKEND_SETTINGS))
            if self._chat is not None and self._chat[0] != key:
                self._chat[1].close()
                self._chat = None
            if self._chat is None:
                self._chat = (key, open_backend(choice, self.settings, self.paths.models_dir, self.tokens))
            return self._chat[1]

    def ingestor(self) -> Ingestor:
        return Ingestor(self.store, self.embedder, self.settings)

    def answerer(self, choice: BackendChoice | None = None) -> Answerer:
        return Answerer(self.store, self.embedder, lambda: self.chat_model(choice), self.settings)

    # -- library -----------------------------------------------------------------------------

    def library(self) -> list[LibraryEntry]:
        model = self.embedding_model_id
        return [LibraryEntry(r, r.needs_reindex(model)) for r in self.store.list_documents()]

    def paths_needing_reindex(self) -> list[str]:
        return [e.record.path for e in self.library() if e.needs_reindex]

    def search(self, query: str, *, k: int, mode: str, doc_ids: Sequence[str] | None = None) -> list[SearchHit]:
        vector = self.embedder.embed_query(query) if query.strip() else None
        if vector is None:
            return []
        return self.store.search(
            self.embedder.model_id, query_text=query, query_vector=vector, k=k, mode=mode, doc_ids=doc_ids
        )

    def close(self) -> None:
        with self._lock:
            if self._embedder is not None:
                self._embedder.close()
                self._embedder = None
            if self._chat is not None:
                self._chat[1].close()
                self._chat = None
