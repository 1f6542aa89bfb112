"""The chat back ends behind :class:`desktop_gpt.core.chat.llm.ChatBackend`; see ``open_backend``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_gpt.core.app.errors import BackendModelMissingError, SettingsError
from desktop_gpt.core.app.secrets import HF_TOKEN, TokenStore
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.chat.llm import GPT4ALL, HF_ENDPOINT, HF_PIPELINE, OLLAMA, BackendChoice, ChatBackend

#: The settings each back end is built from; a change to any of them reopens the back end.
BACKEND_SETTINGS = (
    "chat_model",
    "context_length",
    "cpu_threads",
    "batch_size",
    "offline_mode",
    "ollama_url",
    "ollama_model",
    "hf_pipeline_model",
    "hf_endpoint",
    "hf_endpoint_consent",
)


def open_backend(choice: BackendChoice, settings: Settings, models_dir: Path, tokens: TokenStore) -> ChatBackend:
    """Build the back end a chat asked for. Nothing is loaded or contacted before the checks pass."""
    s = settings
    if choice.backend == GPT4ALL:
        from desktop_gpt.core.chat.backends.gpt4all import Gpt4AllChatModel

        return Gpt4AllChatModel.from_models_dir(
            models_dir,
            choice.model,
            context_length=s.context_length,
            n_threads=s.cpu_threads,
            batch_size=s.batch_size,
        )
    if choice.backend == OLLAMA:
        from desktop_gpt.core.chat.backends.ollama import OllamaChatModel

        return OllamaChatModel(s.ollama_url, choice.model, context_length=s.context_length, offline_mode=s.offline_mode)
    if choice.backend == HF_PIPELINE:
        from desktop_gpt.core.chat.backends.hf_pipeline import HfPipelineChatModel

        return HfPipelineChatModel(choice.model, context_length=s.context_length, n_threads=s.cpu_threads)
    if choice.backend == HF_ENDPOINT:
        from desktop_gpt.core.chat.backends.hf_endpoint import HfEndpointChatModel

        return HfEndpointChatModel(
            choice.model,
            lambda: tokens.get(HF_TOKEN),
            context_length=s.context_length,
            offline_mode=s.offline_mode,
            consent=s.hf_endpoint_consent,
        )
    raise SettingsError(f"Unknown chat back end '{choice.backend}'.")


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    message: str
    models: list[str]


def probe_backend(choice: BackendChoice, settings: Settings, models_dir: Path, tokens: TokenStore) -> ProbeResult:
    """“Test connection”: build the back end from these (possibly unsaved) settings, check it, list its
    models, and let it go. A back end that cannot even start raises its typed error in plain words; one
    that runs but lacks the chosen model is reported with the models it does have."""
    backend = open_backend(choice, settings, models_dir, tokens)
    try:
        models = backend.list_models()
        try:
            return ProbeResult(True, backend.health(), models)
        except BackendModelMissingError as exc:
            return ProbeResult(False, str(exc), models)
    finally:
        backend.close()
