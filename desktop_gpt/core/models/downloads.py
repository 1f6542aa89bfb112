"""Verified, resumable model downloads.

A download goes to ``models/.downloads/NAME.part``; an interrupted one resumes with an HTTP Range
request; the finished file must match its SHA-256 before it is moved into place in one atomic
rename. Cancel removes the partial file; pause keeps it for later. Nothing half-written ever sits
among the models. Proxies come from the system settings (the standard proxy environment
variables, or the OS configuration where Python reads it).
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_gpt.core.app.errors import CancelledError, DesktopGptError
from desktop_gpt.core.app.files import why_write_failed

CHUNK = 1 << 16
USER_AGENT = "DesktopGPT-model-manager"


class DownloadError(DesktopGptError):
    pass


class OfflineError(DownloadError):
    def __init__(self) -> None:
        super().__init__(
            "Offline mode is on: Desktop GPT opens no network connection. Turn it off in Settings to download."
        )


class ChecksumMismatchError(DownloadError):
    pass


class DownloadPaused(DesktopGptError):
    """The user paused: the partial file is kept and the next start resumes it."""


@dataclass(frozen=True)
class DownloadProgress:
    done: int
    total: int
    bytes_per_second: float

    @property
    def eta_seconds(self) -> float | None:
        if self.bytes_per_second <= 0 or self.total <= 0:
            return None
        return max(0.0, (self.total - self.done) / self.bytes_per_second)


def part_path(models_dir: Path, name: str) -> Path:
    return models_dir / ".downloads" / f"{name}.part"


def _hash_existing(path: Path) -> hashlib._Hash:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest


def download_file(
    url: str,
    models_dir: Path,
    name: str,
    *,
    sha256: str,
    size: int | None = None,
    offline: bool,
    on_progress: Callable[[DownloadProgress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    should_pause: Callable[[], bool] | None = None,
    retries: int = 5,
    timeout: float = 30.0,
) -> Path:
    """Download ``url`` to ``models_dir/name``. Returns the final path."""
    if offline:
        raise OfflineError()
    if os.sep in name or name.startswith(".") or not name:
        raise DownloadError(f"Invalid model file name {name!r}.")
    final = models_dir / name
    if final.exists():
        raise DownloadError(f"{name} is already installed.")
    part = part_path(models_dir, name)
    part.parent.mkdir(parents=True, exist_ok=True)
    attempt = 0
    while True:
        try:
            _fetch(url, part, size, on_progress, should_cancel, should_pause, timeout)
            break
        except (CancelledError, DownloadPaused, DownloadError):
            raise
        except OSError as exc:  # URLError, ConnectionError and TimeoutError are OSErrors too
            if is_local_write_failure(exc):
                part.unlink(missing_ok=True)  # it cannot be finished here: give the space back
                raise DownloadError(
                    f"The download of {name} stopped: {why_write_failed(exc)}. The partial file was removed; "
                    f"{_space_needed(size)}try again."
                ) from exc
            attempt += 1
            if attempt > retries:
                raise DownloadError(
                    f"The download of {name} failed after {retries} retries: {_reason(exc)}. "
                    "The part already downloaded is kept; try again to resume."
                ) from exc
            time.sleep(min(0.2 * 2**attempt, 5.0))
    digest = _hash_existing(part).hexdigest()
    if digest != sha256.lower():
        part.unlink(missing_ok=True)
        raise ChecksumMismatchError(
            f"{name} does not match its published SHA-256 (got {digest[:12]}…, expected {sha256[:12]}…). "
            "The file was discarded."
        )
    os.replace(part, final)
    return final


def is_local_write_failure(exc: OSError) -> bool:
    """The disk, not the network: full, over quota or read-only (retrying cannot help)."""
    return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)


def _space_needed(size: int | None) -> str:
    return f"free at least {size / 2**20:.0f} MB, then " if size else "free some space, then "


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"the server answered {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


def _fetch(
    url: str,
    part: Path,
    size: int | None,
    on_progress: Callable[[DownloadProgress], None] | None,
    should_cancel: Callable[[], bool] | None,
    should_pause: Callable[[], bool] | None,
    timeout: float,
) -> None:
    have = part.stat().st_size if part.exists() else 0
    if size is not None and have > size:
        part.unlink()
        have = 0
    if size is not None and have == size:
        return
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # already complete on disk
            return
        if exc.code in (403, 404, 410):
            raise DownloadError(f"The server has no such file ({exc.code} {exc.reason}): {url}") from exc
        raise
    with response:
        if have and response.status != 206:  # the server ignored Range: start over
            have = 0
            mode = "wb"
        else:
            mode = "ab" if have else "wb"
        length = response.headers.get("Content-Length")
        total = size or (have + int(length) if length and length.isdigit() else 0)
        started, received = time.monotonic(), 0
        last_report = 0.0
        with open(part, mode) as out:
            while True:
                if should_cancel is not None and should_cancel():
                    out.close()
                    part.unlink(missing_ok=True)
                    raise CancelledError("Download cancelled; nothing was kept.")
                if should_pause is not None and should_pause():
                    raise DownloadPaused("Download paused; it resumes where it stopped.")
                block = response.read(CHUNK)
                if not block:
                    break
                out.write(block)
                received += len(block)
                now = time.monotonic()
                if on_progress is not None and (now - last_report > 0.1):
                    last_report = now
                    speed = received / max(now - started, 1e-6)
                    on_progress(DownloadProgress(have + received, total, speed))
        got = have + received
        if total and got < total:
            raise ConnectionError(f"the connection closed after {got:,} of {total:,} bytes")
        if on_progress is not None:
            on_progress(DownloadProgress(got, total or got, received / max(time.monotonic() - started, 1e-6)))
