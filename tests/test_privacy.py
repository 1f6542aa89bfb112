"""Nothing leaves the machine: a full ingest-and-ask run opens no network socket."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desktop_gpt.core.app.paths import AppPaths
from tests.docs import facts_pdf

AUDITED_RUN = """
import json, sys
events = []
# Creating a socket object is not traffic (urllib3 makes one at import to probe IPv6 support);
# connecting, sending, binding or resolving a name is.
NETWORK = ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind", "socket.getaddrinfo",
           "socket.gethostbyname", "socket.gethostbyname_ex", "urllib.Request", "http.client.connect")
def is_loopback(address):
    host = address[0] if isinstance(address, tuple) and address else address
    return isinstance(host, str) and (host in ("::1", "localhost") or host.startswith("127.") or host.startswith("/"))
def audit(event, args):
    if event not in NETWORK:
        return
    lookups = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex")
    if event.startswith("socket.") and event not in lookups:
        if len(args) > 1 and is_loopback(args[1]):
            return  # loopback never leaves the machine (urllib3 binds ::1 once to probe IPv6)
    events.append(f"{event} {args!r}")
sys.addaudithook(audit)
from desktop_gpt.main import main
code = 0
runs = (["ingest", sys.argv[2]], ["search", "lighthouse", "--json"], ["ask", "Who keeps the lighthouse?", "--json"],
        # The Transformers back end, on the same GGUF: transformers must not reach for the Hub either.
        ["ask", "Who keeps the lighthouse?", "--json", "--backend", "hf-pipeline", "--model", sys.argv[3]])
for argv in runs:
    code |= main(["--data-dir", sys.argv[1], *argv])
recorded = list(events)
import socket
socket.getaddrinfo("localhost", 80)  # control: proves the hook sees name lookups (resolved from /etc/hosts)
print("CONTROL", len(events) > len(recorded))
print("AUDIT", json.dumps(recorded), code)
"""


def test_ingest_search_and_ask_open_no_socket(
    app_paths: AppPaths, tmp_path: Path, starter_models: dict[str, Path]
) -> None:
    pdf = facts_pdf(tmp_path / "facts.pdf")
    proc = subprocess.run(
        [sys.executable, "-c", AUDITED_RUN, str(app_paths.data_dir), str(pdf), str(starter_models["chat"])],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    line = next(x for x in proc.stdout.splitlines() if x.startswith("AUDIT"))
    events, code = line.removeprefix("AUDIT ").rsplit(" ", 1)
    assert code == "0", proc.stderr
    assert json.loads(events) == []
    assert "CONTROL True" in proc.stdout, "the audit hook must be able to see network calls"


def test_lock_down_forces_every_switch_even_against_the_environment() -> None:
    from desktop_gpt.core.app.privacy import QUIET_ENVIRONMENT, is_locked_down, lock_down

    env = {"LANGSMITH_TRACING": "true", "ORT_DISABLE_TELEMETRY": "0", "PATH": "/usr/bin"}
    assert not is_locked_down(env)
    changed = lock_down(env)
    assert set(changed) == set(QUIET_ENVIRONMENT)
    assert env["LANGSMITH_TRACING"] == "false" and env["ORT_DISABLE_TELEMETRY"] == "1"
    assert env["PATH"] == "/usr/bin" and is_locked_down(env)
    assert lock_down(env) == []


def test_importing_any_entry_point_sets_the_switches_before_native_libraries_load() -> None:
    """A shell that turns tracing on, and no switch set: the first import of the app fixes both."""
    from desktop_gpt.core.app.privacy import QUIET_ENVIRONMENT

    env = {k: v for k, v in __import__("os").environ.items() if k not in QUIET_ENVIRONMENT}
    env["LANGCHAIN_TRACING_V2"] = "true"
    code = (
        "import sys, os\n"
        "import desktop_gpt.main\n"
        "from desktop_gpt.core.app.privacy import QUIET_ENVIRONMENT\n"
        "native = sorted(m for m in sys.modules if m.startswith(('onnxruntime', 'gpt4all', 'lancedb')))\n"
        "print('native before:', native)\n"
        "print('unset:', sorted(k for k, (v, _) in QUIET_ENVIRONMENT.items() if os.environ.get(k) != v))\n"
        "import onnxruntime, subprocess\n"  # a child process inherits the switches
        "child = 'import os; print(os.environ[\"ORT_DISABLE_TELEMETRY\"])'\n"
        "run = subprocess.run([sys.executable, '-c', child], capture_output=True, text=True)\n"
        "print('child:', run.stdout.strip())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert "native before: []" in out
    assert "unset: []" in out
    assert "child: 1" in out


def test_readme_states_the_same_connections_as_the_about_box() -> None:
    from desktop_gpt.core.app.privacy import CONNECTIONS

    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").split())
    for what, when in CONNECTIONS:
        row = f"| **{what}** | {when.rstrip('.')}"
        assert row.replace("`", "") in readme.replace("`", "").replace("*Download*", "Download"), what
