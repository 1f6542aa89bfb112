"""Where the library lives: choosing another folder, with the installed models going along.

The welcome (before the library opens: used at once) and the Settings pane (from the next start)
both choose through :func:`choose_library`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.paths import AppPaths, choose_data_location


def choose_library(paths: AppPaths, folder: Path) -> AppPaths:
    """Keep the library in ``folder`` from now on (recorded in the config folder) and give it the
    models and OCR data ``paths`` has installed; return the paths of the new library. Documents
    already indexed stay where they are. Refused when the folder came from ``--data-dir`` or cannot
    hold files; then nothing changes."""
    if paths.explicit:
        raise DesktopGptError(
            "The library folder was given with --data-dir or DESKTOP_GPT_DATA_DIR; change that instead."
        )
    try:
        choose_data_location(paths.config_dir, folder)
    except OSError as exc:
        raise DesktopGptError(
            f"The folder {folder} cannot hold the library: {exc.strerror or exc}. Choose another."
        ) from exc
    moved = AppPaths(data_dir=folder.expanduser().resolve(), config_dir=paths.config_dir)
    carry_models(paths, moved)
    return moved


def carry_models(source: AppPaths, target: AppPaths) -> list[Path]:
    """Give ``target`` the models and OCR data ``source`` has and it lacks (hard links on the same
    disk, else copies renamed into place), so a library moved before first use can answer at once.
    Returns the files added; a file already in ``target`` is kept."""
    added: list[Path] = []
    for folder, into in ((source.models_dir, target.models_dir), (source.tessdata_dir, target.tessdata_dir)):
        if not folder.is_dir() or folder.resolve() == into.resolve():
            continue
        for item in sorted(folder.iterdir()):
            dest = into / item.name
            if not item.is_file() or dest.exists() or item.name.startswith(".tmp-"):
                continue
            try:
                into.mkdir(parents=True, exist_ok=True)
                _link_or_copy(item, dest)
            except OSError as exc:
                raise DesktopGptError(
                    f"The models could not be copied into {into}: {exc.strerror or exc}. "
                    "Free some space or choose another folder."
                ) from exc
            added.append(dest)
    return added


def _link_or_copy(item: Path, dest: Path) -> None:
    """A link to shared model files stays a link; a file is hard-linked, or copied (then renamed into
    place) when the folders are on different disks."""
    if item.is_symlink():
        dest.symlink_to(item.resolve())
        return
    try:
        os.link(item, dest)
    except OSError:
        tmp = dest.with_name(f".tmp-{os.getpid()}-{item.name}")
        shutil.copy2(item, tmp)
        os.replace(tmp, dest)
