"""First launch: whether to welcome the person, and the welcome's choices applied.

The window's welcome screen (ui/welcome.py) only collects the choices; this applies them, before the
library opens. What the welcome measures and recommends is core/models/recommend.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.paths import AppPaths, choose_data_location
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
    error says so and nothing is changed. A download the person asked for is started by the window
    once the library is open, as a one-off exception to offline mode (offline mode itself stays on).
    """
    if choices.language not in LANGUAGES:
        raise DesktopGptError(f"Unknown interface language '{choices.language}'.")
    if choices.library is not None:
        if paths.explicit:
            raise DesktopGptError("The library folder was given with --data-dir; it cannot be changed here.")
        try:
            choose_data_location(paths.config_dir, choices.library)
        except OSError as exc:
            raise DesktopGptError(
                f"The folder {choices.library} cannot hold the library: {exc.strerror or exc}. Choose another."
            ) from exc
        paths = AppPaths(data_dir=choices.library.expanduser().resolve(), config_dir=paths.config_dir)
    settings = load_settings(paths.settings_file).with_changes(language=choices.language, welcome_seen=True)
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    save_settings(settings, paths.settings_file)
    return paths
