"""OCR of the pages that have no text layer, on this machine, in helper processes on all cores.

A page is rendered by PDFium (``pypdfium2``) at the resolution of the scan it holds and read by
Tesseract (``tesserocr``) in a helper process (role ``ocr``): one helper per core, each with a
memory cap and a time limit per page, so a page that hangs or crashes the engine costs that page
only, and is named in the library row. Recognised text is cached in the data folder by the file's
SHA-256, the page, the languages and the engine and data versions, so a re-index never reads a page
twice. Cancel stops the helpers at once; pages already recognised stay in the cache.

With several languages chosen, a page is read only with the languages of the scripts the document
shows (LanguagePlan): the document's own text layer tells, or else the first pages read with all of
them; an English scan with Korean and English chosen is read with English only (~18 % less work).
A page read so whose result is poor (low confidence, many doubtful words, or letters of another
script) is read again with all the languages, so a Korean page, or a Korean paragraph, in an English
scan is still read as Korean.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.child import Channel, ChildDiedError, ChildProcess
from desktop_gpt.core.app.errors import CancelledError, NoTextLayerError, OcrUnavailableError
from desktop_gpt.core.documents.loaders import CancelCheck, LoadedDocument, Page, ProgressCallback
from desktop_gpt.core.documents.ocr_data import LANGUAGES, installed_languages, parse_languages

log = logging.getLogger(__name__)

#: Wall-clock limit for one page (a dense 300 dpi page takes about 1.5 s on one core here): a file's
#: OCR is bounded by its scanned pages times this, shared between the helpers.
PAGE_SECONDS = 60.0
#: Address-space cap of one OCR helper: Python, PDFium and Tesseract with a 600 dpi page need ~600 MB.
MEMORY_MB = 2048
#: The resolution a page is rendered at: the scan's own (its largest image's pixels per inch),
#: within these bounds; a page without an image (vector drawings) is rendered at DEFAULT_DPI.
DEFAULT_DPI = 300
MIN_DPI, MAX_DPI = 150, 400
#: The most pixels a page is rendered with (A4 at 400 dpi is 15 M): a page the size of a wall is
#: read at a lower resolution instead of exhausting the helper's memory.
MAX_PIXELS = 40_000_000
#: Bumped when the way pages are rendered or recognised changes, so cached text is read again.
REVISION = "2"
#: Tesseract's page segmentation: a single column of text of variable sizes. Its automatic layout
#: analysis (PSM 3) read generated Korean pages as vertical text (character error rate 0.74 against
#: 0.00 in single-column mode); two-column scans are then read line by line across the columns.
PAGE_SEGMENTATION = 4
#: Without preserve_interword_spaces, Korean read with English first ("eng+kor") came out one syllable
#: a word (공 급 자 는). Without tessedit_do_invert, a line read with low confidence is not read a
#: second time as white on black: about 4 % faster, and white text on a dark band may be lost.
ENGINE_VARIABLES = {"preserve_interword_spaces": "1", "tessedit_do_invert": "0"}
POLL_SECONDS = 0.02
#: The letters of each script the OCR languages are written in (ocr_data.LanguageData.script).
SCRIPTS = {
    "Latin": re.compile(r"[A-Za-z\u00c0-\u024f]"),
    "Hangul": re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]"),
}
#: Letters a document must have shown before pages are read with fewer languages than chosen.
MIN_EVIDENCE = 100
#: A script counts as the document's when it has at least this share of its letters (and 5 letters):
#: an English page read with Korean and English comes out with a stray Hangul syllable or two.
MIN_SCRIPT_SHARE = 0.02
#: Always read with the languages of these scripts: text in any script carries Latin names, terms and
#: URLs, and Korean alone read the Korean FAQ's (218 Latin letters a page) as 10 (CER 17 % against 6 %).
ALWAYS_READ = {"Latin"}
#: A page read with fewer languages whose mean word confidence (Tesseract's, 0–100) is below this
#: is read again with all of them: a dense Korean page read as English scored 34, English pages 94.
MIN_CONFIDENCE = 60
#: ...or more than MAX_DOUBTFUL of whose words score below DOUBTFUL_WORD. The mean alone hides a
#: Korean part of a page: read as English, a page 10 % Korean words scored 88 on average (50 %: 63),
#: yet 7 % of its words scored below 50 (50 %: 34 %); an English page in the same font, 0.4 %.
DOUBTFUL_WORD, MAX_DOUBTFUL = 50, 0.03


@dataclass(frozen=True)
class OcrOutcome:
    texts: dict[int, str]  # page number -> recognised text (empty for a blank page)
    unreadable: dict[int, str] = field(default_factory=dict)  # page number -> why, in words
    cached: int = 0  # pages whose text came from the cache
    cpu_seconds: float = 0.0  # the helpers' processor time for the pages read now (the benchmark's figure)
    languages: dict[int, str] = field(default_factory=dict)  # page number -> the languages it was read with
    rereads: int = 0  # pages read again with all the languages, their narrowed reading being poor


def script_letters(text: str) -> Counter[str]:
    """How many letters of each script in SCRIPTS ``text`` has."""
    return Counter({name: n for name, pattern in SCRIPTS.items() if (n := len(pattern.findall(text)))})


def scripts_found(letters: Counter[str]) -> set[str]:
    """The scripts with at least MIN_SCRIPT_SHARE of ``letters`` (and 5 of them): not stray ones."""
    total = sum(letters.values())
    return {name for name, n in letters.items() if n >= max(5, MIN_SCRIPT_SHARE * total)}


class LanguagePlan:
    """Which of the chosen languages to read a document's next page with, from what it has shown.

    Evidence is the document's text layer and the pages read with all the languages; until it
    holds MIN_EVIDENCE letters every page is read with all of them. Then a page is read only with
    the languages whose script has at least MIN_SCRIPT_SHARE of the letters seen, or is in ALWAYS_READ:
    Korean and English chosen, a document without Hangul is read with English only.
    """

    def __init__(self, languages: tuple[str, ...], *, narrow: bool = True) -> None:
        self.languages = languages
        self.narrow = narrow and len(languages) > 1
        self.letters: Counter[str] = Counter()

    def learn(self, text: str) -> None:
        if self.narrow:
            self.letters.update(script_letters(text))

    def choose(self) -> tuple[str, ...]:
        if not self.narrow or sum(self.letters.values()) < MIN_EVIDENCE:
            return self.languages
        scripts = scripts_found(self.letters) | ALWAYS_READ
        return tuple(code for code in self.languages if LANGUAGES[code].script in scripts) or self.languages

    def poor(self, text: str, confidence: float, used: tuple[str, ...], doubtful: float = 0.0) -> bool:
        """Whether a page read with ``used`` must be read again with all the languages: ``confidence``
        is its words' mean confidence, ``doubtful`` the share of its words below DOUBTFUL_WORD (a page
        with ink where nothing was read scores 0: the other languages may read it; a blank page, 100)."""
        if used == self.languages:
            return False
        if confidence < MIN_CONFIDENCE or doubtful > MAX_DOUBTFUL:
            return True
        return bool(scripts_found(script_letters(text)) - {LANGUAGES[code].script for code in used})


@dataclass
class _Reading:
    """One document's OCR under way: the pages read, with which languages, and what it cost."""

    plan: LanguagePlan
    texts: dict[int, str] = field(default_factory=dict)
    used: dict[int, str] = field(default_factory=dict)
    unreadable: dict[int, str] = field(default_factory=dict)
    cpu: float = 0.0
    rereads: int = 0

    def done(self, page: int, text: str, used: tuple[str, ...]) -> None:
        self.texts[page] = text
        self.used[page] = "+".join(used)
        if used == self.plan.languages:  # a page read with fewer languages shows only their scripts
            self.plan.learn(text)


class PageRecogniser:
    """Recognises pages of PDFs with a pool of helpers; owned by one ingest at a time."""

    def __init__(
        self,
        tessdata: Path,
        cache_dir: Path,
        languages: str,
        *,
        workers: int | None = None,
        page_seconds: float = PAGE_SECONDS,
        memory_mb: int = MEMORY_MB,
        narrow: bool = True,
    ) -> None:
        self.tessdata = tessdata
        self.cache_dir = cache_dir
        self.wanted = parse_languages(languages)
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.page_seconds = page_seconds
        self.memory_mb = memory_mb
        self.narrow = narrow  # read pages with the languages of the document's scripts only (LanguagePlan)
        self._helpers: list[ChildProcess] = []

    @property
    def languages(self) -> tuple[str, ...]:
        """The chosen languages whose data is installed, in the chosen order."""
        have = set(installed_languages(self.tessdata))
        return tuple(code for code in self.wanted if code in have)

    @property
    def missing(self) -> tuple[str, ...]:
        have = set(installed_languages(self.tessdata))
        return tuple(code for code in self.wanted if code not in have)

    def cache_key(self, languages: tuple[str, ...]) -> str:
        data = [LANGUAGES[code].sha256 for code in languages]
        settings = [str(PAGE_SEGMENTATION), *sorted(f"{k}={v}" for k, v in ENGINE_VARIABLES.items())]
        text = "|".join([REVISION, _engine_version(), *settings, "+".join(languages), *data])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def _cache_file(self, doc_id: str, key: str, page: int, used: tuple[str, ...]) -> Path:
        """Where a page's text is kept: ``key`` names all the chosen languages (and their data), so a
        change of either misses; ``used`` names those the page was read with (fewer when narrowed)."""
        return self.cache_dir / doc_id[:2] / doc_id / f"{key}-{page}-{'+'.join(used)}.txt"

    def _cached(self, doc_id: str, key: str, pages: list[int]) -> dict[int, tuple[str, tuple[str, ...]]]:
        """The cached pages among ``pages``: their text and the languages they were read with."""
        wanted = set(pages)
        found: dict[int, tuple[str, tuple[str, ...]]] = {}
        with contextlib.suppress(OSError):  # nothing cached for this file
            for entry in os.scandir(self.cache_dir / doc_id[:2] / doc_id):
                page, _, used = entry.name.removeprefix(f"{key}-").removesuffix(".txt").partition("-")
                if not entry.name.startswith(f"{key}-") or not page.isdigit() or int(page) not in wanted:
                    continue
                with contextlib.suppress(OSError, UnicodeDecodeError):  # damaged: read the page again
                    found[int(page)] = (Path(entry.path).read_text(encoding="utf-8"), parse_languages(used))
        return found

    def recognise(
        self,
        path: Path,
        doc_id: str,
        pages: list[int],
        *,
        known_text: str = "",
        on_progress: ProgressCallback | None = None,
        should_cancel: CancelCheck | None = None,
    ) -> OcrOutcome:
        """The text of ``pages`` (1-based) of the PDF at ``path`` whose SHA-256 is ``doc_id``;
        ``known_text`` is the text of its other pages (their text layer), which tells its scripts."""
        languages = self.languages
        if not languages:
            wanted = ", ".join(LANGUAGES[c].name if c in LANGUAGES else c for c in self.wanted) or "none"
            raise OcrUnavailableError(path, f"has {len(pages)} scanned page(s), and the OCR data for the chosen "
                                      f"languages ({wanted}) is not installed. Run “desktop-gpt setup”.")  # fmt: skip
        key = self.cache_key(languages)
        plan = LanguagePlan(languages, narrow=self.narrow)
        plan.learn(known_text)
        read = _Reading(plan)
        for page, (text, used) in self._cached(doc_id, key, pages).items():
            read.done(page, text, used)
        cached = len(read.texts)
        todo = [page for page in pages if page not in read.texts]
        if on_progress is not None:
            on_progress(cached, len(pages))
        if todo:
            self._run(path, doc_id, key, todo, read, len(pages), on_progress, should_cancel)
        return OcrOutcome(read.texts, read.unreadable, cached, read.cpu, read.used, read.rereads)

    def _run(
        self,
        path: Path,
        doc_id: str,
        key: str,
        todo: list[int],
        read: _Reading,
        total: int,
        on_progress: ProgressCallback | None,
        should_cancel: CancelCheck | None,
    ) -> None:
        while len(self._helpers) < min(self.workers, len(todo)):
            self._helpers.append(ChildProcess("ocr", label="the OCR engine"))
        plan = read.plan
        queue = [(page, False) for page in todo]  # (page, to be read with all the languages)
        busy: dict[int, tuple[int, tuple[str, ...], float]] = {}  # helper index -> (page, languages, deadline)
        request = {"op": "page", "path": str(path), "tessdata": str(self.tessdata), "memory_mb": self.memory_mb}
        try:
            while queue or busy:
                if should_cancel is not None and should_cancel():
                    raise CancelledError()
                for index, helper in enumerate(self._helpers):
                    if index not in busy and queue:
                        page, all_of_them = queue.pop(0)
                        languages = plan.languages if all_of_them else plan.choose()
                        try:
                            if not helper.running:
                                helper.start()
                            helper.send({**request, "page": page, "languages": "+".join(languages)})
                            busy[index] = (page, languages, time.monotonic() + self.page_seconds)
                        except ChildDiedError as exc:
                            read.unreadable[page] = f"the OCR engine failed ({exc.reason})"
                        continue
                    if index not in busy:
                        continue
                    page, languages, deadline = busy[index]
                    try:
                        reply = helper.receive(timeout=POLL_SECONDS / max(1, len(busy)))
                    except ChildDiedError as exc:
                        out_of_memory = "SIGKILL" in exc.reason or "MemoryError" in str(exc)
                        why = f"needed more than {self.memory_mb} MB" if out_of_memory else exc.reason
                        read.unreadable[page] = f"the OCR engine failed ({why})"
                        del busy[index]
                        continue
                    if reply is None:
                        if time.monotonic() > deadline:
                            helper.kill()  # a fresh helper takes the next page
                            read.unreadable[page] = f"took longer than {self.page_seconds:.0f} s"
                            del busy[index]
                        continue
                    del busy[index]
                    if "ok" in reply:
                        text = str(reply["ok"]["text"])
                        read.cpu += float(reply["ok"].get("cpu", 0.0))
                        confidence = float(reply["ok"].get("confidence", 100.0))  # none for a blank page
                        if plan.poor(text, confidence, languages, float(reply["ok"].get("doubtful", 0.0))):
                            queue.insert(0, (page, True))  # next, by the first helper free
                            read.rereads += 1
                            continue
                        read.done(page, text, languages)
                        self._store(doc_id, key, page, languages, text)
                    else:
                        read.unreadable[page] = str(reply.get("error", {}).get("detail", "could not be recognised"))
                    if on_progress is not None:
                        on_progress(len(read.texts) + len(read.unreadable), total)
        except CancelledError:
            for helper in self._helpers:
                helper.kill()  # pages already read are in the cache
            raise

    def _store(self, doc_id: str, key: str, page: int, used: tuple[str, ...], text: str) -> None:
        """Cache one page's text (temporary file and rename: a kill never leaves half a page)."""
        target = self._cache_file(doc_id, key, page, used)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".tmp-{os.getpid()}-{target.name}")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, target)
        except OSError as exc:  # a full disk costs the cache, never the document
            log.warning("could not cache the OCR text of page %s: %s", page, exc)

    def close(self) -> None:
        for helper in self._helpers:
            helper.close()
        self._helpers.clear()


def complete_document(
    document: LoadedDocument,
    doc_id: str,
    recogniser: PageRecogniser | None,
    *,
    on_progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
) -> LoadedDocument:
    """The document with its pages without a text layer recognised and put in their place.

    A page that cannot be recognised (or every scanned page, when no OCR data is installed) is
    listed in ``unread_pages`` with the reason; a document with no text at all is refused.
    """
    scanned = list(document.pages_without_text)
    if not scanned or document.kind != "pdf":
        return document
    try:
        if recogniser is None:
            raise OcrUnavailableError(document.path, f"has {len(scanned)} scanned page(s), and OCR is not available.")
        known = "\n".join(page.text for page in document.pages)  # the text layer tells the scripts
        outcome = recogniser.recognise(
            document.path, doc_id, scanned, known_text=known, on_progress=on_progress, should_cancel=should_cancel
        )
    except OcrUnavailableError as exc:
        if not document.pages:
            raise
        return replace(document, unread_pages=scanned, unread_reason=exc.detail)
    recognised = {page: text for page, text in outcome.texts.items() if text.strip()}
    pages = sorted([*document.pages, *(Page(n, t) for n, t in recognised.items())], key=lambda p: p.number)
    unread = sorted(outcome.unreadable)
    reasons = sorted(set(outcome.unreadable.values()))
    reason = f"page(s) {', '.join(map(str, unread))} could not be recognised ({'; '.join(reasons)})" if unread else ""
    if not pages:
        if unread:
            raise NoTextLayerError(document.path, f"none of its pages has a text layer, and OCR failed: {reason}.")
        raise NoTextLayerError(
            document.path, f"none of its {document.page_count} page(s) has a text layer, and OCR found no text on them."
        )
    return replace(
        document, pages=pages, recognised_pages=sorted(recognised), unread_pages=unread, unread_reason=reason
    )


_ENGINE_VERSION: str | None = None


def _engine_version() -> str:
    """tesserocr's version (it pins the bundled Tesseract), part of the cache key."""
    global _ENGINE_VERSION
    if _ENGINE_VERSION is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _ENGINE_VERSION = version("tesserocr")
        except PackageNotFoundError:  # a frozen build without the package's metadata
            _ENGINE_VERSION = "bundled"
    return _ENGINE_VERSION


# -- the helper's side (role "ocr") --------------------------------------------------------------


def scan_dpi(page: Any) -> int:
    """The resolution of the scan on a PDFium page: its largest image's pixels per inch."""
    import pypdfium2.raw as pdfium_c

    best = 0.0
    try:
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
            left, bottom, right, top = obj.get_pos()
            width_px, height_px = obj.get_px_size()
            width_in, height_in = abs(right - left) / 72, abs(top - bottom) / 72
            if width_in > 0.5 and height_in > 0.5:
                best = max(best, width_px / width_in, height_px / height_in)
    except Exception:  # a damaged image object: render at the default resolution
        log.info("could not measure the scan's resolution", exc_info=True)
    return DEFAULT_DPI if best <= 0 else int(min(MAX_DPI, max(MIN_DPI, round(best))))


def serve(channel: Channel) -> None:
    """One page per request: render it at the scan's resolution and recognise it."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one page per core; Tesseract's own threads would only compete
    import pypdfium2 as pdfium
    import tesserocr

    from desktop_gpt.core.documents.isolated import _limit_memory

    apis: dict[tuple[str, str], Any] = {}  # (tessdata, languages) -> engine: a narrowed set and all of them
    document: Any = None
    document_path = ""
    while (request := channel.next_request()) is not None:
        _limit_memory(int(request["memory_mb"]))
        try:
            api_key = (request["tessdata"], request["languages"])
            if (api := apis.get(api_key)) is None:
                api = apis[api_key] = tesserocr.PyTessBaseAPI(
                    path=request["tessdata"].rstrip("/") + "/", lang=request["languages"],
                    oem=tesserocr.OEM.LSTM_ONLY, psm=PAGE_SEGMENTATION, variables=ENGINE_VARIABLES,
                )  # fmt: skip
            if request["path"] != document_path:
                if document is not None:
                    document.close()
                document, document_path = None, ""
                document = pdfium.PdfDocument(request["path"])
                document_path = request["path"]
            started = time.process_time()
            page = document[int(request["page"]) - 1]
            dpi = scan_dpi(page)
            width, height = page.get_size()  # in points
            dpi = min(dpi, int((MAX_PIXELS / max(1.0, width * height)) ** 0.5 * 72))  # a huge page: fewer dots
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            page.close()
            low, high = image.convert("L").getextrema()
            if high - low < 32:  # a blank page: nothing to read
                channel.reply({"ok": {"text": "", "dpi": dpi, "cpu": time.process_time() - started}})
                continue
            api.SetVariable("user_defined_dpi", str(dpi))
            api.SetImage(image)
            text = api.GetUTF8Text() or ""
            words = list(api.AllWordConfidences() or [])  # as MeanTextConf averages them
            confidence = sum(words) / len(words) if words else 0.0
            doubtful = sum(score < DOUBTFUL_WORD for score in words) / max(1, len(words))
            reply = {"text": _tidy(text), "dpi": dpi, "confidence": confidence, "doubtful": doubtful}
            channel.reply({"ok": {**reply, "cpu": time.process_time() - started}})
        except MemoryError:
            channel.reply({"error": {"detail": "needed too much memory"}})
        except Exception as exc:  # a damaged page or image: that page only
            channel.reply({"error": {"detail": f"{type(exc).__name__}: {exc}"[:300]}})
    for api in apis.values():
        api.End()


def _tidy(text: str) -> str:
    """Tesseract's text without the form feed it ends a page with, and without empty-line runs."""
    lines = [line.rstrip() for line in text.replace("\x0c", "").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
