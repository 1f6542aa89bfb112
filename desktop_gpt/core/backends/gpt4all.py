"""The local chat model: a GGUF file run by GPT4All, streamed token by token, stoppable."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_gpt.core.engine import locate_model, open_gpt4all
from desktop_gpt.core.errors import ContextOverflowError, ModelError
from desktop_gpt.core.prompting import CHATML_TEMPLATE, ChatTemplate, estimate_tokens


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


class ChatModel:
    def __init__(self, path: Path, *, context_length: int, n_threads: int, batch_size: int) -> None:
        self._gpt, self.info = open_gpt4all(path, n_ctx=context_length, n_threads=n_threads, expect_embedding=False)
        self.name = path.name
        self.context_length = context_length
        self.batch_size = batch_size
        self.template = ChatTemplate(
            self.info.chat_template or CHATML_TEMPLATE,
            bos_token=self.info.bos_token or "",
            eos_token=self.info.eos_token or "",
            engine_adds_bos=self.info.add_bos_token,
        )
        self._lock = threading.Lock()  # the native model serves one thread at a time

    @classmethod
    def from_models_dir(
        cls, models_dir: Path, file_name: str, *, context_length: int, n_threads: int, batch_size: int
    ) -> ChatModel:
        return cls(
            locate_model(models_dir, file_name),
            context_length=context_length,
            n_threads=n_threads,
            batch_size=batch_size,
        )

    def format(self, messages: Sequence[dict[str, str]]) -> str:
        return self.template.render(messages, add_generation_prompt=True)

    def generate(
        self,
        prompt: str,
        *,
        max_tokens: int,
        temperature: float,
        on_token: Callable[[str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> Generation:
        """Run an already formatted prompt. Returns when done, on ``max_tokens`` or on cancel."""
        estimate = estimate_tokens(prompt)
        if estimate + max_tokens > self.context_length:
            raise ContextOverflowError(
                f"The question and its sources need about {estimate + max_tokens} tokens, more than the "
                f"model's context of {self.context_length}. Ask with fewer sources or a larger context length."
            )
        pieces: list[str] = []
        engine_error: list[str] = []
        stopped = False
        first: float | None = None
        started = time.perf_counter()

        def callback(token_id: int, text: str) -> bool:
            nonlocal stopped, first
            if token_id == -1:  # the engine reports errors through the token stream
                engine_error.append(text)
                return False
            if should_cancel is not None and should_cancel():
                stopped = True
                return False
            if first is None:
                first = time.perf_counter() - started
            pieces.append(text)
            if on_token is not None and text:
                on_token(text)
            return not _is_looping(pieces)

        greedy = temperature <= 0.0
        with self._lock:
            try:
                self._gpt.model.prompt_model(
                    prompt,
                    "%1",
                    callback,
                    n_predict=max_tokens,
                    temp=max(temperature, 0.0),
                    top_k=1 if greedy else 40,
                    top_p=0.95,
                    min_p=0.05,
                    repeat_penalty=1.15,
                    repeat_last_n=64,
                    n_batch=self.batch_size,
                    reset_context=True,
                    special=True,
                )
            except Exception as exc:
                raise ModelError(f"The chat model failed: {exc}") from exc
        if engine_error:
            message = engine_error[0].removeprefix("ERROR: ")
            if "context window" in message:
                raise ContextOverflowError(f"The prompt did not fit the model's context: {message}")
            raise ModelError(f"The chat model failed: {message}")
        return Generation(
            text="".join(pieces),
            tokens=len(pieces),
            stopped=stopped,
            prompt_tokens_estimate=estimate,
            time_to_first_token=first,
            seconds=time.perf_counter() - started,
        )

    def close(self) -> None:
        with self._lock:
            self._gpt.close()
