"""Tesseract's trained data for OCR: which languages, pinned by SHA-256, and how set-up installs them.

The data are Tesseract's "fast" models (tessdata_fast 4.1.0) as Debian packages them
(``tesseract-ocr-eng``, ``tesseract-ocr-kor``). They were chosen over tesseract.js's
``4.0.0_best_int`` models on measured speed: on this project's generated scans both read clean
English and Korean without an error, and the fast models were about 30 % quicker (README, OCR).
Set-up fetches each package with the system's own package client, checks the file inside it
against its pinned SHA-256 and puts it in the data folder, like the starter models; a file already
on the system with the same hash is used as it is. Nothing is fetched while documents are read.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.hashing import file_sha256


class OcrDataError(DesktopGptError):
    """The OCR data could not be installed; the message says what to do instead."""


@dataclass(frozen=True)
class LanguageData:
    code: str  # Tesseract's language code, also the file's stem
    name: str  # in English words, for messages
    package: str  # the Debian package that carries the file
    version: str
    sha256: str  # of the .traineddata file itself: any source of the same bytes is accepted
    script: str  # the script its text is written in (a key of ocr.SCRIPTS): what narrowing reads by

    @property
    def file_name(self) -> str:
        return f"{self.code}.traineddata"


OCR_DATA = (
    LanguageData(
        "eng", "English", "tesseract-ocr-eng", "1:4.1.0-2",
        "7d4322bd2a7749724879683fc3912cb542f19906c83bcc1a52132556427170b2", "Latin",
    ),
    LanguageData(
        "kor", "Korean", "tesseract-ocr-kor", "1:4.1.0-2",
        "6b85e11d9bbf07863b97b3523b1b112844c43e713df8b66418a081fd1060b3b2", "Hangul",
    ),
)  # fmt: skip
LANGUAGES = {data.code: data for data in OCR_DATA}
#: Each data file's pinned SHA-256 by file name (what the frozen app's bundle is checked against).
OCR_PINS = {data.file_name: data.sha256 for data in OCR_DATA}
#: Where distributions install Tesseract's data: a file there with the pinned hash needs no download.
SYSTEM_TESSDATA = (
    Path("/usr/share/tesseract-ocr/5/tessdata"),
    Path("/usr/share/tesseract-ocr/4.00/tessdata"),
    Path("/usr/share/tessdata"),
)


def installed_languages(tessdata: Path) -> list[str]:
    """The pinned languages whose data file is in ``tessdata`` (checked by size and name only: the
    hash was checked when it was installed, and hashing 6 MB on every start would be waste)."""
    return [code for code, data in LANGUAGES.items() if (tessdata / data.file_name).is_file()]


def parse_languages(text: str) -> tuple[str, ...]:
    """``"eng+kor"`` (Tesseract's way of naming several languages) as a tuple of codes."""
    return tuple(part.strip() for part in text.split("+") if part.strip())


def install_ocr_data(
    tessdata: Path, cache_dir: Path, say: Callable[[str], None] = lambda _m: None, codes: tuple[str, ...] = ()
) -> list[Path]:
    """Put the pinned trained data into ``tessdata`` (idempotent). Returns the installed files."""
    tessdata.mkdir(parents=True, exist_ok=True)
    installed = []
    for data in OCR_DATA:
        if codes and data.code not in codes:
            continue
        target = tessdata / data.file_name
        if not target.is_file():
            source = _system_copy(data) or _from_package(data, cache_dir / "ocr", say)
            tmp = target.with_name(f".tmp-{os.getpid()}-{target.name}")
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
            say(f"Installed OCR data for {data.name} into {tessdata}")
        installed.append(target)
    return installed


def _system_copy(data: LanguageData) -> Path | None:
    for folder in SYSTEM_TESSDATA:
        candidate = folder / data.file_name
        if candidate.is_file() and file_sha256(candidate) == data.sha256:
            return candidate
    return None


def _from_package(data: LanguageData, cache: Path, say: Callable[[str], None]) -> Path:
    cached = cache / data.file_name
    if cached.is_file() and file_sha256(cached) == data.sha256:
        return cached
    cache.mkdir(parents=True, exist_ok=True)
    by_hand = (
        f"On Debian or Ubuntu, “sudo apt-get install {data.package}” also works (set-up then uses that copy); "
        f"or put {data.file_name} (Tesseract's tessdata_fast 4.1.0, SHA-256 {data.sha256}) into the data "
        "folder's ocr/tessdata folder by hand. Until then OCR skips this language."
    )
    if shutil.which("apt-get") is None:
        raise OcrDataError(f"The OCR data for {data.name} comes from the Debian package {data.package}, and this "
                           f"system has no apt-get to fetch it. {by_hand}")  # fmt: skip
    say(f"Downloading the OCR data for {data.name} ({data.package} {data.version})…")
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        proc = subprocess.run(
            ["apt-get", "download", "-q", f"{data.package}={data.version}"],
            cwd=tmp, capture_output=True, text=True,
        )  # fmt: skip
        debs = sorted(Path(tmp).glob("*.deb"))
        if proc.returncode != 0 or not debs:
            raise OcrDataError(
                f"Could not download {data.package} {data.version}: {proc.stderr.strip()[-300:]} {by_hand}"
            )
        content = _member_of_deb(debs[0].read_bytes(), f"/{data.file_name}")
        if content is None:
            raise OcrDataError(f"{debs[0].name} holds no {data.file_name}. {by_hand}")
        part = Path(tmp) / data.file_name
        part.write_bytes(content)
        if file_sha256(part) != data.sha256:
            raise OcrDataError(f"{data.file_name} from {debs[0].name} does not match its expected SHA-256; "
                               "refusing to use it.")  # fmt: skip
        os.replace(part, cached)
    return cached


def _member_of_deb(deb: bytes, suffix: str) -> bytes | None:
    """The file whose path ends with ``suffix`` in a Debian package (an ``ar`` archive whose
    ``data.tar.*`` member holds the files)."""
    if not deb.startswith(b"!<arch>\n"):
        return None
    offset = 8
    while offset + 60 <= len(deb):
        header = deb[offset : offset + 60]
        name = header[:16].decode("ascii", "replace").strip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip() or 0)
        body = deb[offset + 60 : offset + 60 + size]
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body), mode="r:*") as archive:
                for member in archive.getmembers():
                    if member.isfile() and member.name.endswith(suffix):
                        extracted = archive.extractfile(member)
                        return extracted.read() if extracted is not None else None
            return None
        offset += 60 + size + (size % 2)
    return None
