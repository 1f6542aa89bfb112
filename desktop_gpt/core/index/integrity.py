"""Opening LanceDB tables that a crash, a full disk or a bad sector may have damaged.

LanceDB commits each write as a new version (a manifest file); a kill mid-write leaves unused data
files but the table at its previous version. What can still go wrong is damage on disk: a
truncated or garbled manifest, or a data file that is missing or unreadable. Then the table is
taken back to its newest version that reads end to end, and the damaged files are moved aside,
never deleted. Each repair is described in plain words for the person.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.errors import without_source_location

log = logging.getLogger(__name__)

#: How many damaged newest manifests are set aside before the table is given up as lost.
MAX_MANIFESTS_SET_ASIDE = 20


@dataclass
class Repairs:
    """What opening the store had to fix, in plain words, for the person and the log."""

    notices: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        log.warning("%s", text)
        self.notices.append(text)


def damaged_folder(store_dir: Path) -> Path:
    return store_dir.parent / "damaged" / time.strftime("%Y%m%d-%H%M%S")


def _set_aside(path: Path, store_dir: Path) -> Path:
    target = damaged_folder(store_dir) / path.relative_to(store_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), str(target))
    return target


def _manifests(table_dir: Path) -> list[Path]:
    versions = table_dir / "_versions"
    return sorted(versions.glob("*.manifest"), key=_manifest_version) if versions.is_dir() else []


def _manifest_version(path: Path) -> int:
    number = int(path.stem) if path.stem.isdigit() else 0
    # Newer LanceDB names manifests in descending order (u64::MAX - version) so listing finds the latest first.
    return 2**64 - 1 - number if number > 2**63 else number


@dataclass
class TableRepair:
    """Opens one table, rolling it back to its newest readable version or starting it anew.

    ``probe`` reads the table and raises if it cannot; ``create`` makes an empty table.
    """

    db: Any
    name: str
    store_dir: Path
    probe: Callable[[Any], None]
    create: Callable[[], Any]
    repairs: Repairs
    label: str  # for the person, e.g. "search index"

    @property
    def table_dir(self) -> Path:
        return self.store_dir / f"{self.name}.lance"

    def open(self) -> Any:
        set_aside = 0
        while True:
            try:
                table = self.db.open_table(self.name)
                break
            except Exception as exc:
                if not self.table_dir.exists():
                    return self.create()
                manifests = _manifests(self.table_dir)
                if not manifests or set_aside >= MAX_MANIFESTS_SET_ASIDE:
                    return self._start_anew(exc)
                _set_aside(manifests[-1], self.store_dir)  # the newest version is damaged: try the one before
                (self.table_dir / "_versions" / "latest_version_hint.json").unlink(missing_ok=True)
                set_aside += 1
        try:
            self.probe(table)
        except Exception as exc:
            return self._roll_back(table, exc)
        if set_aside:
            self.repairs.add(
                f"The {self.label} had {set_aside} damaged version file(s) from an interrupted write; it was "
                f"taken back to its last good version ({table.version}). Anything added after it needs adding again."
            )
        return table

    def _roll_back(self, table: Any, error: Exception) -> Any:
        current = table.version
        for version in sorted((v["version"] for v in table.list_versions()), reverse=True):
            if version >= current:
                continue
            try:
                table.checkout(version)
                self.probe(table)
            except Exception:
                continue
            table.restore()  # the good version becomes the newest; the damaged ones stay in history
            self.probe(table)
            self.repairs.add(
                f"Part of the {self.label} could not be read ({_short(error)}); it was taken back to its last good "
                f"version ({version} of {current}). Documents added after it need adding again."
            )
            return table
        return self._start_anew(error)

    def _start_anew(self, error: Exception) -> Any:
        kept = _set_aside(self.table_dir, self.store_dir)
        self.repairs.add(
            f"The {self.label} could not be read ({_short(error)}) and was started anew; the damaged copy is in {kept}."
        )
        return self.create()


def _short(exc: Exception) -> str:
    text = without_source_location(str(exc))
    return text if len(text) < 160 else text[:157] + "…"
