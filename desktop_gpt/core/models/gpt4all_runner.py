"""GPT4All's engine, run in a helper process (the default) or in this one (the helper itself, benchmarks).

Both runners offer the same three calls: ``generate`` streams pieces of a reply to a callback that
can stop it, ``embed`` turns one text into a vector, and ``close``. The helper-process runner
restarts its helper on the next call after it died, loading the model again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from desktop_gpt.core.app.child import ChildProcess, decode_floats, error_class
from desktop_gpt.core.app.errors import ModelError
from desktop_gpt.core.models.engine import open_gpt4all

#: How often the app checks for Stop while it waits for the next piece (seconds).
POLL_SECONDS = 0.05


class Runner(Protocol):
    def generate(
        self, prompt: str, params: dict[str, Any], on_piece: Callable[[str], bool], should_stop: Callable[[], bool]
    ) -> str | None:
        """Stream the reply's pieces to ``on_piece`` (False stops it). Returns the engine's error text, if any."""
        ...

    def embed(self, text: str, prefix: str) -> tuple[list[float], int]: ...

    def close(self) -> None: ...


class LocalRunner:
    """The engine in this process."""

    def __init__(self, path: Path, *, n_ctx: int, n_threads: int, embedding: bool) -> None:
        self._gpt, self.info = open_gpt4all(path, n_ctx=n_ctx, n_threads=n_threads, expect_embedding=embedding)
        self._lock = threading.Lock()  # the native model serves one thread at a time

    def generate(
        self, prompt: str, params: dict[str, Any], on_piece: Callable[[str], bool], should_stop: Callable[[], bool]
    ) -> str | None:
        engine_error: list[str] = []

        def callback(token_id: int, text: str) -> bool:
            if token_id == -1:  # the engine reports errors through the token stream
                engine_error.append(text)
                return False
            return on_piece(text) and not should_stop()

        with self._lock:
            try:
                self._gpt.model.prompt_model(prompt, "%1", callback, **params)
            except Exception as exc:
                raise ModelError(f"The chat model failed: {exc}") from exc
        return engine_error[0] if engine_error else None

    def embed(self, text: str, prefix: str) -> tuple[list[float], int]:
        with self._lock:
            try:
                result = self._gpt.model.generate_embeddings(text, prefix, -1, True, False, None)
            except Exception as exc:
                raise ModelError(f"The embedding model failed: {exc}") from exc
        return list(result["embeddings"]), int(result["n_prompt_tokens"])

    def close(self) -> None:
        with self._lock:
            self._gpt.close()


def raise_reply_error(error: dict[str, str]) -> None:
    """A typed error the helper reported, raised here as the same type."""
    raise error_class(error.get("type", ""), ModelError)(error.get("message", "The engine failed."))


class ChildRunner:
    """The engine in a helper process: a crash there is a :class:`ChildDiedError` here, never an abort."""

    def __init__(self, path: Path, *, n_ctx: int, n_threads: int, embedding: bool, label: str) -> None:
        self._load = {"op": "load", "path": str(path), "n_ctx": n_ctx, "n_threads": n_threads, "embedding": embedding}
        self._child = ChildProcess("gpt4all", label=label)
        self._lock = threading.Lock()
        self._generation = 0
        self._start()

    @property
    def pid(self) -> int | None:
        return self._child.pid

    def _start(self) -> None:
        self._child.start()
        try:
            self._child.send(self._load)
            self._result()
        except BaseException:
            self._child.kill()
            raise

    def _ensure_running(self) -> None:
        if not self._child.running:
            self._start()

    def _result(self) -> dict[str, Any]:
        while True:
            reply = self._child.receive(timeout=None)
            assert reply is not None
            if "error" in reply:
                raise_reply_error(reply["error"])
            if "ok" in reply:
                return reply["ok"]

    def generate(
        self, prompt: str, params: dict[str, Any], on_piece: Callable[[str], bool], should_stop: Callable[[], bool]
    ) -> str | None:
        with self._lock:
            self._ensure_running()
            self._generation += 1
            ident = self._generation
            self._child.send({"op": "generate", "id": ident, "prompt": prompt, "params": params})
            stopping = False
            while True:
                reply = self._child.receive(timeout=POLL_SECONDS)
                if reply is None or "token" in reply:
                    wants_more = reply is None or on_piece(reply["token"])
                    if not stopping and (not wants_more or should_stop()):
                        self._child.send({"op": "stop", "id": ident})
                        stopping = True
                    continue
                if "error" in reply:
                    raise_reply_error(reply["error"])
                return reply["done"].get("error")

    def embed(self, text: str, prefix: str) -> tuple[list[float], int]:
        with self._lock:
            self._ensure_running()
            self._child.send({"op": "embed", "text": text, "prefix": prefix})
            result = self._result()
            return decode_floats(result["vector"]), int(result["tokens"])

    def close(self) -> None:
        with self._lock:
            self._child.close()
