"""OCR's rules that need no engine: the languages setting, the data's package format, text clean-up,
which languages a page is read with."""

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
from desktop_gpt.core.documents.ocr import MIN_CONFIDENCE, LanguagePlan, PageRecogniser, _tidy, script_letters
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


ENGLISH = "The clerk recorded each remark in the minute book with patient care, " * 3
KOREAN = "마을 회의는 추수가 끝난 뒤 큰 강당에서 열렸고 도로 상태와 등유 가격을 두고 이야기를 나누었다. " * 3


def test_letters_are_counted_by_script() -> None:
    assert script_letters("Café 서울 2024!") == {"Latin": 4, "Hangul": 2}


def test_pages_are_read_with_all_languages_until_the_document_shows_its_scripts() -> None:
    plan = LanguagePlan(("kor", "eng"))
    assert plan.choose() == ("kor", "eng")
    plan.learn("Title page")  # too few letters to tell
    assert plan.choose() == ("kor", "eng")
    plan.learn(ENGLISH + "한")  # a stray syllable is not Korean text
    assert plan.choose() == ("eng",)
    plan.learn(KOREAN)
    assert plan.choose() == ("kor", "eng")


def test_latin_languages_are_kept_for_korean_text_and_nothing_is_narrowed_unasked() -> None:
    plan = LanguagePlan(("kor", "eng"))
    plan.learn(KOREAN * 3)  # no Latin letter at all: English still reads its names and terms
    assert plan.choose() == ("kor", "eng")
    for plan in (LanguagePlan(("kor", "eng"), narrow=False), LanguagePlan(("eng",))):
        plan.learn(ENGLISH)
        assert plan.choose() == plan.languages


def test_a_poor_narrowed_reading_is_read_again_with_all_languages() -> None:
    plan = LanguagePlan(("kor", "eng"))
    assert plan.poor(ENGLISH, MIN_CONFIDENCE - 1, ("eng",))  # a Korean page read as English scores low
    assert not plan.poor(ENGLISH, 94, ("eng",))
    assert not plan.poor(ENGLISH, 10, ("kor", "eng"))  # already read with all of them
    assert plan.poor(ENGLISH, 90, ("eng",), doubtful=0.1)  # a Korean paragraph: good mean, many doubtful words
    assert not plan.poor(ENGLISH, 94, ("eng",), doubtful=0.01)
    assert plan.poor("", 0, ("eng",))  # ink, but English read nothing there
    assert not plan.poor("", 100, ("eng",))  # a blank page (never given to the engine)
    assert plan.poor(KOREAN + ENGLISH, 90, ("kor",))  # letters of a script the languages do not read


def test_the_cache_finds_a_page_by_the_chosen_languages_whatever_it_was_read_with(tmp_path: Path) -> None:
    """The key names all the chosen languages and their data; the file name, those a page was read with."""
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    for code in ("eng", "kor"):
        (tessdata / f"{code}.traineddata").write_bytes(b"x")
    both = PageRecogniser(tessdata, tmp_path / "cache", "kor+eng")
    english = PageRecogniser(tessdata, tmp_path / "cache", "eng")
    doc = "ab" * 32
    key = both.cache_key(("kor", "eng"))
    both._store(doc, key, 1, ("kor", "eng"), "first")
    both._store(doc, key, 2, ("eng",), "second")
    assert both._cached(doc, key, [1, 2, 3]) == {1: ("first", ("kor", "eng")), 2: ("second", ("eng",))}
    assert both._cached(doc, key, [2]) == {2: ("second", ("eng",))}
    # Each setting has its own key: a page the English setting read (a Korean page read as English,
    # maybe) is never taken for Korean and English, which would have read it again.
    english._store(doc, english.cache_key(("eng",)), 3, ("eng",), "third")
    assert 3 not in both._cached(doc, key, [1, 2, 3])
    assert english._cached(doc, english.cache_key(("eng",)), [1, 2, 3]) == {3: ("third", ("eng",))}
