"""The models a frozen app carries: what the build takes, and the first start's offline install."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import ModelError
from desktop_gpt.core.app.hashing import file_sha256
from desktop_gpt.core.app.paths import AppPaths, default_cache_dir
from desktop_gpt.core.app.settings import DEFAULT_CHAT_MODEL, DEFAULT_EMBEDDING_MODEL
from desktop_gpt.core.documents.ocr_data import OCR_PINS, SYSTEM_TESSDATA
from desktop_gpt.core.models.bundled import BUNDLE_FOLDER, bundle_sources, install_bundled, write_manifest
from desktop_gpt.main import main


def make_bundle(root: Path) -> Path:
    """A bundle laid out as build.spec lays it out in the frozen app, linking set-up's files."""
    bundle = root / BUNDLE_FOLDER
    sources = bundle_sources(default_cache_dir(), OCR_PINS, (default_cache_dir() / "ocr", *SYSTEM_TESSDATA))
    for src, entry in sources:
        (bundle / entry.folder).mkdir(parents=True, exist_ok=True)
        (bundle / entry.folder / entry.name).symlink_to(src)
    write_manifest([entry for _src, entry in sources], bundle)
    return bundle


@pytest.fixture
def bundle(tmp_path: Path, starter_models: dict[str, Path]) -> Path:
    return make_bundle(tmp_path / "app")


def test_the_build_takes_the_default_models_and_the_pinned_ocr_data(bundle: Path) -> None:
    names = sorted(p.name for p in bundle.glob("*/*"))
    tokenizer = Path(DEFAULT_EMBEDDING_MODEL).with_suffix(".tokenizer.json").name
    assert names == sorted([DEFAULT_CHAT_MODEL, DEFAULT_EMBEDDING_MODEL, tokenizer, "eng.traineddata",
                            "kor.traineddata"])  # fmt: skip


def test_the_build_fails_clearly_without_prepared_models(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=rf"{DEFAULT_CHAT_MODEL}.*not prepared.*scripts/setup.sh"):
        bundle_sources(tmp_path / "empty-cache", OCR_PINS, (tmp_path / "empty-cache" / "ocr",))


def test_install_copies_verified_files_once(bundle: Path, tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data", tmp_path / "data" / "config").ensure()
    said: list[str] = []
    installed = install_bundled(bundle, paths.models_dir, paths.tessdata_dir, OCR_PINS, said.append)
    assert len(installed) == 5 and len(said) == 5
    for path in installed:
        assert not path.is_symlink()
        assert file_sha256(path) == file_sha256(bundle / ("models" if path.parent == paths.models_dir else
                                                          "tessdata") / path.name)  # fmt: skip
    said.clear()
    assert install_bundled(bundle, paths.models_dir, paths.tessdata_dir, OCR_PINS, said.append) == installed
    assert said == []


def test_a_changed_bundled_file_is_refused(bundle: Path, tmp_path: Path) -> None:
    tampered = bundle / "tessdata" / "kor.traineddata"
    data = bytearray(tampered.read_bytes())
    data[1000] ^= 0xFF
    tampered.unlink()
    tampered.write_bytes(bytes(data))
    tessdata = tmp_path / "data" / "ocr" / "tessdata"
    with pytest.raises(ModelError, match=r"kor\.traineddata does not match its expected SHA-256"):
        install_bundled(bundle, tmp_path / "data" / "models", tessdata, OCR_PINS)
    assert sorted(p.name for p in tessdata.iterdir()) == ["eng.traineddata"]  # no partial copy left


@pytest.fixture
def frozen(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This process as a frozen app whose bundle is ``bundle`` and whose interpreter cannot run pip."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle.parent), raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle.parent / "desktop-gpt"))  # pip through it would fail
    return bundle


def test_setup_in_a_frozen_app_installs_the_bundle_without_pip(
    frozen: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "setup", "--cache-dir", str(tmp_path / "empty-cache")]) == 0
    out = capsys.readouterr()
    assert out.out.count("Ready: ") == 5 and "Downloading" not in out.err
    assert (data / "models" / DEFAULT_CHAT_MODEL).is_file()
    assert (data / "ocr" / "tessdata" / "kor.traineddata").is_file()
    assert not (tmp_path / "empty-cache").exists()


def test_a_frozen_apps_first_start_installs_the_models(frozen: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "list", "--json"]) == 0
    assert (data / "models" / DEFAULT_EMBEDDING_MODEL).is_file()
    assert (data / "ocr" / "tessdata" / "eng.traineddata").is_file()
