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

from desktop_gpt.core.app.errors import CancelledError, ModelError
from desktop_gpt.core.models.engine import checked_model_file, locate_model
from desktop_gpt.core.models.gpt4all_runner import ChildRunner, LocalRunner, Runner


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

    #: How similar unrelated texts already are for this model (0 for most; see answer.is_relevant).
    similarity_baseline: float

    def embed_documents(
        self,
        texts: Sequence[str],
        *,
        on_progress: Callable[[int, int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...

    def count_tokens(self, text: str) -> int:
        """How long ``text`` is for this model, in its tokens (chunks are measured with it)."""
        ...

    @property
    def max_input_tokens(self) -> int:
        """The longest text (in :meth:`count_tokens`) the model embeds whole."""
        ...

    def close(self) -> None: ...


class _EngineIdentity:
    """What every engine shares: the vector-space id derived from its file, its dimension, and a
    running count of tokens embedded (for throughput figures)."""

    def __init__(self, model_path: Path) -> None:
        self._model_id = embedding_model_id(model_path.name)
        self._dimension = 0
        self.tokens_embedded = 0
        self.similarity_baseline = 0.0

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension


class Gpt4AllEmbeddingEngine(_EngineIdentity):
    """All-MiniLM, nomic-embed and other GGUF embedding models through GPT4All's engine, which runs
    in a helper process (a crash there fails the document being embedded, never the app)."""

    def __init__(self, model_path: Path, *, n_threads: int, in_process: bool = False) -> None:
        info = checked_model_file(model_path, expect_embedding=True)
        self._runner: Runner
        if in_process:
            self._runner = LocalRunner(model_path, n_ctx=2048, n_threads=n_threads, embedding=True)
        else:
            self._runner = ChildRunner(
                model_path, n_ctx=2048, n_threads=n_threads, embedding=True, label="the embedding model"
            )
        self._prefixes = prefixes_for(model_path.name)
        self._context = min(info.context_length or 512, 512)
        super().__init__(model_path)
        self._dimension = info.embedding_length or len(self.embed_query("dimension probe"))
        self.tokens_embedded = 0  # the probe is not the user's work

    def _embed_one(self, text: str, prefix: str) -> list[float]:
        if not text.strip():
            text = "."  # the engine rejects texts that tokenize to nothing
        vector, tokens = self._runner.embed(text, prefix)
        self.tokens_embedded += tokens
        return vector

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

    def count_tokens(self, text: str) -> int:
        """An estimate: GPT4All does not expose the model's tokenizer here. One token per three bytes
        of UTF-8 is one per Hangul syllable or CJK character, about one per English word piece."""
        return len(text.encode("utf-8")) // 3 + 1

    @property
    def max_input_tokens(self) -> int:
        return self._context - 2

    def close(self) -> None:
        self._runner.close()


class OnnxEmbeddingEngine(_EngineIdentity):
    """A sentence-transformers model exported to ONNX, run by ONNX Runtime in batches.

    Expects ``NAME.onnx`` with ``NAME.tokenizer.json`` beside it. Mean pooling over the attention
    mask, then L2 normalisation, as sentence-transformers does for all-MiniLM-L6-v2. A model may
    describe itself in its ONNX metadata (``desktop_gpt.query_prefix``, ``.document_prefix``,
    ``.max_tokens``): the converted multilingual-e5 does (see convert_e5.py).
    """

    MAX_TOKENS = 256  # without metadata: the sentence-transformers max_seq_length of all-MiniLM-L6-v2
    BATCH = 4  # measured here: 4.0–5.4k tokens/s for 1–8 (noise), 2.7–3.9k at 32 (padding, allocation)

    def __init__(self, model_path: Path, *, n_threads: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        tokenizer_path = model_path.with_suffix(".tokenizer.json")
        if not model_path.is_file() or not tokenizer_path.is_file():
            raise ModelError(f"{model_path.name} needs {tokenizer_path.name} beside it.")
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, n_threads)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Idle ONNX Runtime threads otherwise busy-wait after every call, taking the CPU from the
        # chat model (measured: +48% time to first token) and from the PDF reader thread.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.enable_cpu_mem_arena = False
        try:
            self._session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
            self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as exc:
            raise ModelError(f"The embedding model {model_path.name} could not be loaded: {exc}") from exc
        meta = self._session.get_modelmeta().custom_metadata_map
        self.max_tokens = int(meta.get("desktop_gpt.max_tokens", self.MAX_TOKENS))
        self._prefixes = TaskPrefixes(
            query=meta.get("desktop_gpt.query_prefix", ""), document=meta.get("desktop_gpt.document_prefix", "")
        )
        self._tokenizer.no_truncation()  # done in _token_ids, so count_tokens sees whole texts
        self._tokenizer.no_padding()
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()
        super().__init__(model_path)
        self.similarity_baseline = float(meta.get("desktop_gpt.similarity_baseline", 0.0))  # e5: 0.78
        self._dimension = int(self._session.get_outputs()[0].shape[-1])

    def _embed_batch(self, texts: Sequence[str]) -> list[list[float]]:
        import numpy as np

        encodings = self._token_ids(texts)
        width = max(len(e) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding)] = encoding
            mask[row, : len(encoding)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            (hidden,) = self._session.run(None, feeds)[:1]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        self.tokens_embedded += int(mask.sum())
        return [list(map(float, row)) for row in pooled]

    def embed_documents(
        self,
        texts: Sequence[str],
        *,
        on_progress: Callable[[int, int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> list[list[float]]:
        # Similar lengths together: less padding per batch. Results go back in the given order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        done = 0
        for start in range(0, len(order), self.BATCH):
            if should_cancel is not None and should_cancel():
                raise CancelledError()
            batch = order[start : start + self.BATCH]
            prefixed = [self._prefixes.document + (texts[i] or ".") for i in batch]
            for index, vector in zip(batch, self._embed_batch(prefixed), strict=True):
                vectors[index] = vector
            done += len(batch)
            if on_progress is not None:
                on_progress(done, len(texts))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._embed_batch([self._prefixes.query + (text or ".")])[0]

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` alone, as the model reads it (no prefix, no special tokens, not cut)."""
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    @property
    def max_input_tokens(self) -> int:
        """The longest document (in :meth:`count_tokens`) embedded whole: the limit less the prefix
        and special tokens."""
        probe = "a"  # the prefix's trailing space joins the text's first word: measure them together
        overhead = len(self._tokenizer.encode(self._prefixes.document + probe).ids) - self.count_tokens(probe)
        return self.max_tokens - overhead

    def _token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids cut to the model's limit, keeping the closing special token."""
        cut = self.max_tokens
        return [
            e.ids if len(e.ids) <= cut else e.ids[: cut - 1] + e.ids[-1:]
            for e in self._tokenizer.encode_batch(list(texts))
        ]

    def close(self) -> None:
        with self._lock:
            self._session = None


def open_embedding_engine(models_dir: Path, file_name: str, *, n_threads: int) -> EmbeddingEngine:
    """The engine for a model file: ``.onnx`` runs on ONNX Runtime, ``.gguf`` on GPT4All."""
    path = locate_model(models_dir, file_name)
    if path.suffix == ".onnx":
        return OnnxEmbeddingEngine(path, n_threads=n_threads)
    return Gpt4AllEmbeddingEngine(path, n_threads=n_threads)


def embedding_model_id(file_name: str) -> str:
    """The vector-space id of a model file, known without loading it."""
    return f"{'onnx' if file_name.endswith('.onnx') else 'gpt4all'}:{file_name}"
