"""GPT4All back end: a local GGUF file run by the bundled engine, streamed token by token, stoppable.

The engine runs in a helper process: if it dies (a native abort, out of memory), the question
fails with the reason and the next one starts a fresh engine; the window is never taken down.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.errors import ContextOverflowError, ModelError
from desktop_gpt.core.app.settings import GPT4ALL
from desktop_gpt.core.chat.llm import ChatBackend, Generation, Messages, Stream
from desktop_gpt.core.chat.prompting import CHATML_TEMPLATE, ChatTemplate, estimate_tokens
from desktop_gpt.core.models.engine import checked_model_file, locate_model
from desktop_gpt.core.models.gguf_tokenizer import count_tokens, gguf_tokenizer
from desktop_gpt.core.models.gpt4all_runner import ChildRunner, LocalRunner, Runner


class Gpt4AllChatModel(ChatBackend):
    backend = GPT4ALL

    def __init__(
        self, path: Path, *, context_length: int, n_threads: int, batch_size: int, in_process: bool = False
    ) -> None:
        """``in_process``: run the engine in this process (only for measuring what the helper costs)."""
        self.info = checked_model_file(path, expect_embedding=False)
        self.runner: Runner
        if in_process:
            self.runner = LocalRunner(path, n_ctx=context_length, n_threads=n_threads, embedding=False)
        else:
            self.runner = ChildRunner(
                path, n_ctx=context_length, n_threads=n_threads, embedding=False, label="the chat model"
            )
        self.path = path
        self.name = path.name
        self.context_length = context_length
        self.batch_size = batch_size
        self.languages = _model_languages(path, self.info.languages)
        self.parameters = self.info.parameters or None
        self.template = ChatTemplate(
            self.info.chat_template or CHATML_TEMPLATE,
            bos_token=self.info.bos_token or "",
            eos_token=self.info.eos_token or "",
            engine_adds_bos=self.info.add_bos_token,
        )

    @classmethod
    def from_models_dir(
        cls, models_dir: Path, file_name: str, *, context_length: int, n_threads: int, batch_size: int
    ) -> Gpt4AllChatModel:
        return cls(
            locate_model(models_dir, file_name),
            context_length=context_length,
            n_threads=n_threads,
            batch_size=batch_size,
        )

    def format(self, messages: Sequence[dict[str, str]]) -> str:
        """The model's own chat template (from the GGUF), rendered here: GPT4All does not apply it."""
        return self.template.render(messages, add_generation_prompt=True)

    def count_tokens(self, messages: Messages) -> int:
        return self.count_text_tokens(self.format(messages))

    def count_text_tokens(self, text: str) -> int:
        tokenizer = self._tokenizer
        return estimate_tokens(text) if tokenizer is None else count_tokens(tokenizer, text) + 1  # + BOS

    @functools.cached_property
    def _tokenizer(self) -> Any | None:
        return gguf_tokenizer(self.path)

    def health(self) -> str:
        return f"{self.name}: {self.info.architecture}, context {self.context_length} tokens, loaded."

    def _generate(self, messages: Messages, max_tokens: int, temperature: float, stream: Stream) -> Generation:
        return self._run(self.format(messages), max_tokens, temperature, stream)

    def generate(
        self,
        prompt: str,
        *,
        max_tokens: int,
        temperature: float,
        on_token: Callable[[str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> Generation:
        """Run a prompt already in the model's chat template. Returns when done, on ``max_tokens`` or on cancel."""
        return self._run(prompt, max_tokens, temperature, Stream(on_token, should_cancel))

    def _run(self, prompt: str, max_tokens: int, temperature: float, stream: Stream) -> Generation:
        estimate = stream.prompt_tokens_estimate = self.count_text_tokens(prompt)
        if estimate + max_tokens > self.context_length:
            raise ContextOverflowError(
                f"The question and its sources need about {estimate + max_tokens} tokens, more than the "
                f"model's context of {self.context_length}. Ask with fewer sources or a larger context length."
            )
        greedy = temperature <= 0.0
        params = {
            "n_predict": max_tokens,
            "temp": max(temperature, 0.0),
            "top_k": 1 if greedy else 40,
            "top_p": 0.95,
            "min_p": 0.05,
            "repeat_penalty": 1.15,
            "repeat_last_n": 64,
            "n_batch": self.batch_size,
            "reset_context": True,
            "special": True,
        }
        engine_error = self.runner.generate(prompt, params, stream.accept, stream.cancelled)
        if engine_error:
            message = engine_error.removeprefix("ERROR: ")
            if "context window" in message:
                raise ContextOverflowError(f"The prompt did not fit the model's context: {message}")
            raise ModelError(f"The chat model failed: {message}")
        return stream.result()

    def close(self) -> None:
        self.runner.close()


def _model_languages(path: Path, from_file: tuple[str, ...]) -> frozenset[str] | None:
    """The languages the model's card names: the catalog's entry, else the GGUF's general.languages."""
    from desktop_gpt.core.models.model_manager import load_catalog

    entry = next((e for e in load_catalog() if e.file == path.name), None)
    if entry is not None:
        return frozenset(entry.languages)
    return frozenset(from_file) or None
