"""The rules of conversations without a model: follow-ups made standalone, history within a budget,
collections kept on disk, chat files of the older schema, and the export's text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import StoreError
from desktop_gpt.core.chat import turns
from desktop_gpt.core.chat.answer import Answer, SentenceCheck, Source
from desktop_gpt.core.chat.conversations import (
    SCOPE_DOCUMENTS,
    ChatScope,
    Conversation,
    ConversationStore,
    Message,
)
from desktop_gpt.core.chat.export import answer_as_text, chat_markdown
from desktop_gpt.core.chat.followup import (
    Turn,
    accept_rewrite,
    carry_terms,
    fit_history,
    needs_context,
    standalone_question,
)
from desktop_gpt.core.chat.summary import MAX_NOTES, merge_calls, parts_of
from desktop_gpt.core.chat.turns import turns_of
from desktop_gpt.core.index.collections import CollectionError, CollectionStore

R_NAME = Turn("Where does the name R come from?", "From the first names of its authors, Ross and Robert [1].")


@pytest.mark.parametrize(
    "question",
    ["And who were they?", "What about Windows?", "Why?", "Is it free?", "그것은 언제 만들어졌나요?", "그리고 왜요?"],
)
def test_questions_that_lean_on_the_conversation_are_recognised(question: str) -> None:
    assert needs_context(question)


@pytest.mark.parametrize(
    "question",
    [
        "Where does the name R come from?",
        "How do I install R packages from a local tarball on Debian?",
        "R 패키지를 데비안에서 설치하는 방법은 무엇인가요?",
    ],
)
def test_questions_that_stand_alone_are_left_as_they_are(question: str) -> None:
    assert not needs_context(question)
    assert standalone_question(question, [R_NAME]) == question


def test_the_rule_carries_the_previous_questions_terms() -> None:
    assert carry_terms("And who were they?", [R_NAME]) == "And who were they? (name r come)"
    # A follow-up of a follow-up reaches back to the question that had the subject.
    chain = [Turn("Where does the name Zelkova come from?", "x"), Turn("And who were they?", "y")]
    assert "zelkova" in carry_terms("When did they meet?", chain)
    assert standalone_question("And who were they?", []) == "And who were they?"


def test_a_models_rewrite_is_used_only_when_it_brings_the_conversation_in() -> None:
    good = accept_rewrite("And who were they?", "Who were the people the name R comes from?", [R_NAME])
    assert good == "Who were the people the name R comes from?"
    assert accept_rewrite("And who were they?", "Who were they?", [R_NAME]) is None  # nothing carried
    assert accept_rewrite("And who were they?", "", [R_NAME]) is None
    assert accept_rewrite("And who were they?", "Line one\nline two name", [R_NAME]) is None
    asked: list[list[dict[str, str]]] = []

    def rewrite(messages: list[dict[str, str]]) -> str:
        asked.append(messages)
        return "Standalone question: Who gave R its name?"

    assert standalone_question("And who were they?", [R_NAME], rewrite) == "Who gave R its name?"
    assert "Where does the name R come from?" in asked[0][1]["content"]

    def broken(_messages: list[dict[str, str]]) -> str:
        raise RuntimeError("engine died")

    assert standalone_question("And who were they?", [R_NAME], broken) == "And who were they? (name r come)"


def test_history_keeps_the_newest_turns_that_fit() -> None:
    turns = [Turn(f"question {i}", "answer " * 10) for i in range(5)]

    def count(messages: list[dict[str, str]]) -> int:
        return sum(len(m["content"].split()) for m in messages)

    kept = fit_history(turns, 30, count)
    assert [m["content"] for m in kept if m["role"] == "user"] == ["question 3", "question 4"]
    assert fit_history(turns, 5, count) == []


def test_only_completed_answers_become_history() -> None:
    messages = [
        Message("user", "q1"), Message("assistant", "a1"),
        Message("user", "q2"), Message("assistant", "", error="engine died"),
        Message("user", "q3"), Message("assistant", "nothing", no_relevant_sources=True),
        Message("user", "q4"), Message("assistant", "a4"),
    ]  # fmt: skip
    assert turns_of(messages) == [Turn("q1", "a1"), Turn("q4", "a4")]


def test_collections_are_kept_named_and_follow_the_library(tmp_path: Path) -> None:
    store = CollectionStore(tmp_path / "collections.json")
    made = store.create("Matter 12", ["a", "b"])
    with pytest.raises(CollectionError, match="already exists"):
        store.create("matter  12")
    store.add("MATTER 12", ["b", "c"])
    assert store.find(made.collection_id).doc_ids == ("a", "b", "c")
    store.remove_documents("Matter 12", ["a"])
    assert CollectionStore(tmp_path / "collections.json").find("Matter 12").doc_ids == ("b", "c")
    assert store.list(known_doc_ids=["c"])[0].doc_ids == ("c",)
    store.rename("Matter 12", "Smith v. Jones")
    store.delete("Smith v. Jones")
    assert store.list() == []
    with pytest.raises(CollectionError, match="no collection"):
        store.find("Matter 12")
    (tmp_path / "collections.json").write_text("{not json", encoding="utf-8")
    broken = CollectionStore(tmp_path / "collections.json")
    assert broken.list() == [] and "could not be used" in broken.notices[0]
    assert list(tmp_path.glob("collections.json.damaged-*"))


def test_a_chat_file_of_the_first_schema_keeps_its_documents(tmp_path: Path) -> None:
    old = {
        "schema_version": 1, "conversation_id": "abc123", "title": "Old", "created": 1.0, "updated": 2.0,
        "doc_ids": ["d1", "d2"], "messages": [{"role": "user", "text": "hi"}],
    }  # fmt: skip
    (tmp_path / "abc123.json").write_text(json.dumps(old), encoding="utf-8")
    store = ConversationStore(tmp_path)
    chat = store.get("abc123")
    assert chat.scope == ChatScope(SCOPE_DOCUMENTS, documents=("d1", "d2"))
    old["doc_ids"] = None
    (tmp_path / "abc123.json").write_text(json.dumps(old), encoding="utf-8")
    assert store.get("abc123").scope == ChatScope()
    assert store.find("old").conversation_id == "abc123"
    with pytest.raises(StoreError, match="no chat named"):
        store.find("missing")


def test_an_update_keeps_a_rename_made_meanwhile(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    chat = store.create("First").result
    stale = store.get(chat.conversation_id)
    store.rename(stale, "Renamed")
    store.update(chat.conversation_id, lambda c: c.messages.append(Message("user", "q")))
    saved = store.get(chat.conversation_id)
    assert saved.title == "Renamed" and [m.text for m in saved.messages] == ["q"]


def _source(number: int, page: int, cited: bool) -> Source:
    return Source(
        chunk_id=f"c{number}", doc_id="d", document="R-FAQ.pdf", path="/x/R-FAQ.pdf", page=page, start=0, end=10,
        text="text", score=1.0, similarity=0.9, keyword_score=None, number=number, cited=cited,
    )  # fmt: skip


def test_export_and_copy_carry_the_cited_sources() -> None:
    answer = Message(
        "assistant", "R is named after Ross and Robert [1].", sources=[_source(1, 14, True), _source(2, 3, False)],
        model="m.gguf", sentences=[SentenceCheck("Made up.", 0, 8, supported=False)],
    )  # fmt: skip
    assert answer_as_text(answer) == "R is named after Ross and Robert [1].\n\nSources:\n[1] R-FAQ.pdf, p. 14\n"
    chat = Conversation(title="R", messages=[Message("user", "Why R?"), answer])
    text = chat_markdown(chat, "the whole library", now=0)
    assert "# R" in text and "> Why R?" in text and "- [1] R-FAQ.pdf, p. 14" in text
    assert "R-FAQ.pdf, p. 3" not in text and "No cited passage supports: “Made up.”" in text


def test_parts_cover_every_passage_in_order_and_the_reduce_is_counted() -> None:
    chunks = [{"text": f"word{i} " * 50, "page": 1 + i // 3} for i in range(12)]
    parts = parts_of(chunks, 120, lambda text: len(text.split()))
    assert [(p[1], p[2]) for p in parts] == [(1, 1), (1, 2), (2, 2), (3, 3), (3, 4), (4, 4)]
    assert "".join(p[0] for p in parts).count("word") == 12 * 50
    assert merge_calls(MAX_NOTES) == 0 and merge_calls(MAX_NOTES + 1) == (MAX_NOTES + 1) // 2


def test_a_streaming_answer_is_on_disk_as_it_comes_and_marked_when_cut_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(turns, "SAVE_EVERY_SECONDS", 0.0)
    store = ConversationStore(tmp_path)
    chat = store.create().result
    seen: list[Message] = []

    def answer(history: list[Turn], stream: Callable[[str], None]) -> Answer:
        seen.append(store.get(chat.conversation_id).messages[-1])
        stream("Partial ")
        stream("text")
        seen.append(store.get(chat.conversation_id).messages[-1])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        turns.run_turn(store, chat.conversation_id, "What is in the report?", answer)
    assert seen[0].interrupted and seen[0].text == ""
    assert seen[1].interrupted and seen[1].text == "Partial text"
    saved = store.get(chat.conversation_id)
    assert saved.title == "What is in the report?"
    assert saved.messages[-1].text == "Partial text" and saved.messages[-1].stopped
    assert not saved.messages[-1].interrupted

    def done(history: list[Turn], stream: Callable[[str], None]) -> Answer:
        assert history == []  # the stopped answer is not a turn to build on
        return Answer("again", "Full answer.", [])

    reply = turns.run_turn(store, chat.conversation_id, "again", done, replace_from=0).result
    assert [m.text for m in reply.conversation.messages] == ["again", "Full answer."]
