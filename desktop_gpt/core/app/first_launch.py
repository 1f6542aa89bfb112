"""First launch: whether to welcome the person, and the welcome's choices applied.

The window's welcome screen (ui/welcome.py) only collects the choices; this applies them, before the
library opens. What the welcome measures and recommends is core/models/recommend.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.library_location import choose_library
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.settings import LANGUAGES, load_settings, save_settings


def needs_welcome(paths: AppPaths) -> bool:
    """The welcome is shown until the person has closed it once. A settings file from a version before
    the welcome counts as seen (see the settings migration); an unreadable one is not the welcome's
    business (the library says what is wrong when it opens)."""
    try:
        return not load_settings(paths.settings_file).welcome_seen
    except DesktopGptError:
        return False


@dataclass(frozen=True)
class WelcomeChoices:
    language: str = "system"
    #: A new library folder; None keeps the current one.
    library: Path | None = None
    #: The catalog model the person asked to download (its name), agreeing to this one connection.
    download: str = ""


def complete_welcome(paths: AppPaths, choices: WelcomeChoices) -> AppPaths:
    """Apply the welcome's choices and mark it seen; return the paths to open the library from.

    A new library folder is used at once (the library is not open yet); it must be writable, or the
    error says so and nothing is changed. The models and OCR data already installed go with it. A
    download the person asked for is started by the window once the library is open, as a one-off
    exception to offline mode (offline mode itself stays on).
    """
    if choices.language not in LANGUAGES:
        raise DesktopGptError(f"Unknown interface language '{choices.language}'.")
    if choices.library is not None:
        paths = choose_library(paths, choices.library)
    settings = load_settings(paths.settings_file).with_changes(language=choices.language, welcome_seen=True)
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    save_settings(settings, paths.settings_file)
    return paths
