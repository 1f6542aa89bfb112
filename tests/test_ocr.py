"""OCR of scanned pages with the real engines: PDFium renders, Tesseract reads, the app finds the text.

The scans are generated (diagnostics/scans.py): text set in a real font, rendered to a 300 dpi
image, speckled and slightly rotated, and put in a PDF without a text layer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from benchmarks.ocr import cer
from desktop_gpt.core.app.errors import OcrUnavailableError
from desktop_gpt.core.app.paths import AppPaths, default_cache_dir
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.app.workspace import Workspace
from desktop_gpt.core.documents.isolated import IsolatedLoader
from desktop_gpt.core.documents.ocr import PageRecogniser, complete_document
from desktop_gpt.core.documents.ocr_data import install_ocr_data
from desktop_gpt.core.index.ingest import IngestProgress
from desktop_gpt.diagnostics.scans import KOREAN, ScanPage, write_scanned_pdf
from tests.docs import FILLER

SCANNED_FACT = "The harbour master of Kelsingor keeps eleven copper lanterns in the boathouse."
MIXED_FACT = "The orchard behind the Wendmere chapel grows forty pear trees of the Bellhaven kind."
KOREAN_FACT = "청솔마을 도서관은 매주 목요일 저녁 아홉 시까지 문을 연다."
KOREAN_FILLER = (
    "마을 회의는 추수가 끝난 뒤 큰 강당에서 열렸고 도로 상태와 등유 가격과 나룻배 시간표를 두고 "
    "오후 내내 이야기를 나누었다."
)


@pytest.fixture(scope="session")
def tessdata() -> Path:
    """The pinned OCR data, installed once by set-up's own code into the test cache."""
    cache = default_cache_dir()
    folder = cache / "ocr" / "tessdata-tests"
    install_ocr_data(folder, cache)
    return folder


def with_ocr(paths: AppPaths, tessdata: Path) -> AppPaths:
    """The data folder with the OCR data linked in, as set-up would have installed it."""
    paths.tessdata_dir.mkdir(parents=True, exist_ok=True)
    for data in tessdata.glob("*.traineddata"):
        (paths.tessdata_dir / data.name).symlink_to(data)
    return paths


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DESKTOP_GPT_DATA_DIR"}
    argv = [sys.executable, "-m", "desktop_gpt", "--data-dir", str(data_dir), *args]
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600)


def scanned_pdf(path: Path) -> Path:
    """Two scanned pages, the second with a fact on it."""
    return write_scanned_pdf(path, [FILLER, f"{FILLER}\n\n{SCANNED_FACT}\n\n{FILLER}"])


def mixed_pdf(path: Path) -> Path:
    """Three pages with a text layer, one scanned page (the third) among them, and a blank last page."""
    pages = [
        ScanPage(FILLER, text_layer=True),
        ScanPage(FILLER, text_layer=True),
        ScanPage(f"{FILLER}\n\n{MIXED_FACT}"),
        ScanPage(FILLER, text_layer=True),
        ScanPage("", text_layer=True),
    ]
    return write_scanned_pdf(path, pages)


def test_scanned_and_mixed_pdfs_are_recognised_and_found_through_the_cli(
    app_paths: AppPaths, tessdata: Path, tmp_path: Path
) -> None:
    with_ocr(app_paths, tessdata)
    docs = tmp_path / "docs"
    docs.mkdir()
    scanned_pdf(docs / "harbour-scan.pdf")
    mixed_pdf(docs / "orchard-mixed.pdf")

    ingest = cli(app_paths.data_dir, "ingest", str(docs), "--json")
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    results = {Path(r["path"]).name: r for r in json.loads(ingest.stdout)["results"]}
    assert results["harbour-scan.pdf"]["outcome"] == "added"
    assert results["harbour-scan.pdf"]["ocr_pages"] == 2
    assert results["orchard-mixed.pdf"]["ocr_pages"] == 1
    assert results["orchard-mixed.pdf"]["unread_pages"] == ""

    listing = cli(app_paths.data_dir, "list")
    assert "2 pages, 2 recognised by OCR" in listing.stdout
    assert "5 pages, 1 recognised by OCR" in listing.stdout

    hits = json.loads(cli(app_paths.data_dir, "search", "How many lanterns does the port's master have?",
                          "--k", "3", "--json").stdout)  # fmt: skip
    assert (hits[0]["document"], hits[0]["page"]) == ("harbour-scan.pdf", 2)
    assert "eleven copper lanterns" in " ".join(hits[0]["text"].split())
    hits = json.loads(cli(app_paths.data_dir, "search", "How many pear trees are there near the church?",
                          "--k", "3", "--json").stdout)  # fmt: skip
    assert (hits[0]["document"], hits[0]["page"]) == ("orchard-mixed.pdf", 3)
    assert "forty pear trees" in " ".join(hits[0]["text"].split())


def test_a_reindex_reads_recognised_text_from_the_cache(app_paths: AppPaths, tessdata: Path, tmp_path: Path) -> None:
    with_ocr(app_paths, tessdata)
    pdf = scanned_pdf(tmp_path / "harbour.pdf")
    with _workspace(app_paths) as ws:
        report = ws.ingest([pdf])
        assert report.results[0].ocr_pages == 2
        cached = sorted(app_paths.ocr_cache_dir.rglob("*-2-*.txt"))
        assert len(cached) == 1 and SCANNED_FACT.split()[-1].rstrip(".") in cached[0].read_text()
        # The cache is what a re-index reads: a word put there is found, so no page was read again.
        cached[0].write_text(cached[0].read_text() + "\nThe zeppelin mooring mast is painted saffron.")
        stages: list[str] = []
        ws.reindex([pdf.name], on_progress=lambda p: stages.append(p.stage))
        assert "recognising" in stages
        hits = ws.search("What colour is the airship mooring mast?", k=1, mode="hybrid")
        assert "saffron" in hits[0].text


class _workspace:
    """A workspace on ``paths`` with test settings, closed on exit."""

    def __init__(self, paths: AppPaths, **settings: object) -> None:
        self.ws = Workspace(paths, Settings(cpu_threads=2, **settings).validate())  # type: ignore[arg-type]

    def __enter__(self) -> Workspace:
        return self.ws

    def __exit__(self, *_exc: object) -> None:
        self.ws.close()


def test_korean_scans_are_recognised_and_found_from_a_korean_question(
    app_paths: AppPaths, tessdata: Path, tmp_path: Path
) -> None:
    with_ocr(app_paths, tessdata)
    pdf = write_scanned_pdf(
        tmp_path / "마을소식.pdf", [KOREAN_FILLER * 3, f"{KOREAN_FILLER}\n\n{KOREAN_FACT}\n\n{KOREAN_FILLER}"],
        font_path=KOREAN,
    )  # fmt: skip
    with _workspace(app_paths) as ws:
        report = ws.ingest([pdf])
        assert report.results[0].outcome == "added" and report.results[0].ocr_pages == 2
        hits = ws.search("청솔마을 도서관은 목요일에 몇 시까지 열어요?", k=3, mode="hybrid")
        assert hits[0].page == 2
        # Tesseract's fast Korean model misreads a word or two of a line (아홉 as 아홈 or OS: see README,
        # OCR), which the question's other words outweigh.
        assert "청솔마을" in hits[0].text and "목요일 저녁" in hits[0].text


def test_an_english_scan_is_read_with_english_only_after_its_first_page_and_a_korean_page_still_as_korean(
    tessdata: Path, tmp_path: Path
) -> None:
    english = [f"{FILLER} Page {n}." for n in range(1, 4)]
    korean = f"{KOREAN_FILLER}\n\n{KOREAN_FACT}"
    # An English page with a Korean paragraph: read as English, its mean confidence stays high.
    both = f"{FILLER}\n\n{KOREAN_FILLER} {KOREAN_FACT}"
    pages = [*english, ScanPage(both, font_path=KOREAN), ScanPage(korean, font_path=KOREAN)]
    pdf = write_scanned_pdf(tmp_path / "minutes.pdf", pages)
    doc = "cd" * 32
    narrowed = PageRecogniser(tessdata, tmp_path / "cache", "kor+eng", workers=1)  # one helper: a fixed order
    every_page = PageRecogniser(tessdata, tmp_path / "cache-all", "kor+eng", narrow=False)
    try:
        outcome = narrowed.recognise(pdf, doc, [1, 2, 3, 4, 5])
        before = every_page.recognise(pdf, doc, [1, 2, 3, 4, 5])
        again = narrowed.recognise(pdf, doc, [1, 2, 3, 4, 5])
    finally:
        narrowed.close()
        every_page.close()
    # The first page shows no Hangul, so the next are read with English only; the page with a Korean
    # paragraph read so has many doubtful words and is read again with both languages, and what it
    # shows (Hangul) has the Korean page read with both at once.
    assert outcome.languages == {1: "kor+eng", 2: "eng", 3: "eng", 4: "kor+eng", 5: "kor+eng"}
    assert outcome.rereads == 1 and not outcome.unreadable
    assert before.languages == dict.fromkeys([1, 2, 3, 4, 5], "kor+eng") and before.rereads == 0
    for page in (4, 5):
        assert "청솔마을" in outcome.texts[page] and "목요일 저녁" in outcome.texts[page]  # a word may be misread
    for page, reference in enumerate([*english, both, korean], 1):
        edits, chars = cer(reference, outcome.texts[page])
        edits_before, _ = cer(reference, before.texts[page])
        assert edits <= edits_before + 0.002 * chars, (page, outcome.texts[page])
    # A re-index reads every page from the cache, with the languages it was read with.
    assert (again.cached, again.cpu_seconds, again.languages) == (5, 0.0, outcome.languages)
    assert again.texts == outcome.texts
    # A Korean page before any Hangul was seen: read as English, it scores low and is read again.
    pdf = write_scanned_pdf(tmp_path / "notice.pdf", [english[0], ScanPage(korean, font_path=KOREAN)])
    try:
        alone = narrowed.recognise(pdf, "ce" * 32, [1, 2])
    finally:
        narrowed.close()
    assert (alone.languages, alone.rereads) == ({1: "kor+eng", 2: "kor+eng"}, 1)
    assert "청솔마을" in alone.texts[2] and "목요일 저녁" in alone.texts[2]


def test_a_scanned_page_among_text_pages_is_read_with_the_languages_of_their_script(
    tessdata: Path, tmp_path: Path
) -> None:
    recogniser = PageRecogniser(tessdata, tmp_path / "cache", "kor+eng")
    try:
        outcome = recogniser.recognise(mixed_pdf(tmp_path / "orchard.pdf"), "ef" * 32, [3], known_text=FILLER)
    finally:
        recogniser.close()
    assert outcome.languages == {3: "eng"} and outcome.rereads == 0
    assert "forty pear trees" in " ".join(outcome.texts[3].split())


def test_cancelled_ocr_leaves_the_library_as_it_was(app_paths: AppPaths, tessdata: Path, tmp_path: Path) -> None:
    with_ocr(app_paths, tessdata)
    first = mixed_pdf(tmp_path / "orchard.pdf")
    many = write_scanned_pdf(tmp_path / "many.pdf", [f"{FILLER} Page {n}." for n in range(1, 9)])
    with _workspace(app_paths) as ws:
        assert ws.ingest([first]).results[0].outcome == "added"
        cancel = threading.Event()

        def progress(p: IngestProgress) -> None:
            if p.stage == "recognising" and p.done >= 1:
                cancel.set()

        report = ws.ingest([many], on_progress=progress, should_cancel=cancel.is_set)
        assert report.cancelled
        assert [e.record.name for e in ws.library()] == ["orchard.pdf"]
        assert "forty pear trees" in " ".join(
            ws.search("pear trees near the chapel", k=1, mode="hybrid")[0].text.split()
        )
        # What was recognised before the cancel is kept for the next try.
        assert list(app_paths.ocr_cache_dir.rglob("*.txt"))


def test_without_ocr_data_scans_are_refused_in_plain_words_and_mixed_pages_named(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    scan = scanned_pdf(tmp_path / "harbour.pdf")
    mixed = mixed_pdf(tmp_path / "orchard.pdf")
    ingest = cli(app_paths.data_dir, "ingest", str(scan), str(mixed))
    assert ingest.returncode == 1
    assert "harbour.pdf: no text layer — scanned?" in ingest.stdout
    assert "OCR data for the chosen languages (Korean, English) is not installed" in ingest.stdout
    assert "desktop-gpt setup" in ingest.stdout
    assert "Traceback" not in ingest.stderr
    listing = json.loads(cli(app_paths.data_dir, "list", "--json").stdout)
    orchard = next(d for d in listing if d["name"] == "orchard.pdf")
    assert orchard["status"] == "ready" and orchard["unread_pages"] == "3" and orchard["ocr_pages"] == 0
    assert "not installed" in orchard["unread_reason"]
    assert "not read: page(s) 3" in cli(app_paths.data_dir, "list").stdout


def test_a_page_that_takes_too_long_is_named_not_dropped(tessdata: Path, tmp_path: Path) -> None:
    pdf = mixed_pdf(tmp_path / "orchard.pdf")
    reader = IsolatedLoader()
    try:
        document = reader.load(pdf, max_bytes=2**30, scanned_ok=True)
    finally:
        reader.close()
    assert document.pages_without_text == [3]
    recogniser = PageRecogniser(tessdata, tmp_path / "cache", "eng", page_seconds=0.001)
    try:
        completed = complete_document(document, "ab" * 32, recogniser)
    finally:
        recogniser.close()
    assert [p.number for p in completed.pages] == [1, 2, 4]  # 5 is blank: neither read nor named
    assert completed.unread_pages == [3]
    assert "page(s) 3 could not be recognised (took longer than 0 s)" in completed.unread_reason


def test_missing_languages_are_skipped_and_none_is_a_plain_error(tessdata: Path, tmp_path: Path) -> None:
    only_english = tmp_path / "tessdata"
    only_english.mkdir()
    (only_english / "eng.traineddata").symlink_to(tessdata / "eng.traineddata")
    assert PageRecogniser(only_english, tmp_path, "kor+eng").languages == ("eng",)
    assert PageRecogniser(only_english, tmp_path, "kor+eng").missing == ("kor",)
    with pytest.raises(OcrUnavailableError) as info:
        PageRecogniser(only_english, tmp_path, "kor").recognise(tmp_path / "x.pdf", "ab" * 32, [1])
    assert "OCR data for the chosen languages (Korean) is not installed" in info.value.detail


def test_a_library_from_before_ocr_opens_with_no_pages_recognised(
    app_paths: AppPaths, settings: Settings, tmp_path: Path
) -> None:
    """The documents table gains its OCR columns (a number among them) in place, on open."""
    import lancedb
    import pyarrow as pa

    from tests.docs import facts_pdf

    with _workspace(app_paths) as ws:
        ws.ingest([facts_pdf(tmp_path / "facts.pdf")])
    db = lancedb.connect(str(app_paths.store_dir))
    rows = db.open_table("documents").to_arrow().drop_columns(["ocr_pages", "unread_pages", "unread_reason"])
    db.drop_table("documents")
    db.create_table("documents", data=rows, schema=pa.schema(list(rows.schema)))
    with _workspace(app_paths) as ws:
        [record] = ws.store.list_documents()
        assert (record.status, record.ocr_pages, record.unread_pages) == ("ready", 0, "")
        assert ws.search("Who keeps the lighthouse?", k=1, mode="hybrid")[0].page == 1
