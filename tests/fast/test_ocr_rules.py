"""OCR's rules that need no engine: the languages setting, the data's package format, text clean-up."""

from __future__ import annotations

import io
import json
import random
import tarfile
from pathlib import Path

import pytest

from benchmarks.ocr import cer, edit_distance
from desktop_gpt.core.app.errors import SettingsError
from desktop_gpt.core.app.settings import SCHEMA_VERSION, Settings, load_settings
from desktop_gpt.core.documents.ocr import _tidy
from desktop_gpt.core.documents.ocr_data import _member_of_deb, installed_languages, parse_languages


def test_settings_from_before_ocr_read_scans_in_the_default_languages(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": 5, "top_k": 7}))
    settings = load_settings(path)
    assert (settings.ocr_languages, settings.top_k) == ("kor+eng", 7)
    assert SCHEMA_VERSION >= 6


@pytest.mark.parametrize("value", ["eng", "kor", "kor+eng", "eng+kor"])
def test_ocr_languages_accepts_the_installed_kinds(value: str) -> None:
    assert Settings().with_text_value("ocr_languages", value).ocr_languages == value


@pytest.mark.parametrize("value", ["", "fra", "eng+eng", "eng,kor", "kor+"])
def test_ocr_languages_refuses_others_by_name(value: str) -> None:
    with pytest.raises(SettingsError, match="ocr_languages"):
        Settings().with_text_value("ocr_languages", value)


def test_languages_are_parsed_and_found_by_file(tmp_path: Path) -> None:
    assert parse_languages("kor + eng") == ("kor", "eng")
    (tmp_path / "kor.traineddata").write_bytes(b"x")
    (tmp_path / "fra.traineddata").write_bytes(b"x")  # not a pinned language: not offered
    assert installed_languages(tmp_path) == ["kor"]


def _deb(files: dict[str, bytes]) -> bytes:
    """A Debian package as dpkg-deb lays it out: an ar archive whose data.tar.xz holds the files."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w:xz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    members = [("debian-binary", b"2.0\n"), ("control.tar.xz", b"c" * 3), ("data.tar.xz", data.getvalue())]
    out = b"!<arch>\n"
    for name, body in members:
        header = f"{name:<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(body):<10}`\n".encode()
        out += header + body + (b"\n" if len(body) % 2 else b"")
    return out


def test_the_trained_data_is_taken_out_of_its_debian_package() -> None:
    deb = _deb({"./usr/share/doc/x/copyright": b"text", "./usr/share/tesseract-ocr/5/tessdata/kor.traineddata": b"KOR"})
    assert _member_of_deb(deb, "/kor.traineddata") == b"KOR"
    assert _member_of_deb(deb, "/eng.traineddata") is None
    assert _member_of_deb(b"not a package", "/kor.traineddata") is None


def test_recognised_text_loses_the_form_feed_and_runs_of_empty_lines() -> None:
    assert _tidy("First line  \n\n\n\nSecond line\n\x0c") == "First line\n\nSecond line"


def test_the_benchmarks_edit_distance_is_levenshteins() -> None:
    def reference(a: str, b: str) -> int:
        previous = list(range(len(b) + 1))
        for i, x in enumerate(a, 1):
            current = [i]
            for j, y in enumerate(b, 1):
                current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
            previous = current
        return previous[-1]

    rng = random.Random(5)
    for _ in range(300):
        a = "".join(rng.choice("ab가c") for _ in range(rng.randint(0, 40)))
        b = "".join(rng.choice("ab가c") for _ in range(rng.randint(0, 40)))
        assert edit_distance(a, b) == reference(a, b)
    assert cer("two words\nhere", "twowords here") == (0, 12)
