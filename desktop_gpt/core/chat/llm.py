"""One chat-model interface for the four back ends: GPT4All, Ollama, transformers and a Hugging Face endpoint.

A back end takes chat messages (the retrieved passages are already inside them), streams the reply
piece by piece through ``on_token``, stops promptly when ``should_cancel`` says so, and reports
what it is, how much context it has and whether it works. Only the Hugging Face endpoint sends
anything off the machine; it is marked ``is_cloud`` and needs the user's explicit opt-in.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from desktop_gpt.core.app.errors import BackendError
from desktop_gpt.core.app.settings import CHAT_BACKENDS as BACKENDS
from desktop_gpt.core.app.settings import HF_PIPELINE
from desktop_gpt.core.chat.prompting import estimate_tokens
from desktop_gpt.core.chat.registry import REGISTRY

Messages = Sequence[dict[str, str]]
BACKEND_LABELS = {spec.id: spec.label for spec in REGISTRY.values()}
CLOUD_BACKENDS = frozenset(spec.id for spec in REGISTRY.values() if spec.is_cloud)


@dataclass(frozen=True)
class BackendChoice:
    """Which back end and model answer a chat. ``model`` means what the back end calls a model:
    a GGUF file name, an Ollama tag, a local folder or file, an endpoint URL or model id."""

    backend: str
    model: str

    @property
    def is_cloud(self) -> bool:
        return self.backend in CLOUD_BACKENDS

    @property
    def label(self) -> str:
        short = self.model.rstrip("/").rsplit("/", 1)[-1] if self.backend == HF_PIPELINE else self.model
        return f"{BACKEND_LABELS.get(self.backend, self.backend)} · {short or 'no model chosen'}"


@dataclass(frozen=True)
class Generation:
    text: str
    tokens: int
    stopped: bool  # True when the caller asked to stop before the model finished
    prompt_tokens_estimate: int
    time_to_first_token: float | None
    seconds: float

    @property
    def tokens_per_second(self) -> float:
        if self.time_to_first_token is None or self.tokens < 2:
            return 0.0
        return (self.tokens - 1) / max(1e-9, self.seconds - self.time_to_first_token)


LOOP_WINDOW = 160


def _is_looping(pieces: list[str]) -> bool:
    """Small models can fall into repeating whole paragraphs; stop once the tail repeats verbatim."""
    if len(pieces) < 48 or len(pieces) % 8:
        return False
    text = "".join(pieces)
    tail = text[-LOOP_WINDOW:]
    return len(text) > 2 * LOOP_WINDOW and text.find(tail) < len(text) - LOOP_WINDOW


class Stream:
    """Collects streamed pieces for every back end: first-token time, cancel, and the loop guard."""

    def __init__(self, on_token: Callable[[str], None] | None, should_cancel: Callable[[], bool] | None) -> None:
        self.pieces: list[str] = []
        self.prompt_tokens_estimate = 0  # set by the back end once it has built the prompt
        self.stopped = False
        self.looped = False  # cut off by the loop guard
        self.first: float | None = None
        self.started = time.perf_counter()
        self._on_token = on_token
        self._should_cancel = should_cancel

    def cancelled(self) -> bool:
        if self._should_cancel is not None and self._should_cancel():
            self.stopped = True
        return self.stopped

    def accept(self, text: str) -> bool:
        """Take one piece; False means: stop generating (cancelled, or the model is looping)."""
        if self.cancelled():
            return False
        if not text:  # streams carry empty pieces (a final "done" record, a streamer holding back half a word)
            return True
        if self.first is None:
            self.first = time.perf_counter() - self.started
        self.pieces.append(text)
        if self._on_token is not None:
            self._on_token(text)
        self.looped = _is_looping(self.pieces)
        return not self.looped

    def consume(self, pieces: Iterable[str]) -> None:
        """Feed an iterator of pieces, closing it early on cancel (which ends the server's work too)."""
        iterator = iter(pieces)
        try:
            for piece in iterator:
                if not self.accept(piece):
                    break
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()

    def result(self, tokens: int | None = None) -> Generation:
        """``tokens``: the true count where a piece is not one token (a streamer that yields whole words)."""
        return Generation(
            text="".join(self.pieces),
            tokens=len(self.pieces) if tokens is None else tokens,
            stopped=self.stopped,
            prompt_tokens_estimate=self.prompt_tokens_estimate,
            time_to_first_token=self.first,
            seconds=time.perf_counter() - self.started,
        )


class ChatBackend(ABC):
    """What every chat back end offers the answerer, the GUI and the CLI."""

    backend: ClassVar[str]
    is_cloud: ClassVar[bool] = False

    name: str
    context_length: int
    #: Language codes the model writes well, when known (GPT4All: the GGUF's or the catalog's).
    languages: frozenset[str] | None = None
    #: The model's count of weights, when known (GPT4All: from the GGUF header): a small model's
    #: answers lead with quotes from the passages (see grounding.leads_with_quotes).
    parameters: int | None = None

    def count_tokens(self, messages: Messages) -> int:
        """The prompt's size, for budgeting the retrieved passages (an estimate unless the back end
        knows its model's tokenizer)."""
        return sum(self.count_text_tokens(m["content"]) + 8 for m in messages)

    def count_text_tokens(self, text: str) -> int:
        """Tokens of ``text`` for this model: exact where the back end has the tokenizer (GPT4All
        reads it from the GGUF, Transformers has its own), otherwise a deliberately high estimate."""
        return estimate_tokens(text)

    def chat(
        self,
        messages: Messages,
        *,
        max_tokens: int,
        temperature: float,
        on_token: Callable[[str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> Generation:
        """Stream a reply. Returns when done, on ``max_tokens`` or on cancel (``stopped`` is then True)."""
        return self._generate(messages, max_tokens, temperature, Stream(on_token, should_cancel))

    @abstractmethod
    def _generate(self, messages: Messages, max_tokens: int, temperature: float, stream: Stream) -> Generation:
        """Run the back end, feeding each piece of the reply to ``stream`` and stopping when it says so."""

    @abstractmethod
    def health(self) -> str:
        """A one-line description of a working back end; raises :class:`BackendError` in plain words."""

    def list_models(self) -> list[str]:
        """The models the back end offers, where it has such a list."""
        return []

    def ready(self) -> None:  # noqa: B027 - most back ends are ready once built
        """Called when a chat switches to this back end, before the first question: a local server
        checks that it runs and has the model, so the user learns it now. Never sends a prompt."""

    def close(self) -> None:  # noqa: B027 - most back ends hold nothing to release
        """Release the model or the connection."""


class ServerBackend(ChatBackend):
    """A back end reached over HTTP: it streams pieces and says when the reply is complete.

    Subclasses yield the reply's pieces from :meth:`_pieces` (setting ``finished`` once the server
    marks the end) and put their client library's exceptions in plain words in :meth:`_translate`.
    A stream that ends without that mark is an error, never a silently short answer.
    """

    incomplete_message: ClassVar[str] = "The server's reply ended before it was complete. Ask again."

    @abstractmethod
    def _pieces(self, messages: Messages, max_tokens: int, temperature: float, finished: list[bool]) -> Iterable[str]:
        """The reply, piece by piece; append to ``finished`` when the server marks its end."""

    @abstractmethod
    def _translate(self, exc: BaseException) -> BackendError:
        """The client library's exception in plain words (re-raise what is not a connection matter)."""

    def _generate(self, messages: Messages, max_tokens: int, temperature: float, stream: Stream) -> Generation:
        stream.prompt_tokens_estimate = self.count_tokens(messages)
        finished: list[bool] = []
        try:
            stream.consume(self._pieces(messages, max_tokens, temperature, finished))
        except Exception as exc:
            raise self._translate(exc) from exc
        if not finished and not stream.stopped and not stream.looped:
            raise BackendError(self.incomplete_message)
        return stream.result()


__all__ = [
    "BACKENDS",
    "BackendChoice",
    "BackendError",
    "ChatBackend",
    "Generation",
    "ServerBackend",
    "Stream",
]
