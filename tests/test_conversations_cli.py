"""Conversations through the real command line (issue 16): chats scoped to documents and to
collections, follow-up questions, export with page citations, summaries, and a question that is
never lost when the process dies mid-answer. Real starter chat model, real e5, real LanceDB."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from desktop_gpt.core.app.paths import AppPaths
from tests.docs import FILLER, facts_pdf, write_pdf
from tests.killpoints import run_killed_at
from tests.test_cli import run

ORIGIN = (
    "The Zelkova language takes its name from the first letters of its two authors, Mira Holt and "
    "Teodor Vance, who met at Uppsala in 2003."
)
RUNTIME = "Zelkova programs are compiled to bytecode and run on a small virtual machine written in C."
HARBOUR = "The harbour of Lindqvist freezes every January, and the ferries stop for six weeks."


def zelkova_pdf(path: Path) -> Path:
    pages = [f"{FILLER}\n\n{fact}\n\n{FILLER}" for fact in (ORIGIN, RUNTIME, HARBOUR)]
    return write_pdf(path, pages, title="Zelkova FAQ", author="The Zelkova team")


@pytest.fixture
def library(app_paths: AppPaths, tmp_path: Path) -> Path:
    data_dir = app_paths.data_dir
    folder = tmp_path / "docs"
    folder.mkdir()
    zelkova_pdf(folder / "zelkova.pdf")
    facts_pdf(folder / "districts.pdf")
    ingest = run(data_dir, "ingest", str(folder), "--json")
    assert ingest.returncode == 0, ingest.stderr
    assert run(data_dir, "settings", "max_answer_tokens", "48").returncode == 0
    return data_dir


def ask(data_dir: Path, question: str, *extra: str) -> dict:
    result = run(data_dir, "ask", question, "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_follow_up_finds_what_the_first_question_was_about(library: Path) -> None:
    assert run(library, "chat", "new", "Zelkova").returncode == 0
    first = ask(library, "Where does the name Zelkova come from?", "--chat", "Zelkova")
    assert (first["sources"][0]["document"], first["sources"][0]["page"]) == ("zelkova.pdf", 1)

    alone = ask(library, "And who were they?")  # no chat: nothing to go on
    assert not any(s["page"] == 1 and s["document"] == "zelkova.pdf" for s in alone["sources"][:1])

    follow_up = ask(library, "And who were they?", "--chat", "Zelkova")
    assert "zelkova" in follow_up["query"].lower(), follow_up["query"]
    assert follow_up["history_turns"] == 1
    top = follow_up["sources"][0]
    assert (top["document"], top["page"]) == ("zelkova.pdf", 1) and "Mira Holt" in top["text"]
    assert follow_up["chat"]["name"] == "Zelkova"

    shown = json.loads(run(library, "chat", "show", "Zelkova", "--json").stdout)
    questions = [m["text"] for m in shown["messages"] if m["role"] == "user"]
    assert questions == ["Where does the name Zelkova come from?", "And who were they?"]
    assert not any(m["interrupted"] for m in shown["messages"])

    exported = run(library, "chat", "export", "Zelkova", "--format", "md", "-o", str(library / "z.md"))
    assert exported.returncode == 0, exported.stderr
    text = (library / "z.md").read_text(encoding="utf-8")
    assert text.count("## Question") == 2 and text.count("## Answer") == 2
    assert "> And who were they?" in text and "zelkova.pdf, p. 1" in text


def test_a_chat_scoped_to_a_document_or_a_collection_never_cites_another(library: Path) -> None:
    scoped = run(library, "chat", "new", "Districts only", "--docs", "districts.pdf")
    assert scoped.returncode == 0 and "districts.pdf" in scoped.stdout
    answer = ask(library, "Where does the name Zelkova come from?", "--chat", "Districts only")
    assert {s["document"] for s in answer["sources"] + answer["left_out"]} <= {"districts.pdf"}
    assert not any(s["document"] == "zelkova.pdf" for s in answer["sources"])

    assert run(library, "collection", "create", "Languages").returncode == 0
    assert run(library, "collection", "add", "Languages", "zelkova.pdf").returncode == 0
    listing = json.loads(run(library, "collection", "list", "--json").stdout)
    assert listing == [{"id": listing[0]["id"], "name": "Languages", "documents": ["zelkova.pdf"]}]
    assert run(library, "chat", "new", "Lang", "--collection", "Languages").returncode == 0
    answer = ask(library, "What is the annual rainfall in the Quorra valley?", "--chat", "Lang")
    assert {s["document"] for s in answer["sources"] + answer["left_out"]} <= {"zelkova.pdf"}

    chats = {c["name"]: c for c in json.loads(run(library, "chat", "list", "--json").stdout)}
    assert chats["Lang"]["answers_from"] == "collection Languages (1 documents)"
    assert chats["Districts only"]["scope"]["kind"] == "documents"

    # Removing the document empties the collection: the chat says so instead of answering from everything.
    assert run(library, "remove", "zelkova.pdf").returncode == 0
    refused = run(library, "ask", "What is Zelkova compiled to?", "--chat", "Lang")
    assert refused.returncode == 1 and "has no documents yet" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_summarize_cites_pages_of_that_document_only(library: Path) -> None:
    result = run(library, "summarize", "zelkova.pdf", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["summary"].strip() and summary["document"] == "zelkova.pdf"
    assert summary["sources"] and {s["document"] for s in summary["sources"]} == {"zelkova.pdf"}
    assert all(1 <= s["page"] <= 3 for s in summary["sources"])
    assert "[1]" in summary["summary"]
    chat = json.loads(run(library, "chat", "show", summary["chat"]["id"], "--json").stdout)
    assert chat["scope"]["kind"] == "documents" and chat["messages"][-1]["text"] == summary["summary"]


def test_the_question_survives_a_crash_the_moment_it_is_sent(library: Path) -> None:
    assert run(library, "chat", "new", "Crash").returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "DESKTOP_GPT_DATA_DIR"}
    argv = [sys.executable, "-m", "desktop_gpt", "--data-dir", str(library)]
    question = "Describe everything the documents say about Zelkova, its authors and its virtual machine."
    # SIGKILL right after the first write to the data folder: the chat file saved with the question.
    killed = run_killed_at([*argv, "ask", question, "--chat", "Crash"], 1, library, env)
    assert killed.killed, killed.stderr
    assert "chats" in killed.last_step
    shown = json.loads(run(library, "chat", "show", "Crash", "--json").stdout)
    assert [m["role"] for m in shown["messages"]] == ["user", "assistant"]
    assert shown["messages"][0]["text"] == question
    assert shown["messages"][1]["interrupted"] is True
    assert "interrupted before it was complete" in run(library, "chat", "show", "Crash").stdout
    # The chat goes on: the next question is answered and saved after the interrupted one.
    again = ask(library, "Where does the name Zelkova come from?", "--chat", "Crash")
    assert again["sources"][0]["document"] == "zelkova.pdf"
    roles = [m["role"] for m in json.loads(run(library, "chat", "show", "Crash", "--json").stdout)["messages"]]
    assert roles == ["user", "assistant", "user", "assistant"]


def test_a_chat_answer_streams_to_the_caller_as_it_is_saved(workspace, tmp_path: Path) -> None:
    workspace.ingest([zelkova_pdf(tmp_path / "zelkova.pdf")])
    chat = workspace.new_chat("Streaming").result
    pieces: list[str] = []
    reply = workspace.ask_in_chat(
        chat.conversation_id, "Where does the name Zelkova come from?", on_token=pieces.append
    )
    assert len(pieces) > 1, "the answer came in pieces, not at the end"
    assert "".join(pieces).strip() == reply.result.answer.text
    assert workspace.conversations.get(chat.conversation_id).messages[-1].text == reply.result.answer.text
