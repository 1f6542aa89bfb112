"""The four chat back ends behind one interface, each against the real thing or a real server on loopback.

* GPT4All and Transformers run the real SmolLM2-135M GGUF on the CPU.
* Ollama and the Hugging Face endpoint are real HTTP servers on 127.0.0.1 that speak their protocols
  (``tests/fake_servers.py``); no Ollama or cloud endpoint can be reached from here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import (
    BackendError,
    BackendModelMissingError,
    BackendUnavailableError,
    CloudNotAllowedError,
)
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.secrets import HF_TOKEN, TokenStore
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.app.workspace import Workspace
from desktop_gpt.core.chat.answer import Answer
from desktop_gpt.core.chat.llm import BackendChoice
from tests.docs import facts_pdf
from tests.fake_servers import ChatCompletionsHandler, OllamaHandler, ServerLog, serve

QUESTION = "Who keeps the lighthouse on Varnholm Island?"
TOKEN = "hf_test_Zq8vNw3LkT5yPx1RmA7cD"
OLLAMA_MODEL = "smollm2:135m"


@pytest.fixture
def ollama() -> Iterator[tuple[str, ServerLog]]:
    with serve(OllamaHandler, models=[OLLAMA_MODEL, "qwen2.5:0.5b"]) as running:
        yield running


@pytest.fixture
def endpoint() -> Iterator[tuple[str, ServerLog]]:
    with serve(ChatCompletionsHandler, token=TOKEN) as running:
        yield running


@pytest.fixture
def indexed(workspace: Workspace, tmp_path: Path) -> Workspace:
    workspace.ingest([facts_pdf(tmp_path / "districts.pdf")])
    return workspace


def _ask(ws: Workspace, choice: BackendChoice, question: str = QUESTION):
    tokens: list[str] = []
    answer = ws.answerer(choice).ask(question, on_token=tokens.append)
    return answer, tokens


def _assert_cites_page_one(answer, tokens: list[str], backend: str) -> None:
    assert answer.backend == backend
    assert len(tokens) > 1, "the reply streams piece by piece"
    assert "".join(tokens).strip() == answer.text and answer.text
    top = answer.sources[0]
    assert (top.number, top.document, top.page) == (1, "districts.pdf", 1)
    assert "Ottilie Brask" in top.text


def _assert_cites_the_passage_it_quotes(answer: Answer, fact: str) -> None:
    """The server quotes the best sentence of any passage it was sent and cites that passage's number:
    the number in the answer must lead to the passage that holds the fact, and be marked cited."""
    number = int(re.findall(r"\[(\d+)\]", answer.text)[-1])
    source = next(s for s in answer.sources if s.number == number)
    assert fact in source.text and source.cited
    assert [s.number for s in answer.sources] == list(range(1, len(answer.sources) + 1))


# -- the same retrieval-and-citation test on every back end ------------------------------------


def test_gpt4all_answers_with_citations(indexed: Workspace, starter_models: dict[str, Path]) -> None:
    answer, tokens = _ask(indexed, BackendChoice("gpt4all", starter_models["chat"].name))
    _assert_cites_page_one(answer, tokens, "gpt4all")
    assert not answer.cloud


def test_ollama_answers_with_citations(indexed: Workspace, ollama: tuple[str, ServerLog]) -> None:
    url, log = ollama
    indexed.change_settings(ollama_url=url)
    answer, tokens = _ask(indexed, BackendChoice("ollama", OLLAMA_MODEL))
    _assert_cites_page_one(answer, tokens, "ollama")
    assert "Ottilie Brask" in answer.text, "the retrieved passage reached the server and came back"
    _assert_cites_the_passage_it_quotes(answer, "Ottilie Brask")
    chat = next(r for r in log.requests if r["path"] == "/api/chat")
    assert chat["body"]["model"] == OLLAMA_MODEL and chat["body"]["stream"] is True
    assert chat["body"]["options"]["num_ctx"] == indexed.settings.context_length
    assert chat["body"]["messages"][0]["role"] == "system"


def test_hf_endpoint_answers_with_citations_after_opt_in(
    indexed: Workspace, endpoint: tuple[str, ServerLog], keyring_dir: Path
) -> None:
    url, log = endpoint
    indexed.tokens.set(HF_TOKEN, TOKEN)
    indexed.change_settings(offline_mode=False, hf_endpoint=url, hf_endpoint_consent=True)
    answer, tokens = _ask(indexed, BackendChoice("hf-endpoint", url))
    _assert_cites_page_one(answer, tokens, "hf-endpoint")
    assert answer.cloud and "Ottilie Brask" in answer.text
    _assert_cites_the_passage_it_quotes(answer, "Ottilie Brask")
    (request,) = log.requests
    assert request["path"] == "/v1/chat/completions" and request["body"]["stream"] is True
    assert request["headers"]["authorization"] == f"Bearer {TOKEN}"


def test_transformers_answers_with_citations_and_stops(indexed: Workspace, starter_models: dict[str, Path]) -> None:
    choice = BackendChoice("hf-pipeline", str(starter_models["chat"]))
    answer, tokens = _ask(indexed, choice)
    _assert_cites_page_one(answer, tokens, "hf-pipeline")

    model = indexed.chat_model(choice)
    assert model.context_length == indexed.settings.context_length
    seen: list[str] = []
    generation = model.chat(
        [{"role": "user", "content": "Count from one to one hundred in words."}],
        max_tokens=200,
        temperature=0.0,
        on_token=seen.append,
        should_cancel=lambda: len(seen) >= 3,
    )
    assert generation.stopped and 3 <= len(seen) <= 4, "stop takes effect within a token"


# -- Ollama: the ways it fails -----------------------------------------------------------------


def _ollama(ws: Workspace, url: str, model: str = OLLAMA_MODEL):
    ws.change_settings(ollama_url=url)
    return ws.chat_model(BackendChoice("ollama", model))


def test_ollama_lists_models_and_reports_health(workspace: Workspace, ollama: tuple[str, ServerLog]) -> None:
    url, _log = ollama
    backend = _ollama(workspace, url)
    assert backend.list_models() == ["qwen2.5:0.5b", OLLAMA_MODEL]
    assert "Ollama 0.12.6" in backend.health() and "2 model(s)" in backend.health()


def test_ollama_not_running_says_how_to_start_it(workspace: Workspace, ollama: tuple[str, ServerLog]) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = _ollama(workspace, f"http://127.0.0.1:{port}")
    for call in (backend.health, backend.list_models, lambda: _chat(backend)):
        with pytest.raises(BackendUnavailableError, match=r"Ollama is not running at .*ollama serve"):
            call()


def test_ollama_remote_address_that_refuses_is_told_apart(settings: Settings, app_paths: AppPaths) -> None:
    ws = Workspace(app_paths, settings.with_changes(offline_mode=False))
    backend = _ollama(ws, "http://192.0.2.1:9")  # TEST-NET-1: never routed
    with pytest.raises(BackendUnavailableError, match="refused the connection or could not be reached"):
        backend.list_models()
    ws.close()


def test_ollama_missing_model_says_to_pull_it(workspace: Workspace, ollama: tuple[str, ServerLog]) -> None:
    url, _log = ollama
    backend = _ollama(workspace, url, "llama3.2:3b")
    with pytest.raises(BackendModelMissingError, match=r"ollama pull llama3.2:3b"):
        _chat(backend)
    with pytest.raises(BackendModelMissingError, match=r"ollama pull llama3.2:3b"):
        backend.health()


def test_ollama_refused_request_is_explained(workspace: Workspace, ollama: tuple[str, ServerLog]) -> None:
    url, log = ollama
    log.status = 403
    with pytest.raises(BackendUnavailableError, match=r"refused the request.*OLLAMA_ORIGINS"):
        _chat(_ollama(workspace, url))


def test_ollama_stream_cut_halfway_is_an_error_not_a_short_answer(
    workspace: Workspace, ollama: tuple[str, ServerLog]
) -> None:
    url, log = ollama
    log.cut_after = 3
    seen: list[str] = []
    with pytest.raises(BackendError, match="broke in the middle of the reply"):
        _chat(_ollama(workspace, url), on_token=seen.append)
    assert len(seen) == 3


def test_ollama_stop_closes_the_stream(workspace: Workspace, ollama: tuple[str, ServerLog]) -> None:
    url, log = ollama
    log.pieces, log.hold_after = 400, 3  # the server is mid-reply when the user stops
    seen: list[str] = []
    generation = _chat(_ollama(workspace, url), on_token=seen.append, should_cancel=lambda: len(seen) >= 2)
    assert generation.stopped and len(seen) == 2
    log.release.set()
    assert log.client_went_away.wait(10), "the server saw the client hang up, so it stops generating"


def test_offline_mode_keeps_ollama_on_this_computer(workspace: Workspace) -> None:
    assert workspace.settings.offline_mode
    with pytest.raises(CloudNotAllowedError, match="only talks to an Ollama server on this computer"):
        _ollama(workspace, "http://192.168.1.20:11434")


def _chat(backend, **kwargs):
    return backend.chat([{"role": "user", "content": "Hello"}], max_tokens=32, temperature=0.0, **kwargs)


# -- the Hugging Face endpoint: opt-in, offline mode, the token --------------------------------


def test_hf_endpoint_sends_nothing_before_opt_in_or_in_offline_mode(
    app_paths: AppPaths, endpoint: tuple[str, ServerLog], keyring_dir: Path
) -> None:
    url, log = endpoint
    ws = Workspace(app_paths, Settings(hf_endpoint=url, offline_mode=False).validate())
    ws.tokens.set(HF_TOKEN, TOKEN)
    ws.ingest([facts_pdf(app_paths.data_dir / "districts.pdf")])
    choice = BackendChoice("hf-endpoint", url)
    with pytest.raises(CloudNotAllowedError, match="needs your confirmation"):
        ws.answerer(choice).ask(QUESTION)
    ws.change_settings(hf_endpoint_consent=True, offline_mode=True)
    with pytest.raises(CloudNotAllowedError, match="Offline mode is on"):
        ws.answerer(choice).ask(QUESTION)
    assert log.requests == [], "nothing reached the endpoint"

    ws.change_settings(offline_mode=False)
    assert ws.answerer(choice).ask(QUESTION).cloud
    assert len(log.requests) == 1
    ws.close()


def test_hf_endpoint_token_stays_out_of_files_and_logs(
    app_paths: AppPaths, endpoint: tuple[str, ServerLog], keyring_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url, log = endpoint
    tokens = TokenStore()
    assert tokens.persistent and tokens.set(HF_TOKEN, TOKEN)
    ws = Workspace(app_paths, Settings(offline_mode=False).validate(), tokens=tokens)
    ws.change_settings(hf_endpoint=url, hf_endpoint_consent=True)
    backend = ws.chat_model(BackendChoice("hf-endpoint", url))
    assert "answered" in backend.health() and TOKEN not in repr(backend)
    ws.close()
    assert log.requests[0]["headers"]["authorization"] == f"Bearer {TOKEN}"

    assert TOKEN not in caplog.text
    for path in app_paths.data_dir.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert TOKEN.encode() not in path.read_bytes(), path
    assert TokenStore().get(HF_TOKEN) == TOKEN, "a new session finds the token in the keyring"


def test_hf_endpoint_rejected_token_is_explained(
    app_paths: AppPaths, endpoint: tuple[str, ServerLog], keyring_dir: Path
) -> None:
    url, _log = endpoint
    ws = Workspace(app_paths, Settings(offline_mode=False, hf_endpoint=url, hf_endpoint_consent=True).validate())
    ws.tokens.set(HF_TOKEN, "hf_wrong")
    with pytest.raises(BackendUnavailableError, match="refused the access token"):
        _chat(ws.chat_model(BackendChoice("hf-endpoint", url)))
    ws.close()


def test_without_a_keyring_the_token_lives_only_in_memory() -> None:
    import keyring.core

    before = keyring.core.get_keyring()
    keyring.core.set_keyring(keyring.core.load_keyring("keyring.backends.fail.Keyring"))
    try:
        tokens = TokenStore()
        assert not tokens.persistent
        assert tokens.set(HF_TOKEN, TOKEN) is False
        assert tokens.get(HF_TOKEN) == TOKEN
        assert TokenStore().get(HF_TOKEN) is None
    finally:
        keyring.core.set_keyring(before)


def test_settings_migrate_to_v4_without_carrying_a_token() -> None:
    from desktop_gpt.core.app.settings import settings_from_json

    migrated = settings_from_json({"schema_version": 3, "chat_model": "x.gguf", "hf_token": TOKEN})
    assert migrated.chat_backend == "gpt4all" and migrated.chat_model == "x.gguf"
    assert TOKEN not in str(migrated.to_json())


def test_a_plain_file_keyring_is_not_taken_for_a_system_keyring(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """keyrings.alt's file keyring, merely installed, would write the token to a file: not a keyring."""
    import keyring.core

    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no keyringrc.cfg
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    before = keyring.core.get_keyring()
    keyring.core.set_keyring(keyring.core.load_keyring("keyrings.alt.file.PlaintextKeyring"))
    try:
        tokens = TokenStore()
        assert not tokens.persistent and tokens.set(HF_TOKEN, TOKEN) is False
        assert not (tmp_path / "data").exists(), "nothing was written to the file keyring"
    finally:
        keyring.core.set_keyring(before)


def test_a_setting_reopens_only_the_back_ends_built_from_it(workspace: Workspace) -> None:
    """Changing the Ollama address keeps the loaded GPT4All model; a new context length reopens it."""
    local = BackendChoice("gpt4all", workspace.settings.chat_model)
    model = workspace.chat_model(local)
    workspace.change_settings(ollama_url="http://127.0.0.1:9")
    assert workspace.chat_model(local) is model
    workspace.change_settings(context_length=workspace.settings.context_length // 2)
    assert workspace.chat_model(local) is not model
