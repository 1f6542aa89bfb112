"""Embedding engines behind one small interface, and a LangChain ``Embeddings`` adapter.

GPT4All is called one text at a time: measured on this machine, ``Embed4All.embed(list)`` was
about 4x slower than one call per text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from langchain_core.embeddings import Embeddings

from desktop_gpt.core.engine import locate_model, open_gpt4all
from desktop_gpt.core.errors import CancelledError, ModelError


@dataclass(frozen=True)
class TaskPrefixes:
    """Some models embed queries and documents differently (nomic-embed: search_query/search_document)."""

    query: str = ""
    document: str = ""


#: Known task prefixes by model-name fragment. GPT4All takes the task name, without the colon.
KNOWN_PREFIXES: dict[str, TaskPrefixes] = {
    "nomic-embed": TaskPrefixes(query="search_query", document="search_document"),
}


def prefixes_for(model_name: str) -> TaskPrefixes:
    lowered = model_name.lower()
    for fragment, prefixes in KNOWN_PREFIXES.items():
        if fragment in lowered:
            return prefixes
    return TaskPrefixes()


class EmbeddingEngine(Protocol):
    """What the pipeline needs from an embedding engine."""

    @property
    def model_id(self) -> str:
        """Identifies the vector space: vectors from different ids must never be compared."""
        ...

    @property
    def dimension(self) -> int: ...

    def embed_documents(
        self,
        texts: Sequence[str],
        *,
        on_progress: Callable[[int, int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...

    def close(self) -> None: ...


class Gpt4AllEmbeddingEngine:
    """All-MiniLM, nomic-embed and other GGUF embedding models through GPT4All's engine."""

    def __init__(self, model_path: Path, *, n_threads: int) -> None:
        self._model, info = open_gpt4all(model_path, n_ctx=2048, n_threads=n_threads, expect_embedding=True)
        self._lock = threading.Lock()  # one thread at a time in the native model
        self._prefixes = prefixes_for(model_path.name)
        self._model_id = f"gpt4all:{model_path.name}"
        self._dimension = info.embedding_length or len(self.embed_query("dimension probe"))
        self.tokens_embedded = 0

    @classmethod
    def from_models_dir(cls, models_dir: Path, file_name: str, *, n_threads: int) -> Gpt4AllEmbeddingEngine:
        return cls(locate_model(models_dir, file_name), n_threads=n_threads)

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension

    def _embed_one(self, text: str, prefix: str) -> list[float]:
        if not text.strip():
            text = "."  # the engine rejects texts that tokenize to nothing
        with self._lock:
            try:
                result = self._model.model.generate_embeddings(text, prefix, -1, True, False, None)
            except Exception as exc:
                raise ModelError(f"The embedding model failed: {exc}") from exc
        self.tokens_embedded += int(result["n_prompt_tokens"])
        return list(result["embeddings"])

    def embed_documents(
        self,
        texts: Sequence[str],
        *,
        on_progress: Callable[[int, int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> list[list[float]]:
        vectors: list[list[float]] = []
        for done, text in enumerate(texts, start=1):
            if should_cancel is not None and should_cancel():
                raise CancelledError()
            vectors.append(self._embed_one(text, self._prefixes.document))
            if on_progress is not None:
                on_progress(done, len(texts))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._embed_one(text, self._prefixes.query)

    def close(self) -> None:
        with self._lock:
            self._model.close()


class EngineEmbeddings(Embeddings):
    """Exposes any :class:`EmbeddingEngine` as a LangChain ``Embeddings`` object."""

    def __init__(self, engine: EmbeddingEngine) -> None:
        self.engine = engine

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.engine.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.engine.embed_query(text)
