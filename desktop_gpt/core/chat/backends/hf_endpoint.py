"""Hugging Face endpoint back end: the one back end that sends data off this computer.

It is off by default. It refuses to run while offline mode is on, and until the user has read what
it sends (the question and the retrieved passages) and confirmed. The token comes from the system
keyring (:mod:`desktop_gpt.core.app.secrets`) and is handed to the HTTP client only; it is never
written to the settings file or a log. The protocol is streamed chat completions, through
``huggingface_hub``'s ``InferenceClient``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from desktop_gpt.core.app.errors import (
    BackendError,
    BackendModelMissingError,
    BackendUnavailableError,
    CloudNotAllowedError,
)
from desktop_gpt.core.app.settings import HF_ENDPOINT
from desktop_gpt.core.chat.llm import Messages, ServerBackend

TIMEOUT_S = 120.0


class HfEndpointChatModel(ServerBackend):
    backend = HF_ENDPOINT
    is_cloud = True
    incomplete_message = "The Hugging Face endpoint's reply ended before it was complete. Ask again."

    def __init__(
        self,
        endpoint: str,
        token: Callable[[], str | None],
        *,
        context_length: int,
        offline_mode: bool,
        consent: bool,
    ) -> None:
        """``token`` reads the token from the keyring; it is called only when a request is made."""
        if offline_mode:
            raise CloudNotAllowedError(
                "Offline mode is on, so the Hugging Face endpoint (a cloud service) is blocked and nothing was "
                "sent. Turn off offline mode in Settings to use it, or answer this chat with a local back end."
            )
        if not consent:
            raise CloudNotAllowedError(
                "The Hugging Face endpoint is not turned on. It sends your question and the retrieved passages "
                "off this computer, so it needs your confirmation first: turn it on in Settings."
            )
        if not endpoint:
            raise BackendModelMissingError(
                "No Hugging Face endpoint is set. Enter its address or a model id in Settings."
            )
        self.endpoint = endpoint.rstrip("/")
        self.is_url = self.endpoint.startswith(("https://", "http://"))
        self.name = self.endpoint
        self.context_length = context_length
        self._token = token

    def __repr__(self) -> str:  # never show the token
        return f"HfEndpointChatModel({self.endpoint!r})"

    def _client(self) -> Any:
        from huggingface_hub import InferenceClient

        if self.is_url:
            return InferenceClient(base_url=self.endpoint, token=self._token() or None, timeout=TIMEOUT_S)
        return InferenceClient(model=self.endpoint, token=self._token() or None, timeout=TIMEOUT_S)

    def _translate(self, exc: BaseException) -> BackendError:
        import httpx
        from huggingface_hub.errors import HfHubHTTPError

        if isinstance(exc, BackendError):
            return exc
        if isinstance(exc, HfHubHTTPError):
            status = exc.response.status_code if exc.response is not None else None
            if status in (401, 403):
                return BackendUnavailableError(
                    f"The Hugging Face endpoint refused the access token (HTTP {status}). Enter a valid token in "
                    "Settings."
                )
            if status == 404:
                return BackendModelMissingError(f"The Hugging Face endpoint has no model or route “{self.endpoint}”.")
            if status == 429:
                return BackendError("The Hugging Face endpoint says too many requests (HTTP 429). Wait and ask again.")
            if status == 503:
                return BackendError("The Hugging Face endpoint is starting or overloaded (HTTP 503). Try again soon.")
            return BackendError(f"The Hugging Face endpoint failed (HTTP {status}).")
        if isinstance(exc, httpx.ConnectError):
            return BackendUnavailableError(
                f"Could not reach the Hugging Face endpoint at {self.endpoint}. Check the address and the "
                "internet connection."
            )
        if isinstance(exc, httpx.TimeoutException):
            return BackendError("The Hugging Face endpoint did not answer in time.")
        if isinstance(exc, httpx.HTTPError):
            return BackendError(f"The connection to the Hugging Face endpoint broke mid-reply ({exc}). Ask again.")
        if isinstance(exc, ValueError):
            return BackendError(f"The Hugging Face endpoint sent something Desktop GPT could not read: {exc}")
        raise exc

    def health(self) -> str:
        """A one-token request: the only honest test of an endpoint, its token and its model."""
        self.chat([{"role": "user", "content": "Say OK."}], max_tokens=1, temperature=0.0)
        return f"The Hugging Face endpoint {self.endpoint} answered (cloud: data leaves this computer)."

    def _pieces(self, messages: Messages, max_tokens: int, temperature: float, finished: list[bool]) -> Iterator[str]:
        client = self._client()  # kept referenced: the stream closes when the client is collected
        chunks = client.chat_completion(
            messages=list(messages), max_tokens=max_tokens, temperature=max(temperature, 0.0), stream=True
        )
        for chunk in chunks:
            if not chunk.choices:
                continue
            choice = chunk.choices[0]
            if choice.finish_reason:
                finished.append(True)
            yield choice.delta.content or ""
