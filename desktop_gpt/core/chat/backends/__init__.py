"""The chat back ends behind :class:`desktop_gpt.core.chat.llm.ChatBackend`, declared in
:mod:`desktop_gpt.core.chat.registry`; ``open_backend`` builds one, ``probe_backend`` tests one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_gpt.core.app.errors import BackendModelMissingError
from desktop_gpt.core.app.secrets import TokenStore
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.chat.llm import BackendChoice, ChatBackend
from desktop_gpt.core.chat.registry import backend_spec


def open_backend(choice: BackendChoice, settings: Settings, models_dir: Path, tokens: TokenStore) -> ChatBackend:
    """Build the back end a chat asked for (see the registry). Nothing is loaded or contacted before the
    checks pass."""
    return backend_spec(choice.backend).factory(choice, settings, models_dir, tokens)


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
