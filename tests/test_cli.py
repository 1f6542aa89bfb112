"""The command line, run as a real process on a temporary data directory."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from desktop_gpt.core.app.lock import EXIT_BUSY, WINDOW
from desktop_gpt.core.app.paths import AppPaths
from tests.docs import encrypted_pdf, facts_pdf
from tests.lockholder import hold, release


def run(data_dir: Path, *args: str, env_dir: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DESKTOP_GPT_DATA_DIR"}
    argv = [sys.executable, "-m", "desktop_gpt"]
    if env_dir:
        env["DESKTOP_GPT_DATA_DIR"] = str(data_dir)
    else:
        argv += ["--data-dir", str(data_dir)]
    return subprocess.run([*argv, *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def data_dir(app_paths: AppPaths) -> Path:
    return app_paths.data_dir


def test_ingest_list_search_ask_remove(data_dir: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    good = facts_pdf(docs / "districts.pdf")
    encrypted_pdf(docs / "locked.pdf", good, user_password="pw")

    ingest = run(data_dir, "ingest", str(docs))
    assert ingest.returncode == 1, "a failed file makes the exit code non-zero"
    assert "added      " in ingest.stdout and "districts.pdf" in ingest.stdout
    assert "locked.pdf: password-protected" in ingest.stdout
    assert "Added 1, replaced 0, unchanged 0, failed 1" in ingest.stdout
    assert "Traceback" not in ingest.stderr

    again = run(data_dir, "ingest", str(good), "--json", env_dir=True)
    assert again.returncode == 0
    assert json.loads(again.stdout)["results"][0]["outcome"] == "unchanged"

    listing = json.loads(run(data_dir, "list", "--json").stdout)
    assert {d["name"]: d["status"] for d in listing} == {"districts.pdf": "ready", "locked.pdf": "failed"}

    search = run(data_dir, "search", "How much rain falls in the Quorra valley?", "--k", "2", "--json")
    assert search.returncode == 0, search.stderr
    hits = json.loads(search.stdout)
    assert len(hits) == 2
    assert {"document", "path", "page", "text", "score"} <= hits[0].keys()
    assert (hits[0]["document"], hits[0]["page"]) == ("districts.pdf", 2)
    assert "412" in hits[0]["text"]

    for mode in ("vector", "fts"):
        hits = json.loads(run(data_dir, "search", "Teslin river bridge", "--mode", mode, "--json").stdout)
        assert hits[0]["page"] == 3

    ask = run(data_dir, "ask", "When was the Teslin river bridge rebuilt?", "--json")
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["answer"]
    assert (answer["sources"][0]["document"], answer["sources"][0]["page"]) == ("districts.pdf", 3)

    streamed = run(data_dir, "ask", "Who keeps the lighthouse on Varnholm Island?")
    assert streamed.returncode == 0
    assert "Sources:" in streamed.stdout and "[1] districts.pdf, p. 1" in streamed.stdout

    removed = run(data_dir, "remove", "districts.pdf")
    assert removed.returncode == 0 and "Removed districts.pdf" in removed.stdout
    assert [d["name"] for d in json.loads(run(data_dir, "list", "--json").stdout)] == ["locked.pdf"]


def test_errors_are_one_clear_line_and_a_non_zero_exit(data_dir: Path, tmp_path: Path) -> None:
    missing_doc = run(data_dir, "remove", "nothing-like-this.pdf")
    assert missing_doc.returncode == 1
    assert missing_doc.stderr.strip().count("\n") == 0
    assert "No document matches" in missing_doc.stderr

    missing_path = run(data_dir, "ingest", str(tmp_path / "nope.pdf"))
    assert missing_path.returncode == 1 and "no such file" in missing_path.stderr

    (data_dir / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf").unlink()
    (tmp_path / "n.txt").write_text("The heron nests by the mill pond.")
    run(data_dir, "ingest", str(tmp_path / "n.txt"))
    no_model = run(data_dir, "ask", "Where does the heron nest?")
    assert no_model.returncode == 1
    assert "is not installed" in no_model.stderr and "Traceback" not in no_model.stderr

    bad_k = run(data_dir, "search", "heron", "--k", "0")
    assert bad_k.returncode == 1 and "--k" in bad_k.stderr


def test_ask_with_another_backend_and_the_cloud_opt_in(data_dir: Path, tmp_path: Path) -> None:
    from tests.fake_servers import ChatCompletionsHandler, OllamaHandler, serve

    assert run(data_dir, "ingest", str(facts_pdf(tmp_path / "districts.pdf"))).returncode == 0
    question = "Who keeps the lighthouse on Varnholm Island?"
    with serve(OllamaHandler, models=["smollm2:135m"]) as (url, _log):
        assert run(data_dir, "settings", "ollama_url", url).returncode == 0
        asked = run(data_dir, "ask", question, "--backend", "ollama", "--model", "smollm2:135m", "--json")
        assert asked.returncode == 0, asked.stderr
        answer = json.loads(asked.stdout)
        assert (answer["backend"], answer["model"], answer["cloud"]) == ("ollama", "smollm2:135m", False)
        assert "Ottilie Brask" in answer["answer"] and answer["sources"][0]["page"] == 1
        missing = run(data_dir, "ask", question, "--backend", "ollama", "--model", "llama3.2:3b")
        assert missing.returncode != 0 and "ollama pull llama3.2:3b" in missing.stderr

    with serve(ChatCompletionsHandler, token="unused") as (url, log):
        assert run(data_dir, "settings", "hf_endpoint", url).returncode == 0
        sneaky = run(data_dir, "settings", "hf_endpoint_consent", "true")
        assert sneaky.returncode != 0 and "cloud enable" in sneaky.stderr
        blocked = run(data_dir, "ask", question, "--backend", "hf-endpoint")
        assert blocked.returncode != 0 and "Offline mode is on" in blocked.stderr and "☁" not in blocked.stderr
        assert run(data_dir, "settings", "offline_mode", "false").returncode == 0
        refused = run(data_dir, "ask", question, "--backend", "hf-endpoint")
        assert refused.returncode != 0 and "needs your confirmation" in refused.stderr
        assert log.requests == [], "nothing is sent before the opt-in"
        enabled = run(data_dir, "cloud", "enable", "--yes")
        assert enabled.returncode == 0 and "retrieves from your documents" in enabled.stderr
        no_token = run(data_dir, "ask", question, "--backend", "hf-endpoint")
        assert "☁ cloud" in no_token.stderr and "refused the access token" in no_token.stderr
        assert len(log.requests) == 1
        assert run(data_dir, "cloud", "disable").returncode == 0
        assert "off" in run(data_dir, "cloud", "status").stdout
        assert "needs your confirmation" in run(data_dir, "ask", question, "--backend", "hf-endpoint").stderr
        assert len(log.requests) == 1


def test_ctrl_c_half_way_through_a_reindex_keeps_every_document_listed_and_searchable(
    data_dir: Path, tmp_path: Path
) -> None:
    import signal

    docs = tmp_path / "volumes"
    docs.mkdir()
    for i in range(6):
        facts_pdf(docs / f"volume{i}.pdf", extra={5: f"This is volume {i} of the notes."})
    assert run(data_dir, "ingest", str(docs)).returncode == 0
    assert run(data_dir, "settings", "chunk_size", "600").returncode == 0
    listed = json.loads(run(data_dir, "list", "--json").stdout)
    assert [d["status"] for d in listed] == ["needs re-index"] * 6

    env = {k: v for k, v in os.environ.items() if k != "DESKTOP_GPT_DATA_DIR"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_gpt", "--data-dir", str(data_dir), "reindex"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert proc.stderr is not None
    first = proc.stderr.readline()  # one line per finished document when stderr is not a terminal
    assert "replaced volume" in first, first
    proc.send_signal(signal.SIGINT)  # Ctrl+C half-way
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 130 and "interrupted" in err, err

    listed = json.loads(run(data_dir, "list", "--json").stdout)
    assert len(listed) == 6, "every document is still listed"
    statuses = sorted(d["status"] for d in listed)
    assert statuses.count("ready") >= 1 and statuses.count("needs re-index") >= 1, statuses
    for doc in listed:  # and every one still answers from its passages
        hits = json.loads(run(data_dir, "search", f"volume {doc['name'][6]} of the notes", "--json").stdout)
        assert any(h["doc_id"] == doc["doc_id"] for h in hits), doc["name"]
    finished = run(data_dir, "reindex")
    assert finished.returncode == 0 and "replaced" in finished.stdout
    assert {d["status"] for d in json.loads(run(data_dir, "list", "--json").stdout)} == {"ready"}


def read_until(stream: IO[str], wanted: str, seconds: float = 120) -> str:
    """Lines from a child's pipe until one contains ``wanted`` (or it closes, or time is up)."""
    seen = ""
    deadline = time.monotonic() + seconds
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while wanted not in seen and selector.select(max(0.0, deadline - time.monotonic())):
            line = stream.readline()
            if not line:
                break
            seen += line
    return seen


def test_a_command_that_writes_while_the_window_runs_refuses_or_waits(data_dir: Path, tmp_path: Path) -> None:
    pdf = facts_pdf(tmp_path / "districts.pdf")
    window, pid = hold(data_dir, WINDOW)  # a real process holding the folder, as the window does
    try:
        refused = run(data_dir, "ingest", str(pdf))
        assert refused.returncode == EXIT_BUSY == 75
        assert f"The Desktop GPT window (pid {pid}) is using this data folder since" in refused.stderr
        assert "--wait" in refused.stderr and "Traceback" not in refused.stderr
        for writes in (("settings", "top_k", "3"), ("remove", "districts.pdf"), ("models", "verify"), ("reindex",)):
            assert run(data_dir, *writes).returncode == EXIT_BUSY, writes
        assert run(data_dir, "settings", "top_k").stdout.strip() == "5", "reading a setting needs no lock"

        listing = run(data_dir, "list", "--json")  # reading works while the window runs
        assert listing.returncode == 0 and json.loads(listing.stdout) == [], listing.stderr
        assert run(data_dir, "models", "list").returncode == 0

        env = {k: v for k, v in os.environ.items() if k != "DESKTOP_GPT_DATA_DIR"}
        argv = [sys.executable, "-m", "desktop_gpt", "--data-dir", str(data_dir), "ingest", "--wait", str(pdf)]
        waiting = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        assert waiting.stderr is not None
        said = read_until(waiting.stderr, "Waiting for the Desktop GPT window to close…")
        assert "Waiting for the Desktop GPT window to close…" in said, said
        assert waiting.poll() is None, "it waits while the window runs"
    finally:
        release(window)
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "Added 1" in out
    assert [d["name"] for d in json.loads(run(data_dir, "list", "--json").stdout)] == ["districts.pdf"]


def test_search_and_ask_in_korean(data_dir: Path, tmp_path: Path) -> None:
    """`search --json` with a Korean query: 계약서 finds the passage of a CP949 file that only says
    계약서를, in keyword and in the default (hybrid) mode; the JSON keeps the Korean as it is. Then
    `ask` in Korean."""
    lease = tmp_path / "임대차.txt"
    lease.write_bytes(
        (
            "임대인은 계약서를 두 부 작성하여 임차인과 한 부씩 나누어 가진다.\n\n"
            + "임차인은 매달 말일에 월세를 임대인의 은행 계좌로 보낸다. " * 30
        ).encode("cp949")
    )
    ingest = run(data_dir, "ingest", str(lease), str(facts_pdf(tmp_path / "districts.pdf")))
    assert ingest.returncode == 0, ingest.stderr
    for extra in ([], ["--mode", "fts"]):
        search = run(data_dir, "search", "계약서", "--k", "2", "--json", *extra)
        assert search.returncode == 0, search.stderr
        hits = json.loads(search.stdout)
        assert hits and hits[0]["document"] == "임대차.txt", (extra, hits)
        assert "계약서를 두 부" in hits[0]["text"]

    # `ask --json` in Korean: the Korean passage is the first source, and the English-only starter
    # model says it cannot write Korean (in the JSON, and on stderr in text mode).
    ask = run(data_dir, "ask", "계약서는 몇 부 작성하나요?", "--json")
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["sources"][0]["document"] == "임대차.txt"
    assert "cannot write good Korean" in answer["notice"]
    text_mode = run(data_dir, "ask", "월세는 언제 보내나요?")
    assert text_mode.returncode == 0 and "cannot write good Korean" in text_mode.stderr


def test_the_recommended_model_is_said_with_what_this_computer_has(data_dir: Path) -> None:
    done = run(data_dir, "models", "recommend", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    machine, model = out["machine"], out["recommended"]
    assert 0 < machine["free_ram"] <= machine["total_ram"] and machine["free_disk"] > 0
    assert model["name"] == "qwen2.5-1.5b-instruct" and "ko" in model["languages"]
    assert model["fits_disk"] and not model["installed"]
    text = run(data_dir, "models", "recommend")
    assert (
        "Recommended: qwen2.5-1.5b-instruct" in text.stdout
        and "models download qwen2.5-1.5b-instruct --once" in text.stdout
    )
    refused = run(data_dir, "models", "download", "qwen2.5-1.5b-instruct")
    assert refused.returncode != 0 and "Offline mode" in refused.stderr and "--once" in refused.stderr
