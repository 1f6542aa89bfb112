"""The one place that constructs GPT4All engine objects: validated, offline, quiet.

Every model file is inspected before the native engine sees it (the engine aborts the process on
some inputs; it runs in a helper process, see gpt4all_runner.py), downloads are always disabled,
and the engine's noisy probing of GPU libraries is kept off the terminal.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.errors import ModelLoadError, ModelNotFoundError
from desktop_gpt.core.models.modelfiles import GgufInfo, check_runnable, inspect_gguf

log = logging.getLogger(__name__)
_stderr_lock = threading.Lock()


@contextlib.contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Silence file descriptor 2 while the engine probes for CUDA/Vulkan libraries it won't find."""
    if os.environ.get("DESKTOP_GPT_DEBUG_ENGINE"):
        yield
        return
    with _stderr_lock:
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError):
            yield
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)


def locate_model(models_dir: Path, file_name: str) -> Path:
    path = models_dir / file_name
    if not path.is_file():
        raise ModelNotFoundError(
            f"The model '{file_name}' is not installed in {models_dir}. "
            "Run the set-up command from the README, or choose another model in the settings."
        )
    return path


def checked_model_file(path: Path, *, expect_embedding: bool) -> GgufInfo:
    """What a GGUF file is, once it is known the engine can run it as a chat or embedding model."""
    info = inspect_gguf(path)
    check_runnable(info)
    if expect_embedding != info.is_embedding_model:
        kind = "an embedding" if expect_embedding else "a chat"
        raise ModelLoadError(f"{path.name} is not {kind} model (architecture '{info.architecture}').")
    return info


def open_gpt4all(path: Path, *, n_ctx: int, n_threads: int, expect_embedding: bool) -> tuple[Any, GgufInfo]:
    """Load a GGUF file with GPT4All on the CPU, in this process (the engine's helper process calls this)."""
    info = checked_model_file(path, expect_embedding=expect_embedding)
    from gpt4all import GPT4All

    with quiet_native_stderr():
        try:
            model = GPT4All(
                path.name,
                model_path=path.parent,
                allow_download=False,
                n_threads=n_threads,
                device="cpu",
                n_ctx=n_ctx,
                verbose=False,
            )
        except Exception as exc:
            raise ModelLoadError(f"The engine could not load {path.name}: {exc}") from exc
    return model, info
