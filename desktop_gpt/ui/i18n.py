"""The interface language: Qt's translators, the Language setting, and the locale's number formats.

Every string a person sees goes through ``tr()`` / ``QCoreApplication.translate``. The Korean
translation is ``resources/i18n/desktop_gpt_ko.ts`` (collected from the code by ``pyside6-lupdate``,
translated by hand); ``pyside6-lrelease`` compiles it to the ``.qm`` that Qt loads: ``scripts/setup.sh``
and ``build.spec`` do it, and a checkout whose ``.qm`` is missing or older than its ``.ts`` compiles it
at start. English is the source language and needs no file. The language applies when the window is
built, so a change of the setting applies at the next start.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QComboBox

from desktop_gpt.core.app.resources import resource_path
from desktop_gpt.core.app.settings import LANGUAGES, load_settings

log = logging.getLogger(__name__)

#: The compiled translations: ``desktop_gpt_<language>.qm``, next to their ``.ts`` sources.
TRANSLATIONS = resource_path("i18n")
#: The locale each explicit Language setting stands for ("system" follows the system's locale).
LOCALES = {"en": "en_US", "ko": "ko_KR"}

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` where it is defined; it is translated where shown.
    (PySide6's own returns ``object`` to type checkers.)"""
    return text


def _lrelease() -> str | None:
    beside = Path(sys.executable).with_name("pyside6-lrelease")  # the virtual environment's, not on PATH
    return str(beside) if beside.exists() else shutil.which("pyside6-lrelease")


def compile_translations(folder: Path = TRANSLATIONS) -> list[Path]:
    """Compile every ``.ts`` in ``folder`` whose ``.qm`` is missing or older; return the ``.qm`` files
    that are up to date afterwards. A language whose ``.qm`` cannot be made stays in English (logged)."""
    ready = []
    for source in sorted(folder.glob("*.ts")):
        compiled = source.with_suffix(".qm")
        if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
            tool = _lrelease()
            if tool is None:
                log.warning("cannot compile %s: pyside6-lrelease is not installed", source.name)
                continue
            done = subprocess.run([tool, "-silent", str(source), "-qm", str(compiled)], capture_output=True, text=True)
            if done.returncode != 0:
                log.warning("cannot compile %s: %s", source.name, done.stderr.strip() or done.stdout.strip())
                continue
        ready.append(compiled)
    return ready


def ui_locale(language: str) -> QLocale:
    """The locale of the interface for a Language setting: "system", "en" or "ko"."""
    return QLocale(LOCALES[language]) if language in LOCALES else QLocale.system()


def install_translators(language: str) -> QLocale:
    """Make ``language`` the interface language of the running application (replacing any before):
    Desktop GPT's own translation and Qt's for its standard dialogs, and the locale's formats for
    numbers and sizes. Returns the locale; a language without a translation shows English."""
    app = QCoreApplication.instance()
    assert app is not None, "the application exists before its language is chosen"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = ui_locale(language)
    QLocale.setDefault(locale)
    if locale.language() in (QLocale.Language.English, QLocale.Language.C):
        return locale
    if TRANSLATIONS.is_dir() and not getattr(sys, "frozen", False):  # a frozen app ships its .qm compiled
        compile_translations()
    own = QTranslator(app)
    if not own.load(locale, "desktop_gpt", "_", str(TRANSLATIONS)):
        return locale  # no translation for this language: English throughout, Qt's dialogs included
    qt = QTranslator(app)
    for translator in (own, qt) if qt.load(locale, "qtbase", "_", _qt_translations()) else (own,):
        app.installTranslator(translator)
        _installed.append(translator)
    return locale


def _qt_translations() -> str:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller's PySide6 hook keeps Qt's translations here
    if frozen and (Path(frozen) / "PySide6" / "Qt" / "translations").is_dir():
        return str(Path(frozen) / "PySide6" / "Qt" / "translations")
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def language_setting(settings_file: Path) -> str:
    """The Language setting, read before the window is built; "system" when the file says nothing usable
    (a damaged file is handled, and said, when the library opens)."""
    try:
        return load_settings(settings_file).language
    except Exception:
        return "system"


#: The Language setting's choices; each language is named in its own words.
LANGUAGE_LABELS = {"system": QT_TRANSLATE_NOOP("SettingsPane", "System ({language})"), "en": "English", "ko": "한국어"}


def fill_language_choices(combo: QComboBox) -> None:
    """The Language setting's choices (their codes as item data), in the current interface language."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    system = QLocale.system().nativeLanguageName() or "English"
    for language in LANGUAGES:
        label = LANGUAGE_LABELS[language]
        text = (
            QCoreApplication.translate("SettingsPane", label).format(language=system) if language == "system" else label
        )
        combo.addItem(text, language)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


# -- the locale's formats ----------------------------------------------------------------------


def size_text(n: int) -> str:
    """A file or download size in the interface locale: "45 MB", "1.50 GB"."""
    return QLocale().formattedDataSize(n, 2 if n >= 2**30 else 0, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def number_text(value: float, decimals: int = 0) -> str:
    return QLocale().toString(float(value), "f", decimals) if decimals else QLocale().toString(round(value))


def percent_text(fraction: float) -> str:
    return number_text(100 * fraction) + QLocale().percent()


def duration_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return QCoreApplication.translate("Formats", "{s} s").format(s=seconds)
    if seconds < 3600:
        return QCoreApplication.translate("Formats", "{m} min {s:02d} s").format(m=seconds // 60, s=seconds % 60)
    return QCoreApplication.translate("Formats", "{h} h {m:02d} min").format(h=seconds // 3600, m=seconds % 3600 // 60)
