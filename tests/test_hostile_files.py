"""Hostile and damaged files cost one refused file: never a hang, a memory blow-up or a crash.

Files are read in the reader's helper process with a time and a memory limit. The slow PDF here
takes pypdf over 45 s of pure parsing on this machine; the memory test reads a large text file
under a small cap; a crash is a real signal to the real helper. Then property-based tests throw
arbitrary bytes at every loader, and check chunk offsets on arbitrary text.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop_gpt.core.app.errors import (
    CancelledError,
    DocumentError,
    ReaderCrashedError,
)
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.app.workspace import Workspace
from desktop_gpt.core.documents.chunking import chunk_pages, is_table_of_contents
from desktop_gpt.core.documents.isolated import IsolatedLoader
from desktop_gpt.core.documents.loaders import Page, Section, load_document
from tests.docs import FILLER, facts_pdf, truncated_copy

MAX_BYTES = 64 * 2**20


def raw_pdf(path: Path, content: bytes, *, extra_objects: list[bytes] | None = None, compress: bool = False) -> Path:
    """A one-page PDF written by hand around ``content`` (its page's content stream)."""
    stream = zlib.compress(content) if compress else content
    flate = b" /Filter /FlateDecode" if compress else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), flate) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *(extra_objects or []),
    ]
    data = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(data)
    return path


def slow_pdf(path: Path) -> Path:
    """4 MB of text operators on one page: pypdf needs most of a minute to extract it."""
    return raw_pdf(path, b"BT /F1 12 Tf 72 720 Td " + b"(word word word) Tj 0 -1 Td " * 150_000 + b"ET")


def cyclic_pages_pdf(path: Path) -> Path:
    """A page tree that contains itself."""
    data = raw_pdf(path, b"BT /F1 12 Tf 72 720 Td (loop) Tj ET").read_bytes()
    path.write_bytes(data.replace(b"/Kids [3 0 R] /Count 1", b"/Kids [3 0 R 2 0 R] /Count 2"))
    return path


def nested_arrays_pdf(path: Path) -> Path:
    """An object nested 100,000 levels deep."""
    deep = b"[" * 100_000 + b"]" * 100_000
    return raw_pdf(path, b"BT /F1 12 Tf 72 720 Td (deep) Tj ET", extra_objects=[deep])


def bomb_pdf(path: Path) -> Path:
    """A 200 KB content stream that inflates to 200 MB."""
    return raw_pdf(path, b"BT (x) Tj ET " + b" " * 200 * 2**20, compress=True)


HOSTILE = {
    "slow.pdf": slow_pdf,
    "cyclic-pages.pdf": cyclic_pages_pdf,
    "nested-arrays.pdf": nested_arrays_pdf,
    "inflation-bomb.pdf": bomb_pdf,
    "garbage.pdf": lambda p: (p.write_bytes(os.urandom(50_000)), p)[1],
    "header-only.pdf": lambda p: (p.write_bytes(b"%PDF-1.7\n%%EOF\n"), p)[1],
    "binary.txt": lambda p: (p.write_bytes(b"\x00\x01\x02" * 10_000), p)[1],
    "invalid-utf8.md": lambda p: (p.write_bytes(b"# Title\n\xff\xfe\xfa broken \xc3\x28 bytes\n" * 100), p)[1],
    "one-huge-line.txt": lambda p: (p.write_text("x" * 3_000_000), p)[1],
    "only-whitespace.txt": lambda p: (p.write_text(" \n\t\n" * 1000), p)[1],
}


@pytest.fixture
def loader():
    reader = IsolatedLoader(base_seconds=8, seconds_per_mb=0)
    yield reader
    reader.close()


def test_every_hostile_file_is_refused_or_read_in_bounded_time(loader: IsolatedLoader, tmp_path: Path) -> None:
    outcomes: dict[str, str] = {}
    for name, make in HOSTILE.items():
        path = make(tmp_path / name)
        started = time.monotonic()
        try:
            document = loader.load(path, max_bytes=MAX_BYTES)
            outcomes[name] = f"read ({len(document.pages)} pages)"
            assert all(page.text.strip() for page in document.pages)
        except DocumentError as exc:
            outcomes[name] = f"{exc.reason}: {exc.detail}"
            assert exc.detail
        assert time.monotonic() - started < 8 + 5, f"{name} was not stopped in time"
    print("\n" + "\n".join(f"  {name}: {outcome}" for name, outcome in outcomes.items()))
    assert outcomes["slow.pdf"].startswith("took too long to read"), outcomes
    # After all that, an ordinary file is read by a fresh or the same helper, in full.
    document = loader.load(facts_pdf(tmp_path / "good.pdf"), max_bytes=MAX_BYTES)
    assert document.page_count == 4


def test_a_file_over_the_memory_cap_is_refused_and_the_next_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (40 * 2**20 // 5))
    small = tmp_path / "small.txt"
    small.write_text(FILLER)
    reader = IsolatedLoader(memory_mb=100, memory_per_mb=0)
    try:
        with pytest.raises(ReaderCrashedError, match="needed more than 100 MB of memory"):
            reader.load(big, max_bytes=MAX_BYTES)
        assert reader.load(small, max_bytes=MAX_BYTES).pages[0].text == FILLER
    finally:
        reader.close()
    roomy = IsolatedLoader()
    try:
        assert len(roomy.load(big, max_bytes=MAX_BYTES).pages[0].text) == 40 * 2**20
    finally:
        roomy.close()


def test_a_reader_that_crashes_costs_one_file(loader: IsolatedLoader, tmp_path: Path) -> None:
    slow = slow_pdf(tmp_path / "slow.pdf")
    progress = threading.Event()

    def crash_the_reader() -> None:
        assert loader.pid is not None
        os.kill(loader.pid, signal.SIGSEGV)

    timer = threading.Timer(0.3, crash_the_reader)  # while it parses the slow file
    timer.start()
    with pytest.raises(ReaderCrashedError, match="SIGSEGV"):
        loader.load(slow, max_bytes=MAX_BYTES, on_progress=lambda *_: progress.set())
    timer.join()
    assert loader.load(facts_pdf(tmp_path / "good.pdf"), max_bytes=MAX_BYTES).page_count == 4


def test_cancel_stops_a_long_read_at_once(loader: IsolatedLoader, tmp_path: Path) -> None:
    slow = slow_pdf(tmp_path / "slow.pdf")
    started = time.monotonic()
    with pytest.raises(CancelledError):
        loader.load(slow, max_bytes=MAX_BYTES, should_cancel=lambda: time.monotonic() - started > 0.5)
    assert time.monotonic() - started < 3


def test_hostile_files_in_a_folder_cost_only_themselves(
    app_paths: AppPaths, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("slow.pdf", "cyclic-pages.pdf", "garbage.pdf", "binary.txt"):
        HOSTILE[name](folder / name)
    facts_pdf(folder / "good.pdf")
    truncated_copy(folder / "truncated.pdf", folder / "good.pdf", 0.3)
    ws = Workspace(app_paths, settings)
    try:
        from desktop_gpt.core.index.ingest import Ingestor

        ingestor = Ingestor(ws.store, ws.embedder, ws.settings, reader=IsolatedLoader(base_seconds=5, seconds_per_mb=0))
        report = ingestor.ingest([folder])
        outcomes = {r.path.name: r.outcome for r in report.results}
        assert outcomes["good.pdf"] == "added"
        assert outcomes["slow.pdf"] == "failed"
        assert all(outcome in ("added", "failed") for outcome in outcomes.values()), outcomes
        failed = {d.name: d.error for d in ws.store.list_documents() if d.status == "failed"}
        assert failed["slow.pdf"] == "took too long to read"
    finally:
        ws.close()


# -- properties -----------------------------------------------------------------------------------

bounded = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])


@bounded
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".pdf", ".txt", ".md"]))
def test_any_bytes_load_or_raise_a_document_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    try:
        document = load_document(path, max_bytes=MAX_BYTES)
    except DocumentError as exc:
        assert exc.reason and exc.detail
    else:
        assert document.pages and all(page.text.strip() for page in document.pages)
        assert all(page.number >= 1 for page in document.pages)


@bounded
@given(data=st.binary(min_size=1, max_size=2048), cut=st.floats(0.0, 1.0))
def test_damaged_pdfs_load_or_raise_a_document_error(tmp_path: Path, data: bytes, cut: float) -> None:
    """A real PDF with bytes overwritten at any place."""
    source = tmp_path / "source.pdf"
    if not source.exists():
        facts_pdf(source)
    original = source.read_bytes()
    at = int(cut * (len(original) - 1))
    path = tmp_path / "damaged.pdf"
    path.write_bytes(original[:at] + data + original[at + len(data) :])
    try:
        document = load_document(path, max_bytes=MAX_BYTES)
    except DocumentError as exc:
        assert exc.detail
    else:
        assert all(page.text.strip() for page in document.pages)


@bounded
@given(
    pages=st.lists(st.text(min_size=1, max_size=3000), min_size=1, max_size=4),
    size=st.integers(50, 1200),
    overlap_share=st.floats(0.0, 0.5),
    places=st.lists(st.tuples(st.integers(1, 4), st.integers(0, 3000)), max_size=12),
)
def test_chunk_offsets_always_point_at_their_text(
    pages: list[str], size: int, overlap_share: float, places: list[tuple[int, int]]
) -> None:
    assume(not any(is_table_of_contents(text) for text in pages))  # contents pages are left out on purpose
    overlap = int(size * overlap_share)
    page_list = [Page(number, text) for number, text in enumerate(pages, 1)]
    breaks = [Section(page, offset, ("heading",)) for page, offset in sorted(places)]  # anywhere, even past the end
    chunks = chunk_pages("a" * 64, page_list, size, overlap, breaks=breaks)
    for chunk in chunks:
        page = page_list[chunk.page - 1]
        assert 0 <= chunk.start <= chunk.end <= len(page.text)
        assert page.text[chunk.start : chunk.end] == chunk.text
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for page in page_list:  # every word of a page is in some chunk of that page
        covered = "".join(c.text for c in chunks if c.page == page.number)
        assert all(word in covered for word in page.text.split()[:50])
