"""First launch: who is welcomed, the welcome's choices applied, and the model it recommends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.first_launch import WelcomeChoices, complete_welcome, needs_welcome
from desktop_gpt.core.app.paths import LOCATION_FILE, AppPaths, chosen_data_location
from desktop_gpt.core.app.settings import Settings, load_settings, save_settings
from desktop_gpt.core.models.model_manager import load_catalog
from desktop_gpt.core.models.recommend import Machine, fit_of, measure_machine, recommended_chat_model

GB = 2**30


def user_paths(tmp_path: Path) -> AppPaths:
    """Paths as a person's default install has them: settings outside the library folder."""
    return AppPaths(data_dir=tmp_path / "library", config_dir=tmp_path / "config")


def test_a_new_install_is_welcomed_and_an_existing_one_is_not(tmp_path: Path) -> None:
    paths = user_paths(tmp_path)
    assert needs_welcome(paths), "no settings file: the first launch"
    assert Settings().welcome_seen is False
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text(json.dumps({"schema_version": 7, "top_k": 6}))
    assert load_settings(paths.settings_file).welcome_seen is True, "a file from before the welcome"
    assert not needs_welcome(paths)
    save_settings(Settings(), paths.settings_file)
    assert needs_welcome(paths), "a new file that has not seen it yet"
    paths.settings_file.write_text("{not json")
    assert not needs_welcome(paths), "a damaged file is said by the library, not greeted"


def test_the_welcome_sets_the_language_and_a_new_library_folder_at_once(tmp_path: Path) -> None:
    paths = user_paths(tmp_path)
    elsewhere = tmp_path / "Documents" / "Desktop GPT library"
    opened = complete_welcome(paths, WelcomeChoices(language="ko", library=elsewhere, download="qwen2.5-1.5b-instruct"))
    assert opened.data_dir == elsewhere.resolve() and opened.config_dir == paths.config_dir
    assert chosen_data_location(paths.config_dir) == elsewhere.resolve(), "kept for the next starts"
    saved = load_settings(paths.settings_file)
    assert saved.language == "ko" and saved.welcome_seen
    assert saved.offline_mode is True, "agreeing to one download does not turn offline mode off"
    assert not needs_welcome(opened)


def test_the_installed_models_go_with_a_library_moved_before_first_use(tmp_path: Path) -> None:
    paths = user_paths(tmp_path)
    paths.models_dir.mkdir(parents=True)
    (paths.models_dir / "chat.gguf").write_bytes(b"GGUF" + b"0" * 100)
    (paths.models_dir / ".manifest.json").write_text("{}")
    (tmp_path / "shared.onnx").write_bytes(b"onnx")
    (paths.models_dir / "linked.onnx").symlink_to(tmp_path / "shared.onnx")
    paths.tessdata_dir.mkdir(parents=True)
    (paths.tessdata_dir / "kor.traineddata").write_bytes(b"kor")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "models").mkdir(parents=True)
    (elsewhere / "models" / "chat.gguf").write_bytes(b"already there")
    opened = complete_welcome(paths, WelcomeChoices(library=elsewhere))
    assert (opened.models_dir / "chat.gguf").read_bytes() == b"already there", "a file there is kept"
    assert (opened.models_dir / ".manifest.json").read_text() == "{}"
    assert (opened.models_dir / "linked.onnx").resolve() == (tmp_path / "shared.onnx").resolve()
    assert (opened.tessdata_dir / "kor.traineddata").read_bytes() == b"kor"
    assert (paths.models_dir / "chat.gguf").exists(), "nothing is taken from the old folder"


def test_skipping_marks_the_welcome_seen_and_changes_nothing_else(tmp_path: Path) -> None:
    paths = user_paths(tmp_path)
    opened = complete_welcome(paths, WelcomeChoices())
    assert opened == paths and not (paths.config_dir / LOCATION_FILE).exists()
    assert load_settings(paths.settings_file) == Settings(welcome_seen=True)


def test_a_library_folder_that_cannot_hold_files_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    paths = user_paths(tmp_path)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    with pytest.raises(DesktopGptError, match="cannot hold the library"):
        complete_welcome(paths, WelcomeChoices(language="ko", library=blocker / "library"))
    assert needs_welcome(paths) and not paths.settings_file.exists()
    assert chosen_data_location(paths.config_dir) is None
    with pytest.raises(DesktopGptError, match="Unknown interface language"):
        complete_welcome(paths, WelcomeChoices(language="xx"))


def test_a_library_given_on_the_command_line_is_not_moved(tmp_path: Path) -> None:
    explicit = AppPaths.resolve(tmp_path / "given")
    assert explicit.explicit
    with pytest.raises(DesktopGptError, match="--data-dir"):
        complete_welcome(explicit, WelcomeChoices(library=tmp_path / "other"))
    assert complete_welcome(explicit, WelcomeChoices(language="en")) == explicit


def test_the_recommended_model_is_the_best_multilingual_one_that_fits() -> None:
    catalog = load_catalog()
    roomy = Machine(total_ram=16 * GB, free_ram=12 * GB, free_disk=100 * GB, cpu_count=8)
    best = recommended_chat_model(catalog, roomy)
    assert best is not None and best.fits and best.entry.name == "qwen2.5-1.5b-instruct"
    assert "ko" in best.entry.languages and best.entry.kind == "chat"
    assert best.ram_needed == int(best.entry.ram_gb * GB) and best.disk_needed == best.entry.size

    tight = Machine(total_ram=4 * GB, free_ram=2 * GB, free_disk=100 * GB, cpu_count=2)
    smaller = recommended_chat_model(catalog, tight)
    assert smaller is not None and smaller.fits and smaller.entry.name == "qwen2.5-0.5b-instruct"

    full = Machine(total_ram=16 * GB, free_ram=12 * GB, free_disk=200 * 2**20, cpu_count=8)
    none_fits = recommended_chat_model(catalog, full)
    assert none_fits is not None and not none_fits.fits_disk and none_fits.entry.name == "qwen2.5-0.5b-instruct"

    unknown_memory = Machine(total_ram=0, free_ram=0, free_disk=100 * GB, cpu_count=1)
    assert fit_of(best.entry, unknown_memory).fits, "memory the system does not report is not held against it"
    assert recommended_chat_model([e for e in catalog if not e.recommended], roomy) is None


def test_the_machine_is_measured(tmp_path: Path) -> None:
    machine = measure_machine(tmp_path / "not made yet" / "library")
    assert 0 < machine.free_ram <= machine.total_ram
    disk = shutil.disk_usage(tmp_path).free
    assert abs(machine.free_disk - disk) < 0.01 * disk + 2**26, "the disk of the nearest existing folder"
    assert machine.cpu_count >= 1
