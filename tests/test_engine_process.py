"""The GPT4All engine in its helper process: real deaths (SIGKILL, SIGSEGV, SIGABRT) mid-answer,
mid-embedding, in the CLI and in the window; Stop within a token; no helper outlives the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_gpt.core.app.child import ChildDiedError
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.settings import Settings, save_settings
from desktop_gpt.core.app.workspace import Workspace
from desktop_gpt.core.chat.backends.gpt4all import Gpt4AllChatModel
from desktop_gpt.core.index.ingest import IngestProgress
from tests.docs import facts_pdf

LONG = 120_000
QUESTION = [{"role": "user", "content": "Tell me a long story about a lighthouse."}]


def engine_helpers(parent: int) -> list[int]:
    """The engine helper processes a process started (from /proc: nothing private is read)."""
    found = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"gpt4all" in cmdline and (b"desktop_gpt.child" in cmdline or b"--child" in cmdline):
                found.append(int(child))
    return found


def wait_for_exit(pid: int, timeout: float = 60.0) -> bool:
    """True once process ``pid`` has ended (any process, not only a child: a pidfd turns readable)."""
    import select

    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], timeout)[0])
    finally:
        os.close(fd)


@pytest.fixture
def chat_model(starter_models: dict[str, Path]):
    model = Gpt4AllChatModel(starter_models["chat"], context_length=2048, n_threads=2, batch_size=128)
    yield model
    model.close()


@pytest.mark.parametrize("death", [signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT])
def test_an_engine_that_dies_mid_answer_is_said_and_the_next_question_starts_a_fresh_one(chat_model, death) -> None:
    (helper,) = engine_helpers(os.getpid())
    pieces: list[str] = []

    def on_token(text: str) -> None:
        pieces.append(text)
        if len(pieces) == 3:
            os.kill(helper, death)

    with pytest.raises(ChildDiedError) as raised:
        chat_model.chat(QUESTION, max_tokens=200, temperature=0.0, on_token=on_token)
    assert signal.Signals(death).name in str(raised.value) and "stopped unexpectedly" in str(raised.value)
    assert 3 <= len(pieces) < 200
    again = chat_model.chat(QUESTION, max_tokens=8, temperature=0.0)
    assert again.tokens > 0 and again.text
    assert engine_helpers(os.getpid()) != [helper], "a fresh engine answered"


def test_stop_ends_generation_within_one_token(chat_model) -> None:
    seen: list[str] = []
    result = chat_model.chat(
        QUESTION, max_tokens=200, temperature=0.0, on_token=seen.append, should_cancel=lambda: len(seen) >= 5
    )
    assert result.stopped and result.tokens == 5 == len(seen)
    # The engine is ready for the next question at once: nothing of the stopped one is left in the pipe.
    assert chat_model.chat(QUESTION, max_tokens=4, temperature=0.0).tokens == 4


def test_an_embedding_engine_that_dies_fails_one_document_and_the_rest_are_indexed(
    app_paths: AppPaths, starter_models: dict[str, Path], tmp_path: Path
) -> None:
    settings = Settings(cpu_threads=2, embedding_model=starter_models["embedding"].name).validate()
    first, second = facts_pdf(tmp_path / "a.pdf"), facts_pdf(tmp_path / "b.pdf", extra={5: "Another page."})
    ws = Workspace(app_paths, settings)
    killed: list[int] = []

    def on_progress(progress: IngestProgress) -> None:
        if progress.stage == "embedding" and progress.path == first and not killed:
            killed.extend(engine_helpers(os.getpid()))
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    try:
        report = ws.ingest([first, second], on_progress=on_progress)
        outcomes = {r.path.name: (r.outcome, r.detail) for r in report.results}
        assert killed, "the embedding helper was running"
        assert outcomes["a.pdf"][0] == "failed" and "stopped unexpectedly" in outcomes["a.pdf"][1], outcomes
        assert outcomes["b.pdf"][0] == "added", outcomes
        assert ws.ingest([first]).results[0].outcome == "added", "the next ingest completes the job"
    finally:
        ws.close()


def test_no_engine_helper_outlives_the_app(starter_models: dict[str, Path]) -> None:
    """The app is killed with SIGKILL (no clean-up runs): its engine helper goes with it."""
    code = (
        "import sys, os\n"
        "from pathlib import Path\n"
        "from desktop_gpt.core.chat.backends.gpt4all import Gpt4AllChatModel\n"
        f"m = Gpt4AllChatModel(Path({str(starter_models['chat'])!r}), context_length=512, n_threads=1, batch_size=8)\n"
        "print(m.runner.pid, flush=True)\n"
        "sys.stdin.read()\n"
    )
    app = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    helper = int(app.stdout.readline())
    assert Path(f"/proc/{helper}").exists()
    app.kill()
    app.wait()
    assert wait_for_exit(helper), "the helper outlived the app"


def test_the_cli_says_in_one_line_that_the_model_stopped(app_paths: AppPaths, settings: Settings, tmp_path) -> None:
    save_settings(settings.with_changes(max_answer_tokens=300), app_paths.settings_file)
    ws = Workspace(app_paths)
    try:
        ws.ingest([facts_pdf(tmp_path / "districts.pdf")])
    finally:
        ws.close()
    env = {k: v for k, v in os.environ.items() if k != "DESKTOP_GPT_DATA_DIR"}
    question = "Describe the rainfall in the Quorra valley in detail."
    ask = subprocess.Popen(
        [sys.executable, "-m", "desktop_gpt", "--data-dir", str(app_paths.data_dir), "ask", question],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    assert ask.stdout is not None
    first = ask.stdout.read(1)  # the answer has started streaming
    assert first
    for helper in engine_helpers(ask.pid):
        os.kill(helper, signal.SIGKILL)
    _, stderr = ask.communicate(timeout=120)
    lines = [line for line in stderr.decode().splitlines() if line.strip()]
    assert ask.returncode == 1, stderr
    assert len(lines) == 1 and "stopped unexpectedly (SIGKILL" in lines[0], lines


def test_the_window_survives_an_engine_death_and_retry_answers(qtbot, app_paths, settings, tmp_path) -> None:
    from desktop_gpt.ui.app import create_window

    save_settings(settings.with_changes(max_answer_tokens=200), app_paths.settings_file)
    window = create_window(app_paths)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.controller.workspace is not None, timeout=LONG)
    window.library.add_paths([facts_pdf(tmp_path / "districts.pdf")])
    qtbot.waitUntil(lambda: [r.status_text for r in window.library.model.rows()] == ["ready"], timeout=LONG)
    chat = window.chat
    chat.input.setPlainText("Describe the rainfall in the Quorra valley in detail.")
    job = chat.send()
    assert job is not None
    killed = threading.Event()

    def kill_engine(_text: str) -> None:  # on the worker thread, right after the first piece
        if not killed.is_set():
            for helper in engine_helpers(os.getpid()):
                os.kill(helper, signal.SIGKILL)
            killed.set()

    job.partial.connect(kill_engine, Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG) as finished:
        pass
    failed = finished.args[0]
    assert killed.is_set() and "stopped unexpectedly (SIGKILL" in failed.error, failed.error
    assert "Retry" in chat.view.toPlainText()
    row = chat.model.rowCount() - 1
    with qtbot.waitSignal(chat.answer_finished, timeout=LONG) as retried:
        assert chat.retry(row) is not None
    answer = retried.args[0]
    assert not answer.error and answer.text, answer
    assert [m.role for m in chat.model.conversation.messages] == ["user", "assistant"], "the retry replaced the failure"
    assert "Retry" not in chat.view.toPlainText()
    window.close()
