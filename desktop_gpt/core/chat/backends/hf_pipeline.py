"""Transformers back end: a local model folder, or a GGUF file transformers can load, run on the CPU.

``transformers`` and ``torch`` are an optional extra (``pip install ".[hf]"``); without them this back
end says how to install them. Nothing is fetched: every load is ``local_files_only``. Generation
runs on its own thread and streams through ``TextIteratorStreamer``; stop is a stopping criterion
checked at every token, so the model stops within one token rather than running to the end.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.errors import BackendError, BackendModelMissingError, BackendUnavailableError, ModelLoadError
from desktop_gpt.core.app.settings import HF_PIPELINE
from desktop_gpt.core.chat.llm import ChatBackend, Generation, Messages, Stream
from desktop_gpt.core.chat.prompting import CHATML_TEMPLATE, ChatTemplate
from desktop_gpt.core.models.engine import quiet_native_stderr

INSTALL_HINT = 'Install the optional extra first: pip install "desktop-gpt[hf]" (transformers and PyTorch).'


#: The built app leaves PyTorch out (build.spec): there is nothing to install into it.
FROZEN_HINT = (
    "This build of Desktop GPT does not include the Transformers back end (PyTorch alone is over a gigabyte). "
    "Use GPT4All or Ollama, or run Desktop GPT from its source with the optional extra."
)


def _import_transformers() -> Any:
    try:
        import torch  # noqa: F401
        import transformers
    except ImportError as exc:
        if getattr(sys, "frozen", False):
            raise BackendUnavailableError(FROZEN_HINT) from exc
        raise BackendUnavailableError(
            f"The Transformers back end is not installed ({exc.name}). {INSTALL_HINT}"
        ) from exc
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return transformers


class HfPipelineChatModel(ChatBackend):
    backend = HF_PIPELINE

    def __init__(self, source: str, *, context_length: int, n_threads: int) -> None:
        if not source:
            raise BackendModelMissingError(
                "No Transformers model is chosen. In Settings, pick a local model folder or a GGUF file."
            )
        path = Path(source).expanduser()
        if not path.exists():
            raise BackendModelMissingError(f"The Transformers model {path} does not exist.")
        is_gguf = path.is_file() and path.suffix.lower() == ".gguf"
        if not is_gguf and not (path / "config.json").is_file():
            raise BackendModelMissingError(
                f"{path} is neither a Transformers model folder (it has no config.json) nor a GGUF file."
            )
        transformers = _import_transformers()
        import torch

        torch.set_num_threads(max(1, n_threads))
        folder, extra = (path.parent, {"gguf_file": path.name}) if is_gguf else (path, {})
        try:
            with quiet_native_stderr():  # the GGUF converter draws a progress bar of its own on stderr
                self._tokenizer = transformers.AutoTokenizer.from_pretrained(folder, local_files_only=True, **extra)
                self._model = transformers.AutoModelForCausalLM.from_pretrained(
                    folder, local_files_only=True, dtype=torch.float32, **extra
                )
        except (OSError, ValueError, KeyError, RuntimeError, ImportError) as exc:
            raise ModelLoadError(f"Transformers could not load {path.name}: {exc}") from exc
        self._model.eval()
        self._template: ChatTemplate | None = None
        if not getattr(self._tokenizer, "chat_template", None):
            self._template = ChatTemplate(
                CHATML_TEMPLATE, bos_token="", eos_token=str(self._tokenizer.eos_token or ""), engine_adds_bos=False
            )
        self.path = path
        self.name = path.name
        limit = int(getattr(self._model.config, "max_position_embeddings", 0) or context_length)
        self.context_length = min(context_length, limit)
        self._lock = threading.Lock()

    def format(self, messages: Messages) -> str:
        if self._template is not None:
            return self._template.render(messages, add_generation_prompt=True)
        return str(self._tokenizer.apply_chat_template(list(messages), add_generation_prompt=True, tokenize=False))

    def count_tokens(self, messages: Messages) -> int:
        return self.count_text_tokens(self.format(messages))

    def count_text_tokens(self, text: str) -> int:
        return len(self._tokenizer(text, add_special_tokens=False)["input_ids"])

    def health(self) -> str:
        params = sum(p.numel() for p in self._model.parameters()) / 1e6
        return f"{self.name}: {self._model.config.model_type}, {params:.0f}M parameters, context {self.context_length}."

    def _generate(self, messages: Messages, max_tokens: int, temperature: float, stream: Stream) -> Generation:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        inputs = self._tokenizer(self.format(messages), return_tensors="pt", add_special_tokens=False)
        prompt_tokens = stream.prompt_tokens_estimate = int(inputs["input_ids"].shape[1])
        halt = threading.Event()
        generated = [0]

        class Halt(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> bool:
                generated[0] = int(input_ids.shape[1]) - prompt_tokens
                return halt.is_set() or stream.cancelled()

        streamer = TextIteratorStreamer(self._tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=None)
        failure: list[BaseException] = []
        sampling = {"do_sample": True, "temperature": temperature, "top_p": 0.95} if temperature > 0 else {}

        def run() -> None:
            try:
                with torch.inference_mode():
                    self._model.generate(
                        **inputs,
                        max_new_tokens=max_tokens,
                        streamer=streamer,
                        stopping_criteria=StoppingCriteriaList([Halt()]),
                        repetition_penalty=1.15,
                        pad_token_id=self._tokenizer.eos_token_id,
                        **({"do_sample": False} | sampling),
                    )
            except BaseException as exc:  # surfaced on the caller's thread below
                failure.append(exc)
                streamer.end()

        ended: list[bool] = []

        def pieces() -> Iterator[str]:
            yield from streamer
            ended.append(True)

        with self._lock:
            worker = threading.Thread(target=run, name="transformers-generate", daemon=True)
            worker.start()
            try:
                stream.consume(pieces())
            finally:
                halt.set()
                if not ended:  # wait for the end signal that generate() sends once the criterion stops it
                    for _ in streamer:
                        pass
                worker.join()
        if failure:
            raise BackendError(f"The Transformers model failed: {failure[0]}") from failure[0]
        return stream.result(tokens=generated[0])

    def close(self) -> None:
        with self._lock:
            self._model = None
