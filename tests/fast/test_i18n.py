"""The Korean translation: complete, consistent with the code, compiled; the Language setting."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import SettingsError
from desktop_gpt.core.app.settings import Settings, settings_from_json
from desktop_gpt.ui.i18n import TRANSLATIONS, compile_translations

TS = TRANSLATIONS / "desktop_gpt_ko.ts"
UI = Path(__file__).resolve().parents[2] / "desktop_gpt" / "ui"
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def messages(ts: Path) -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation, its type) of every message in a .ts file."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source", ""), translation.text, translation.get("type")))
    return found


def test_every_string_has_a_korean_translation_with_the_same_fields() -> None:
    found = messages(TS)
    assert len(found) > 350
    for context, source, translation, kind in found:
        assert translation and kind is None, f"{context}: {source!r} is not translated"
        assert sorted(re.findall(r"\{[^}]*\}", source)) == sorted(re.findall(r"\{[^}]*\}", translation)), source
        assert ("&" in re.sub(r"&(?:nbsp|amp);", "", source)) == bool(re.search(r"\(&\w\)", translation)), (
            f"{source!r}: a shortcut letter in English is one in Korean, written (&X)"
        )
        assert re.search("[가-힣]", translation) or source == translation, f"{source!r} → {translation!r}"


def test_the_translation_covers_exactly_the_strings_of_the_code(tmp_path: Path) -> None:
    """pyside6-lupdate, run on the code now, finds no string the .ts lacks and none it no longer needs."""
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    subprocess.run([str(LUPDATE), "-no-obsolete", "-locations", "none", *sources, "-ts", str(fresh)], check=True,
                   capture_output=True)  # fmt: skip
    assert [m[:2] for m in messages(fresh)] == [m[:2] for m in messages(TS)], "run pyside6-lupdate (see i18n.py)"
    assert all(kind is None for *_, kind in messages(fresh))


def test_the_translation_compiles(tmp_path: Path) -> None:
    shutil.copy(TS, tmp_path / TS.name)
    assert compile_translations(tmp_path) == [tmp_path / "desktop_gpt_ko.qm"]
    assert (tmp_path / "desktop_gpt_ko.qm").stat().st_size > 10_000


def test_korean_locale_gives_a_korean_window() -> None:
    """LANG=ko_KR.UTF-8 and the Language setting "system": the window's strings, Qt's own, and the locale."""
    code = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from desktop_gpt.ui.i18n import install_translators\n"
        "app = QCoreApplication([])\n"
        "locale = install_translators('system')\n"
        "print(locale.name(), QCoreApplication.translate('MainWindow', '&File'),"
        " QCoreApplication.translate('QPlatformTheme', 'Cancel'))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | {"LANG": "ko_KR.UTF-8"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["ko_KR", "파일(&F)", "취소"]
    env["LANG"] = "en_US.UTF-8"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["en_US", "&File", "Cancel"]


def test_the_language_setting() -> None:
    assert Settings().language == "system"
    assert Settings().with_changes(language="ko").language == "ko"
    with pytest.raises(SettingsError, match="language"):
        Settings().with_changes(language="fr")
    older = Settings().to_json()
    del older["language"]  # a file written before the setting existed
    assert settings_from_json(older).language == "system"
