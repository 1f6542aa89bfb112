"""Where Desktop GPT keeps its files. The data directory is always passed in, never read from a global."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "desktop-gpt"
DATA_DIR_ENV = "DESKTOP_GPT_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    """All on-disk locations, derived from one data directory and one config directory."""

    data_dir: Path
    config_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        """``--data-dir`` wins, then ``$DESKTOP_GPT_DATA_DIR``, then the platform's user dirs.

        With an explicit data dir (option or environment) the settings live inside it too, so a
        portable or test installation never touches the real user folders.
        """
        chosen = data_dir or os.environ.get(DATA_DIR_ENV)
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(data_dir=root, config_dir=root / "config")
        import platformdirs

        config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
        data_dir = chosen_data_location(config_dir) or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        return cls(data_dir=data_dir, config_dir=config_dir)

    @property
    def explicit(self) -> bool:
        """True when the data folder came from ``--data-dir`` or the environment."""
        return self.config_dir == self.data_dir / "config"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "store"

    @property
    def chats_dir(self) -> Path:
        return self.data_dir / "chats"

    @property
    def watch_state_file(self) -> Path:
        """What the last pass over the watched folders saw (core/index/sync.py)."""
        return self.data_dir / "watched-folders.json"

    @property
    def collections_file(self) -> Path:
        """Named groups of documents (a matter, a project, a course)."""
        return self.data_dir / "collections.json"

    @property
    def tessdata_dir(self) -> Path:
        """Tesseract's trained data for OCR (installed by set-up, like the models)."""
        return self.data_dir / "ocr" / "tessdata"

    @property
    def ocr_cache_dir(self) -> Path:
        """Text recognised on scanned pages, so that a re-index never reads a page twice."""
        return self.data_dir / "ocr" / "cache"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    def ensure(self) -> AppPaths:
        for folder in (self.data_dir, self.config_dir, self.models_dir, self.store_dir, self.chats_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def default_cache_dir() -> Path:
    """Where downloaded starter-model wheels and their unpacked files are cached (outside the repo)."""
    env = os.environ.get("DESKTOP_GPT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


LOCATION_FILE = "location.json"


def chosen_data_location(config_dir: Path) -> Path | None:
    """The data folder the user picked in the settings, if any (read from the config folder)."""
    import json

    try:
        value = json.loads((config_dir / LOCATION_FILE).read_text(encoding="utf-8")).get("data_dir")
    except (OSError, ValueError, AttributeError):
        return None
    return Path(value).expanduser() if isinstance(value, str) and value else None


def check_writable(folder: Path) -> None:
    """Make ``folder`` if needed and write a probe file in it; raises ``OSError`` when it cannot hold files."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / ".desktop-gpt-write-test"
    probe.write_text("ok")
    probe.unlink()


def choose_data_location(config_dir: Path, data_dir: Path) -> None:
    """Use ``data_dir`` from the next start on. Existing documents are not moved."""
    import json

    config_dir.mkdir(parents=True, exist_ok=True)
    check_writable(data_dir)
    tmp = config_dir / f".{LOCATION_FILE}.tmp"
    tmp.write_text(json.dumps({"data_dir": str(data_dir)}), encoding="utf-8")
    os.replace(tmp, config_dir / LOCATION_FILE)
