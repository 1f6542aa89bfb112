"""The chat back ends, each declared once: its id, label, the settings it is built from, whether it
is a cloud service (and what a person must read before turning it on), and how it is built.

Everything that differs between back ends is here: the picker's labels, the cloud marker, the
consent text, and which setting changes reopen a back end (changing the Ollama address reopens the
Ollama client, never the local GPT4All model). Implementations load only when first built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_gpt.core.app.errors import SettingsError
from desktop_gpt.core.app.secrets import HF_TOKEN, TokenStore
from desktop_gpt.core.app.settings import GPT4ALL, HF_ENDPOINT, HF_PIPELINE, OLLAMA, Settings

if TYPE_CHECKING:
    from desktop_gpt.core.chat.llm import BackendChoice, ChatBackend

Factory = Callable[["BackendChoice", Settings, Path, TokenStore], "ChatBackend"]

CLOUD_CONSENT = (
    "The Hugging Face endpoint is a cloud service. When a chat uses it, each question you ask and the "
    "passages Desktop GPT retrieves from your documents to answer it (up to the context budget, with "
    "document names and page numbers) are sent over the internet to the endpoint you configure, "
    "together with your access token. The documents themselves, your library and other chats stay on "
    "this computer. Chats that use it are marked “cloud”."
)


@dataclass(frozen=True)
class BackendSpec:
    id: str
    label: str
    settings_keys: tuple[str, ...]  # the settings it is built from: a change to one of them reopens it
    factory: Factory
    is_cloud: bool = False
    consent: str = ""  # shown, and confirmed, before a cloud back end can be turned on

    def default_model(self, settings: Settings) -> str:
        return settings.model_for(self.id)


def _gpt4all(choice: BackendChoice, s: Settings, models_dir: Path, _tokens: TokenStore) -> ChatBackend:
    from desktop_gpt.core.chat.backends.gpt4all import Gpt4AllChatModel

    return Gpt4AllChatModel.from_models_dir(
        models_dir, choice.model, context_length=s.context_length, n_threads=s.cpu_threads, batch_size=s.batch_size
    )


def _ollama(choice: BackendChoice, s: Settings, _models_dir: Path, _tokens: TokenStore) -> ChatBackend:
    from desktop_gpt.core.chat.backends.ollama import OllamaChatModel

    return OllamaChatModel(s.ollama_url, choice.model, context_length=s.context_length, offline_mode=s.offline_mode)


def _hf_pipeline(choice: BackendChoice, s: Settings, _models_dir: Path, _tokens: TokenStore) -> ChatBackend:
    from desktop_gpt.core.chat.backends.hf_pipeline import HfPipelineChatModel

    return HfPipelineChatModel(choice.model, context_length=s.context_length, n_threads=s.cpu_threads)


def _hf_endpoint(choice: BackendChoice, s: Settings, _models_dir: Path, tokens: TokenStore) -> ChatBackend:
    from desktop_gpt.core.chat.backends.hf_endpoint import HfEndpointChatModel

    return HfEndpointChatModel(
        choice.model,
        lambda: tokens.get(HF_TOKEN),
        context_length=s.context_length,
        offline_mode=s.offline_mode,
        consent=s.hf_endpoint_consent,
    )


REGISTRY: dict[str, BackendSpec] = {
    spec.id: spec
    for spec in (
        BackendSpec(GPT4ALL, "GPT4All (local GGUF)", ("context_length", "cpu_threads", "batch_size"), _gpt4all),
        BackendSpec(OLLAMA, "Ollama (local server)", ("ollama_url", "context_length", "offline_mode"), _ollama),
        BackendSpec(HF_PIPELINE, "Transformers (local)", ("context_length", "cpu_threads"), _hf_pipeline),
        BackendSpec(
            HF_ENDPOINT,
            "Hugging Face endpoint (cloud)",
            ("context_length", "offline_mode", "hf_endpoint_consent"),
            _hf_endpoint,
            is_cloud=True,
            consent=CLOUD_CONSENT,
        ),
    )
}


def backend_spec(backend_id: str) -> BackendSpec:
    try:
        return REGISTRY[backend_id]
    except KeyError:
        raise SettingsError(f"Unknown chat back end '{backend_id}'.") from None
