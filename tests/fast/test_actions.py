"""Core actions that need no model: chats, settings from text, the cloud rule, what each changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_gpt.core.app.changes import NOTHING, Changes
from desktop_gpt.core.app.errors import SettingsError, StoreError
from desktop_gpt.core.app.settings import GPT4ALL, HF_ENDPOINT, Settings
from desktop_gpt.core.chat.conversations import ConversationStore


def test_chat_actions_keep_one_rule_and_report_a_chat_change(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "chats")
    created = store.create("  Matter   4711  ")
    assert created.changes == Changes(chats=True)
    chat = created.result
    assert chat.title == "Matter 4711"
    renamed = store.rename(chat, "x" * 300).result
    assert renamed.title == "x" * 120
    with pytest.raises(StoreError):
        store.rename(chat, "   ")
    assert [c.title for c in store.list()] == ["x" * 120]
    assert store.remove(chat.conversation_id).changes.chats
    assert store.list() == []


def test_settings_from_text_are_parsed_typed_and_validated_in_the_core() -> None:
    s = Settings()
    assert s.with_text_value("top_k", "7").top_k == 7
    assert s.with_text_value("offline_mode", "off").offline_mode is False
    assert s.with_text_value("temperature", "0.5").temperature == 0.5
    refused = [
        ("top_k", "many", "whole number"),
        ("top_k", "0", "1–50"),
        ("nonsense", "1", "Unknown setting"),
        ("hf_endpoint_consent", "true", "cloud enable"),  # the cloud has its own switch, which shows what is sent
    ]
    for key, text, why in refused:
        with pytest.raises(SettingsError, match=why):
            s.with_text_value(key, text)


def test_cloud_rule_and_reindex_rule_are_written_once() -> None:
    on = Settings(offline_mode=False).with_cloud(True).with_changes(chat_backend=HF_ENDPOINT)
    assert on.cloud_allowed
    assert not on.with_changes(offline_mode=True).cloud_allowed, "offline mode blocks the cloud"
    off = on.with_cloud(False)
    assert (off.hf_endpoint_consent, off.chat_backend) == (False, GPT4ALL)
    s = Settings()
    assert s.with_changes(chunk_size=600, top_k=9).reindex_keys_changed(s) == ["chunk_size"]
    assert s.with_changes(top_k=9).reindex_keys_changed(s) == []


def test_changes_combine_and_say_what_they_hold() -> None:
    both = Changes(documents=True) | Changes(settings=True)
    assert both == Changes(documents=True, settings=True) and bool(both)
    assert str(both) == "documents, settings" and not NOTHING and str(NOTHING) == "nothing"


def test_every_back_end_is_declared_once_in_the_registry() -> None:
    from dataclasses import fields

    from desktop_gpt.core.app.settings import CHAT_BACKENDS
    from desktop_gpt.core.chat.llm import BACKEND_LABELS, CLOUD_BACKENDS
    from desktop_gpt.core.chat.registry import REGISTRY, backend_spec

    assert tuple(REGISTRY) == CHAT_BACKENDS
    known = {f.name for f in fields(Settings)}
    for spec in REGISTRY.values():
        assert set(spec.settings_keys) <= known, spec.id
        assert BACKEND_LABELS[spec.id] == spec.label
        assert bool(spec.consent) == spec.is_cloud, "a cloud back end says what it sends; a local one has no consent"
    assert {HF_ENDPOINT} == CLOUD_BACKENDS
    assert "ollama_url" not in backend_spec(GPT4ALL).settings_keys
    with pytest.raises(SettingsError):
        backend_spec("telepathy")
