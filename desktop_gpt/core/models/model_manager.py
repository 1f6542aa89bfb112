"""Installed models, the curated catalog, adding local files, downloads, removal and verification."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.errors import DesktopGptError, ModelError, ModelFileError
from desktop_gpt.core.app.files import atomic_write_text
from desktop_gpt.core.app.hashing import file_sha256
from desktop_gpt.core.app.resources import resource_path
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.models.downloads import DownloadProgress, download_file, part_path
from desktop_gpt.core.models.modelfiles import (
    PRE_TOKENIZER_ALIASES,
    GgufInfo,
    check_runnable,
    import_model_file,
    inspect_gguf,
    rewrite_metadata,
)

DEFAULT_DOWNLOAD_BASE = "https://huggingface.co/"
MANIFEST = ".manifest.json"


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    file: str
    path: str  # relative to the download base, e.g. "org/repo/resolve/main/file.gguf"
    size: int
    sha256: str
    ram_gb: float
    license: str
    kind: str  # "chat" or "embedding"
    description: str = ""
    #: Language codes the model writes well; "ko" for Korean. More than English: "multilingual".
    languages: tuple[str, ...] = ("en",)
    #: The description in other interface languages, by language code ("ko").
    descriptions: tuple[tuple[str, str], ...] = ()
    #: 1 for the chat model the welcome recommends first, 2 for the next (a smaller fallback)…; 0: not.
    recommended: int = 0

    def description_in(self, language: str) -> str:
        return dict(self.descriptions).get(language, self.description)

    @property
    def multilingual(self) -> bool:
        return len(self.languages) > 1

    def url(self, mirror: str = "") -> str:
        base = mirror or DEFAULT_DOWNLOAD_BASE
        return base.rstrip("/") + "/" + self.path.lstrip("/")


def load_catalog(path: Path | None = None) -> list[CatalogEntry]:
    data = json.loads((path or resource_path("catalog.json")).read_text(encoding="utf-8"))
    return [
        CatalogEntry(**{
            **entry,
            "languages": tuple(entry.get("languages", ("en",))),
            "descriptions": tuple(entry.get("descriptions", {}).items()),
        })
        for entry in data["models"]
    ]  # fmt: skip


@dataclass(frozen=True)
class InstalledModel:
    file: str
    path: Path
    size: int
    kind: str  # "chat", "embedding" or "unusable"
    architecture: str = ""
    quantization: str = ""
    context_length: int = 0
    ram_estimate: int = 0
    active: bool = False
    problem: str = ""  # why the engine cannot use it, if it cannot


class ModelManager:
    def __init__(self, models_dir: Path, catalog: list[CatalogEntry] | None = None) -> None:
        self.models_dir = models_dir
        self.catalog = catalog if catalog is not None else load_catalog()

    # -- manifest: where each file came from and its checksum ----------------------------------

    def _manifest(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads((self.models_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _record(self, file: str, sha256: str, source: str) -> None:
        manifest = self._manifest()
        manifest[file] = {"sha256": sha256, "source": source, "added": time.time()}
        self._write_manifest(manifest)

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_text(
            self.models_dir / MANIFEST,
            json.dumps(manifest, indent=1),
            lambda why: ModelError(f"The list of installed models could not be saved: {why}."),
        )

    def _forget(self, file: str) -> None:
        manifest = self._manifest()
        if manifest.pop(file, None) is not None:
            self._write_manifest(manifest)

    # -- listing -------------------------------------------------------------------------------

    def describe(self, path: Path, settings: Settings) -> InstalledModel:
        active = path.name in (settings.chat_model, settings.embedding_model)
        if path.suffix == ".onnx":
            return self._describe_onnx(path, active)
        try:
            info = inspect_gguf(path)
            check_runnable(info)
        except ModelFileError as exc:
            size = path.stat().st_size if path.exists() else 0
            return InstalledModel(path.name, path, size, "unusable", active=active, problem=str(exc))
        return self._from_info(info, settings, active)

    @staticmethod
    def _describe_onnx(path: Path, active: bool) -> InstalledModel:
        size = path.stat().st_size if path.exists() else 0
        tokenizer = path.with_suffix(".tokenizer.json")
        return InstalledModel(
            file=path.name,
            path=path,
            size=size,
            kind="embedding" if tokenizer.is_file() else "unusable",
            architecture="onnx",
            quantization="int8" if "int8" in path.name.lower() else "",
            context_length=256,
            ram_estimate=2 * size + 128 * 2**20,
            active=active,
            problem="" if tokenizer.is_file() else f"{tokenizer.name} is missing beside it.",
        )

    @staticmethod
    def _from_info(info: GgufInfo, settings: Settings, active: bool) -> InstalledModel:
        return InstalledModel(
            file=info.path.name,
            path=info.path,
            size=info.file_size,
            kind="embedding" if info.is_embedding_model else "chat",
            architecture=info.architecture,
            quantization=info.quantization,
            context_length=info.context_length,
            ram_estimate=info.ram_estimate(min(settings.context_length, info.context_length)),
            active=active,
        )

    def installed(self, settings: Settings) -> list[InstalledModel]:
        if not self.models_dir.is_dir():
            return []
        files = sorted(
            p for p in self.models_dir.iterdir() if p.suffix in (".gguf", ".onnx") and not p.name.startswith(".")
        )
        return [self.describe(p, settings) for p in files]

    def find(self, file: str) -> CatalogEntry | None:
        return next((e for e in self.catalog if e.file == file or e.name == file), None)

    def is_installed(self, file: str) -> bool:
        return (self.models_dir / file).is_file()

    # -- changes -------------------------------------------------------------------------------

    def add_local(self, source: Path, settings: Settings) -> InstalledModel:
        """Validate a .gguf file and copy it in. Nothing is added when it is refused.

        A sentence-transformers BERT folder (config.json, model.safetensors, tokenizer.json) is
        converted to a GGUF embedding model instead.
        """
        if source.is_dir():
            return self._add_bert_folder(source, settings)
        if source.suffix.lower() != ".gguf":
            raise ModelFileError(f"{source.name} is not a .gguf file.")
        info = import_model_file(source, self.models_dir)
        self._record(info.path.name, file_sha256(info.path), f"local:{source}")
        return self._from_info(info, settings, active=False)

    def _add_bert_folder(self, folder: Path, settings: Settings) -> InstalledModel:
        from desktop_gpt.core.models.convert_bert import convert_bert_folder

        needed = ("config.json", "model.safetensors", "tokenizer.json")
        missing = [name for name in needed if not (folder / name).is_file()]
        if missing:
            raise ModelFileError(f"{folder.name} is not a BERT model folder (missing {', '.join(missing)}).")
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelFileError(f"{folder.name}/config.json cannot be read: {exc}") from exc
        if config.get("model_type") != "bert":
            raise ModelFileError(f"{folder.name} is a '{config.get('model_type')}' model; only BERT folders convert.")
        target = self.models_dir / f"{folder.name}.f16.gguf"
        if target.exists():
            raise ModelFileError(f"A model named {target.name} is already installed.")
        self.models_dir.mkdir(parents=True, exist_ok=True)
        try:
            convert_bert_folder(folder, target, name=folder.name)
            target.chmod(0o644)
            info = inspect_gguf(target)
            check_runnable(info)
        except DesktopGptError:
            target.unlink(missing_ok=True)
            raise
        except (ValueError, KeyError, OSError) as exc:
            target.unlink(missing_ok=True)
            raise ModelFileError(f"{folder.name} could not be converted: {exc}") from exc
        self._record(target.name, file_sha256(target), f"converted:{folder}")
        return self._from_info(info, settings, active=False)

    def remove(self, file: str, settings: Settings) -> None:
        if file in (settings.chat_model, settings.embedding_model):
            raise ModelError(f"{file} is in use. Choose another model in Settings before removing it.")
        path = self.models_dir / file
        if not path.is_file() or path.name.startswith("."):
            raise ModelError(f"No installed model named {file}.")
        path.unlink()
        self._forget(file)

    def verify(self, file: str) -> tuple[bool, str]:
        """Re-hash a model and compare with the catalog or with the checksum taken when it was added."""
        path = self.models_dir / file
        if not path.is_file():
            raise ModelError(f"No installed model named {file}.")
        entry = self.find(file)
        # The manifest wins: it holds the checksum after a metadata fix made on import.
        expected = self._manifest().get(file, {}).get("sha256") or (entry.sha256 if entry else None)
        actual = file_sha256(path)
        if not expected:
            self._record(file, actual, "unknown")
            return True, f"{file}: no published checksum; recorded {actual[:16]}… for future checks."
        if actual == expected:
            return True, f"{file}: checksum OK ({actual[:16]}…)."
        return False, f"{file}: checksum MISMATCH (expected {expected[:16]}…, found {actual[:16]}…). Re-download it."

    def download(
        self,
        entry: CatalogEntry,
        settings: Settings,
        *,
        on_progress: Callable[[DownloadProgress], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        should_pause: Callable[[], bool] | None = None,
        once: bool = False,
    ) -> InstalledModel:
        """Download and verify a catalog model. Refused while offline mode is on, unless ``once``: the
        person asked for this one download knowing it connects (offline mode stays on for the rest)."""
        path = download_file(
            entry.url(settings.download_mirror),
            self.models_dir,
            entry.file,
            sha256=entry.sha256,
            size=entry.size,
            offline=settings.offline_mode and not once,
            on_progress=on_progress,
            should_cancel=should_cancel,
            should_pause=should_pause,
        )
        try:
            info = inspect_gguf(path)
            alias = None if info.is_embedding_model else PRE_TOKENIZER_ALIASES.get(info.pre_tokenizer or "")
            if alias:  # e.g. SmolLM2's 'smollm' pre-tokenizer is the engine's 'starcoder'
                rewrite_metadata(path, path, {"tokenizer.ggml.pre": alias})
                info = inspect_gguf(path)
            check_runnable(info)
        except DesktopGptError:
            path.unlink(missing_ok=True)
            raise
        sha256 = file_sha256(path) if alias else entry.sha256
        self._record(entry.file, sha256, entry.url(settings.download_mirror))
        return self._from_info(info, settings, active=False)

    def partial_download(self, entry: CatalogEntry) -> int:
        """Bytes already downloaded of a paused or interrupted download."""
        part = part_path(self.models_dir, entry.file)
        return part.stat().st_size if part.exists() else 0
