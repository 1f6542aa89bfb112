"""Ollama back end: a model server many people already run, with newer model families than GPT4All's engine.

The chat goes through ``langchain-ollama`` (streamed NDJSON from ``/api/chat``); the model list and
the health check use the ``ollama`` client it is built on. Each way of failing gets its own message:
a server that is not running, an address that refuses or cannot be found, a model that is not
pulled, a stream cut halfway.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from desktop_gpt.core.app.errors import (
    BackendError,
    BackendModelMissingError,
    BackendUnavailableError,
    CloudNotAllowedError,
)
from desktop_gpt.core.app.settings import OLLAMA
from desktop_gpt.core.chat.llm import Messages, ServerBackend

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 600.0  # a large model on a CPU can take minutes over a long prompt


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class OllamaChatModel(ServerBackend):
    backend = OLLAMA
    incomplete_message = (
        "The connection to Ollama ended before the reply was complete. Ask again; if it keeps happening, "
        "check the Ollama server's log."
    )

    def __init__(self, url: str, model: str, *, context_length: int, offline_mode: bool) -> None:
        self.url = url.rstrip("/")
        self.loopback = is_loopback_url(self.url)
        if offline_mode and not self.loopback:
            raise CloudNotAllowedError(
                f"Offline mode is on, so Desktop GPT only talks to an Ollama server on this computer, not "
                f"{self.url}. Use http://127.0.0.1:11434, or turn off offline mode in Settings."
            )
        self.name = model
        self.context_length = context_length

    # -- plumbing -----------------------------------------------------------------------------

    def _client_kwargs(self) -> dict[str, Any]:
        import httpx

        # No proxy for a server on this computer: the request must not leave it.
        return {"timeout": httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S), "trust_env": not self.loopback}

    def _client(self) -> Any:
        import ollama

        return ollama.Client(host=self.url, **self._client_kwargs())

    def _translate(self, exc: BaseException) -> BackendError:
        """Ollama's and httpx's exceptions in plain words, with the fix."""
        import httpx
        import ollama

        if isinstance(exc, BackendError):
            return exc
        if isinstance(exc, ollama.ResponseError):
            text = str(exc.error)
            if exc.status_code == 404 or "not found" in text.lower():
                return BackendModelMissingError(
                    f"Ollama does not have the model “{self.name}”. Pull it first with “ollama pull {self.name}”, "
                    "or choose one of the installed models in Settings (Test connection lists them)."
                )
            if exc.status_code in (401, 403):
                return BackendUnavailableError(
                    f"The Ollama server at {self.url} refused the request ({exc.status_code}: {text}). If it runs "
                    "on another computer, it must allow this one (see OLLAMA_ORIGINS and OLLAMA_HOST)."
                )
            return BackendError(f"Ollama could not answer: {text} (HTTP {exc.status_code}).")
        if isinstance(exc, ConnectionError | httpx.ConnectError):
            if self.loopback:
                return BackendUnavailableError(
                    f"Ollama is not running at {self.url}. Start it (open the Ollama app, or run “ollama serve”), "
                    "or correct the server address in Settings."
                )
            return BackendUnavailableError(
                f"The Ollama server at {self.url} refused the connection or could not be reached. Check the "
                "address, that the server is running, and that it listens beyond its own machine (OLLAMA_HOST)."
            )
        if isinstance(exc, httpx.TimeoutException):
            return BackendError(f"Ollama at {self.url} did not answer in time ({type(exc).__name__}).")
        if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
            return BackendError(
                f"The connection to Ollama broke in the middle of the reply ({exc}). Ask again; if it keeps "
                "happening, check the Ollama server's log."
            )
        if isinstance(exc, httpx.HTTPError | ValueError):
            return BackendError(f"Ollama sent something Desktop GPT could not read: {exc}")
        raise exc

    # -- the interface ------------------------------------------------------------------------

    def list_models(self) -> list[str]:
        try:
            listed = self._client().list()
        except Exception as exc:
            raise self._translate(exc) from exc
        return sorted(str(m.model) for m in listed.models if m.model)

    def ready(self) -> None:
        self.health()

    def health(self) -> str:
        import httpx

        try:
            response = httpx.get(f"{self.url}/api/version", **self._client_kwargs())
            response.raise_for_status()
            version = response.json().get("version", "?")
        except Exception as exc:
            raise self._translate(ConnectionError() if isinstance(exc, httpx.ConnectError) else exc) from exc
        models = self.list_models()
        if self.name and self.name not in models and f"{self.name}:latest" not in models:
            raise self._translate(_missing_model(self.name))
        chosen = f"; answering with {self.name}" if self.name else "; no model chosen yet"
        return f"Ollama {version} at {self.url}: {len(models)} model(s){chosen}."

    def _pieces(self, messages: Messages, max_tokens: int, temperature: float, finished: list[bool]) -> Iterator[str]:
        if not self.name:
            raise BackendModelMissingError(
                "No Ollama model is chosen. Pick one in Settings (Test connection lists the pulled models)."
            )
        from langchain_ollama import ChatOllama

        model = ChatOllama(
            model=self.name,
            base_url=self.url,
            num_ctx=self.context_length,
            num_predict=max_tokens,
            temperature=temperature,
            client_kwargs=self._client_kwargs(),
        )
        for chunk in model.stream([(m["role"], m["content"]) for m in messages]):
            if chunk.response_metadata.get("done") is True:
                finished.append(True)
            yield str(chunk.content)


def _missing_model(name: str) -> Exception:
    import ollama

    return ollama.ResponseError(f'model "{name}" not found, try pulling it first', 404)
