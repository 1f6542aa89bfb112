"""A full disk and a read-only folder, for real: a small tmpfs mounted for the test (needs root,
as in CI). Each write that cannot be made says so in plain words, keeps what was there whole,
and leaves no partial file behind."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import SettingsError, StoreError
from desktop_gpt.core.app.settings import Settings, load_settings, save_settings
from desktop_gpt.core.app.workspace import Workspace
from tests.conftest import data_dir_with_models
from tests.docs import FILLER, facts_pdf


def files_under(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here (needs root): {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> Path:
    stat = os.statvfs(disk)
    filler = disk / "filler"
    filler.write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


@pytest.fixture
def full_library(small_disk: Path, starter_models: dict[str, Path], settings: Settings, tmp_path: Path):
    paths = data_dir_with_models(small_disk, starter_models)
    save_settings(settings, paths.settings_file)
    ws = Workspace(paths, settings)
    first = facts_pdf(tmp_path / "first.pdf")
    assert ws.ingest([first]).results[0].outcome == "added"
    ws.conversations.create("Before the disk filled")
    yield ws, paths, small_disk
    ws.close()


def test_a_full_disk_fails_the_write_in_plain_words_and_keeps_the_library(full_library, tmp_path: Path) -> None:
    ws, paths, disk = full_library
    big = tmp_path / "big.txt"
    big.write_text((FILLER + "\n\n") * 400)
    filler = fill(disk, leave=120_000)
    before = files_under(paths.store_dir)
    with pytest.raises(StoreError) as raised:
        ws.ingest([big])
    message = str(raised.value)
    assert "the disk is full" in message and "already in the library is unchanged" in message, message
    assert "lance error" not in message and "/root/.cargo" not in message
    assert files_under(paths.store_dir) == before, "no partial file is left behind"
    assert [(d.name, d.status) for d in ws.store.list_documents()] == [("first.pdf", "ready")]
    assert ws.search("Who keeps the lighthouse?", k=1, mode="hybrid")[0].document == "first.pdf"

    # Settings and chats: the old file stays whole, no temporary file is left.
    with pytest.raises(SettingsError, match=r"the disk is full\. The previous settings are kept"):
        save_settings(ws.settings.with_changes(top_k=7, system_prompt="x" * 200_000), paths.settings_file)
    assert load_settings(paths.settings_file) == ws.settings
    chat = ws.conversations.list()[0]
    chat.title = "y" * 300_000
    with pytest.raises(StoreError, match=r"the disk is full\. Its last saved state is kept"):
        ws.conversations.save(chat)
    assert [c.title for c in ws.conversations.list()] == ["Before the disk filled"]
    leftovers = [p for p in paths.data_dir.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []

    # Space freed: the same ingest completes.
    filler.unlink()
    assert ws.ingest([big]).results[0].outcome == "added"
    assert {d.name for d in ws.store.list_documents()} == {"first.pdf", "big.txt"}


def test_a_read_only_folder_is_said_and_search_still_works(full_library, tmp_path: Path) -> None:
    ws, paths, disk = full_library
    ws.close()
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    try:
        reopened = Workspace(paths)
        try:
            hits = reopened.search("Who keeps the lighthouse?", k=1, mode="hybrid")
            assert hits and hits[0].document == "first.pdf"
            with pytest.raises(StoreError, match="read-only"):
                reopened.ingest([facts_pdf(tmp_path / "second.pdf", extra={5: "Another."})])
        finally:
            reopened.close()
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)


def test_the_cli_says_disk_full_in_one_line(full_library, tmp_path: Path) -> None:
    import sys

    ws, paths, disk = full_library
    ws.close()
    big = tmp_path / "big.txt"
    big.write_text((FILLER + "\n\n") * 400)
    fill(disk, leave=120_000)
    env = {k: v for k, v in os.environ.items() if k != "DESKTOP_GPT_DATA_DIR"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop_gpt", "--data-dir", str(paths.data_dir), "ingest", str(big)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    lines = [line for line in done.stderr.splitlines() if line.strip() and not line.startswith("  ")]
    assert done.returncode != 0
    assert any("the disk is full" in line for line in lines), done.stderr
    assert "Traceback" not in done.stderr


def test_a_download_that_fills_the_disk_stops_at_once_and_removes_its_part(small_disk: Path, server) -> None:
    """The real 45 MB model file from a loopback server, into an 8 MB filesystem."""
    import hashlib

    from desktop_gpt.core.models.downloads import DownloadError, download_file, part_path

    base, state = server
    models = small_disk / "models"
    models.mkdir()
    with pytest.raises(DownloadError) as raised:
        download_file(
            f"{base}model.gguf", models, "big.gguf", sha256=hashlib.sha256(state.payload).hexdigest(),
            size=len(state.payload), offline=False,
        )  # fmt: skip
    message = str(raised.value)
    assert "the disk is full" in message and "partial file was removed" in message, message
    assert "free at least 44 MB" in message, message
    assert len(state.requests) == 1, "a full disk is not retried"
    assert not part_path(models, "big.gguf").exists() and not (models / "big.gguf").exists()
    assert os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize > 7 * 2**20, "the space is given back"
