from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_gpt.core.app.paths import AppPaths, default_cache_dir
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.models.starter import prepare_starter_models
from tests.gui_thread_audit import AUDIT


@pytest.fixture(autouse=True)
def no_disk_or_store_work_on_the_gui_thread(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    """In every test that drives a window: the GUI thread never touches the disk or the store itself."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    AUDIT.arm(tmp_path)
    try:
        yield
    finally:
        violations = AUDIT.disarm()
    assert not violations, "the GUI thread did disk or store work:\n" + "\n".join(violations)


@pytest.fixture(scope="session")
def starter_models() -> dict[str, Path]:
    """The real starter models (SmolLM2-135M chat; multilingual-e5-small and all-MiniLM-L6-v2
    embedding), prepared once."""
    return prepare_starter_models(default_cache_dir())


def data_dir_with_models(root: Path, starter_models: dict[str, Path]) -> AppPaths:
    """A new data folder under ``root`` whose models folder links the real starter models."""
    paths = AppPaths(data_dir=root / "data", config_dir=root / "data" / "config").ensure()
    for model in starter_models.values():
        (paths.models_dir / model.name).symlink_to(model)
    for kind in ("onnx-embedding", "e5"):
        tokenizer = starter_models[kind].with_suffix(".tokenizer.json")
        (paths.models_dir / tokenizer.name).symlink_to(tokenizer)
    return paths


@pytest.fixture
def app_paths(tmp_path: Path, starter_models: dict[str, Path]) -> AppPaths:
    return data_dir_with_models(tmp_path, starter_models)


@pytest.fixture
def settings() -> Settings:
    return Settings(cpu_threads=2, temperature=0.0, max_answer_tokens=64).validate()


@pytest.fixture
def workspace(app_paths: AppPaths, settings: Settings) -> Iterator[object]:
    from desktop_gpt.core.app.workspace import Workspace

    ws = Workspace(app_paths, settings)
    yield ws
    ws.close()


@pytest.fixture
def keyring_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A real keyring back end (keyrings.alt's file keyring, chosen the way a user would) in a temporary folder."""
    folder = tmp_path / "keyring"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")  # chosen explicitly
    import keyring.core

    before = keyring.core.get_keyring()
    keyring.core.set_keyring(keyring.core.load_keyring("keyrings.alt.file.PlaintextKeyring"))
    yield folder
    keyring.core.set_keyring(before)


@dataclass
class ServerState:
    payload: bytes = b""
    requests: list[str] = field(default_factory=list)  # the Range header of each request ("" for none)
    drop_first_at: int | None = None  # close the first connection after this many bytes
    ignore_range: bool = False


@pytest.fixture
def server(starter_models: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, ServerState]]:
    """Serves the real all-MiniLM GGUF (45 MB) with HTTP Range support on 127.0.0.1."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    state = ServerState(payload=starter_models["embedding"].read_bytes())

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if not self.path.endswith("/model.gguf"):
                self.send_error(404, "Not Found")
                return
            data = state.payload
            header = self.headers.get("Range", "")
            state.requests.append(header)
            start = 0
            if header.startswith("bytes=") and not state.ignore_range:
                start = int(header[6:].split("-")[0])
                if start >= len(data):
                    self.send_error(416, "Range Not Satisfiable")
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            body = data[start:]
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if state.drop_first_at is not None and len(state.requests) == 1:
                self.wfile.write(body[: state.drop_first_at])
                self.wfile.flush()
                self.connection.shutdown(2)  # the connection drops halfway
                return
            for i in range(0, len(body), 1 << 20):
                self.wfile.write(body[i : i + (1 << 20)])

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", state
    httpd.shutdown()
    httpd.server_close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The network audit's table (one line per flow, with its count of outside attempts)."""
    from tests.netaudit import REPORT

    lines = REPORT.lines()
    if lines:
        terminalreporter.section("network audit")
        for line in lines:
            terminalreporter.write_line(line)
