from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import SettingsError
from desktop_gpt.core.app.paths import DATA_DIR_ENV, AppPaths
from desktop_gpt.core.app.settings import SCHEMA_VERSION, Settings, load_settings, save_settings


def test_defaults_are_valid_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    custom = Settings().with_changes(top_k=8, retrieval_mode="vector", temperature=0.5)
    save_settings(custom, path)
    assert json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION
    assert load_settings(path) == custom
    assert load_settings(tmp_path / "missing.json") == Settings()


def test_version_1_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": 1, "k": 7, "retrieval_mode": "keyword", "obsolete": 1}))
    loaded = load_settings(path)
    assert (loaded.top_k, loaded.retrieval_mode) == (7, "fts")


def test_version_4_default_prompt_becomes_the_multilingual_one(tmp_path: Path) -> None:
    from desktop_gpt.core.app.settings import _PROMPT_BEFORE_V5, DEFAULT_SYSTEM_PROMPT

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": 4, "system_prompt": _PROMPT_BEFORE_V5}))
    assert load_settings(path).system_prompt == DEFAULT_SYSTEM_PROMPT
    assert "language of the question" in DEFAULT_SYSTEM_PROMPT
    path.write_text(json.dumps({"schema_version": 4, "system_prompt": "Mine."}))
    assert load_settings(path).system_prompt == "Mine."


@pytest.mark.parametrize(
    ("old", "new"),
    [({}, (250, 38)), ({"chunk_size": 1200, "chunk_overlap": 200}, (300, 50)), ({"chunk_size": 100}, (32, 15))],
)
def test_version_4_chunk_sizes_become_tokens(tmp_path: Path, old: dict, new: tuple[int, int]) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": 4, **old}))
    loaded = load_settings(path)
    assert (loaded.chunk_size, loaded.chunk_overlap) == new


@pytest.mark.parametrize(
    ("changes", "word"),
    [
        ({"top_k": 0}, "top_k"),
        ({"chunk_overlap": 600}, "chunk_overlap"),
        ({"retrieval_mode": "magic"}, "retrieval_mode"),
        ({"temperature": 3.0}, "temperature"),
        ({"max_answer_tokens": 4000}, "max_answer_tokens"),
        ({"chat_model": "model.bin"}, "chat_model"),
        ({"chat_backend": "hf-endpoint"}, "chat_backend"),  # the cloud only after the opt-in
        ({"chat_backend": "llamafile"}, "chat_backend"),
        ({"ollama_url": "localhost:11434"}, "ollama_url"),
        ({"hf_endpoint": "not a model"}, "hf_endpoint"),
    ],
)
def test_invalid_values_name_the_setting(changes: dict, word: str) -> None:
    with pytest.raises(SettingsError, match=word):
        Settings().with_changes(**changes)


def test_wrong_types_and_newer_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": SCHEMA_VERSION, "top_k": "five"}))
    with pytest.raises(SettingsError, match="top_k"):
        load_settings(path)
    path.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}))
    with pytest.raises(SettingsError, match="newer"):
        load_settings(path)
    path.write_text("{not json")
    with pytest.raises(SettingsError):
        load_settings(path)


def test_data_dir_option_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "from-env"))
    assert AppPaths.resolve().data_dir == tmp_path / "from-env"
    explicit = AppPaths.resolve(tmp_path / "explicit")
    assert explicit.data_dir == tmp_path / "explicit"
    assert explicit.settings_file.is_relative_to(tmp_path / "explicit")


def test_chosen_data_folder_is_used_from_the_next_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    from desktop_gpt.core.app.paths import choose_data_location

    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *a, **k: str(tmp_path / "config"))
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "default-data"))
    assert AppPaths.resolve().data_dir == tmp_path / "default-data"
    assert not AppPaths.resolve().explicit
    choose_data_location(tmp_path / "config", tmp_path / "elsewhere")
    assert AppPaths.resolve().data_dir == tmp_path / "elsewhere"
    assert AppPaths.resolve(tmp_path / "cli").explicit
