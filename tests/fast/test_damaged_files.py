"""Damaged files are set aside, never ignored: kept next to themselves with a timestamp, the person is
told, and the app goes on with default settings or without that chat. Real files in temporary folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_gpt.core.app.damaged import kept_name
from desktop_gpt.core.app.errors import SettingsError
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.settings import SCHEMA_VERSION, Settings, open_settings, save_settings
from desktop_gpt.core.app.workspace import Workspace
from desktop_gpt.core.chat.conversations import ConversationStore

DAMAGED_SETTINGS = {
    "garbage bytes": b"\x89PNG\r\n\x1a\n\x00\xff\xfe garbage",
    "truncated JSON": b'{"schema_version": 4, "top_k": 7, "chat_mo',
    "a JSON list": b'[{"top_k": 7}]',
    "an invalid value": json.dumps({"schema_version": SCHEMA_VERSION, "top_k": 0}).encode(),
    "a wrong type": json.dumps({"schema_version": SCHEMA_VERSION, "top_k": "five"}).encode(),
    "an unknown old schema": json.dumps({"schema_version": 0, "top_k": 7}).encode(),
    "a newer schema": json.dumps({"schema_version": SCHEMA_VERSION + 1, "top_k": 7}).encode(),
    "an empty file": b"",
}


def kept_copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.damaged-*"))


@pytest.mark.parametrize("content", DAMAGED_SETTINGS.values(), ids=DAMAGED_SETTINGS.keys())
def test_damaged_settings_are_set_aside_and_defaults_used(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    settings, notices = open_settings(path)
    assert settings == Settings()
    assert not path.exists(), "the damaged file no longer stands in the way"
    [kept] = kept_copies(path)
    assert kept.read_bytes() == content, "the original bytes are kept"
    [notice] = notices
    assert str(path) in notice and kept.name in notice and "using default settings" in notice
    save_settings(settings.with_changes(top_k=9), path)  # the app goes on and can save again
    assert kept.read_bytes() == content


def test_good_and_missing_settings_give_no_notice(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert open_settings(path) == (Settings(), [])
    save_settings(Settings().with_changes(top_k=7), path)
    assert open_settings(path)[0].top_k == 7
    assert open_settings(path)[1] == []


def test_a_second_damaged_file_in_the_same_second_gets_its_own_name(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    first = kept_name(path, now=1_700_000_000)
    first.write_bytes(b"older copy")
    second = kept_name(path, now=1_700_000_000)
    assert second != first and second.name == f"{first.name}-2"
    assert first.name.startswith("settings.json.damaged-2023")


def test_unreadable_settings_are_an_error_not_damage(tmp_path: Path) -> None:
    # Root reads any file whatever its mode, so a folder where the file should be stands for "cannot read".
    path = tmp_path / "settings.json"
    path.mkdir()
    with pytest.raises(SettingsError, match="Cannot read the settings file") as raised:
        open_settings(path)
    assert type(raised.value) is SettingsError
    assert path.is_dir() and kept_copies(path) == [], "nothing was moved"


def test_damaged_chats_are_set_aside_and_the_others_listed(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "chats")
    good = [store.create(f"chat {i}").result for i in range(2)]
    damaged = {
        "truncated.json": b'{"conversation_id": "abc", "title": "half',
        "list.json": b"[1, 2, 3]",
        "nameless.json": json.dumps({"title": "no id"}).encode(),
        "badmessages.json": json.dumps({"conversation_id": "x1", "messages": [1]}).encode(),
        "binary.json": b"\xff\xfe\x00garbage",
    }
    for name, content in damaged.items():
        (store.folder / name).write_bytes(content)

    listed = store.list()
    assert {c.conversation_id for c in listed} == {c.conversation_id for c in good}
    assert len(store.notices) == len(damaged)
    for name, content in damaged.items():
        path = store.folder / name
        assert not path.exists()
        [kept] = kept_copies(path)
        assert kept.read_bytes() == content
        [notice] = [n for n in store.notices if str(path) in n]
        assert kept.name in notice and "this chat is not listed" in notice

    assert store.list() == listed and len(store.notices) == len(damaged), "told once"
    again = ConversationStore(store.folder)
    assert again.list() == listed and again.notices == [], "a file already set aside is not told again"


def test_the_workspace_gathers_what_opening_set_aside(tmp_path: Path) -> None:
    paths = AppPaths(data_dir=tmp_path / "data", config_dir=tmp_path / "data" / "config").ensure()
    paths.settings_file.write_text("{ not json")
    ConversationStore(paths.chats_dir).create("kept chat")
    (paths.chats_dir / "broken.json").write_text('{"conversation_id": ')

    ws = Workspace(paths)
    try:
        assert ws.settings == Settings()
        settings_notice, chat_notice = ws.notices
        assert "settings" in settings_notice and "using default settings" in settings_notice
        assert "broken.json" in chat_notice and "this chat is not listed" in chat_notice
        assert [c.title for c in ws.conversations.list()] == ["kept chat"]
        ws.change_setting("top_k", "8")  # the defaults are saved as a new, good file
    finally:
        ws.close()
    reopened = Workspace(paths)
    assert (reopened.settings.top_k, reopened.notices) == (8, [])
    reopened.close()


def test_the_command_line_says_what_it_set_aside(tmp_path: Path) -> None:
    paths = AppPaths(data_dir=tmp_path / "data", config_dir=tmp_path / "data" / "config").ensure()
    paths.settings_file.write_bytes(b"\x00\x01 not settings")
    env = {k: v for k, v in os.environ.items() if k != "DESKTOP_GPT_DATA_DIR"}
    argv = [sys.executable, "-m", "desktop_gpt", "--data-dir", str(paths.data_dir), "settings", "top_k"]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(Settings().top_k)
    [line] = done.stderr.splitlines()
    [kept] = kept_copies(paths.settings_file)
    assert line.startswith("desktop-gpt: The settings file")
    assert kept.name in line and "using default settings" in line
