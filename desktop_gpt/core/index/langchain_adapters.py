"""LangChain adapters over the core's engines, kept apart so the app does not import LangChain
at start-up (it costs about half a second)."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from desktop_gpt.core.index.embeddings import EmbeddingEngine


class EngineEmbeddings(Embeddings):
    """Exposes any :class:`EmbeddingEngine` as a LangChain ``Embeddings`` object."""

    def __init__(self, engine: EmbeddingEngine) -> None:
        self.engine = engine

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.engine.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.engine.embed_query(text)
