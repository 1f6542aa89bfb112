"""A document's summary by map and reduce over all its passages (issue 16, item 3).

Map: the passages, in reading order, are cut into parts that fit the model's context; each part is
summarised in a few sentences and remembers the pages it covers. Reduce: while there are more notes
than a reader takes in at once, neighbouring notes are merged the same way. The summary is an
overview written from the notes, citing them as [n], followed by the notes themselves, each cited,
so every statement points at the pages it came from even when the model cites nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_gpt.core.app.errors import CancelledError, DesktopGptError
from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.chat.llm import ChatBackend
from desktop_gpt.core.chat.prompting import neutralise
from desktop_gpt.core.index.records import DocumentRecord

#: The most notes the overview is written from (and listed under it); more are merged first.
MAX_NOTES = 10
#: Tokens the model may write for one note, and for the overview.
NOTE_TOKENS = 160
OVERVIEW_TOKENS = 320
#: A part's passages take at most this share of the context; the rest is the prompt and the note.
PART_SHARE = 0.7

MAP_INSTRUCTION = (
    "Summarise the key points of this part of the document in at most three sentences. "
    "Use only what the text says; keep names, numbers and dates exact."
)
REDUCE_INSTRUCTION = (
    "Merge these notes on consecutive parts of a document into at most three sentences. "
    "Use only what the notes say; keep names, numbers and dates exact."
)
OVERVIEW_INSTRUCTION = (
    "Write a short summary of the whole document from these numbered notes, in at most five sentences. "
    "Cite the notes you use by number, like [1]. Use only what the notes say."
)


@dataclass(frozen=True)
class SummaryProgress:
    """Where a summary is: ``done`` of ``total`` model calls, and the seconds left at the pace so far."""

    stage: str  # "reading" (the parts) or "combining" (the notes)
    done: int
    total: int
    seconds_left: float | None

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class Note:
    text: str
    first_page: int
    last_page: int
    location: str = ""  # where a document without pages begins this note ("Slide 3")


@dataclass(frozen=True)
class Summary:
    document: DocumentRecord
    text: str  # Markdown: the overview, then the notes, each citing [n]
    sources: list[Source]  # one per note: its pages
    model: str = ""
    backend: str = ""
    parts: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document.name,
            "doc_id": self.document.doc_id,
            "summary": self.text,
            "sources": [s.to_json() for s in self.sources],
            "model": self.model,
            "backend": self.backend,
            "parts": self.parts,
            "timings": self.timings,
        }


def _pages(first: int, last: int) -> str:
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


def parts_of(
    chunks: Sequence[dict[str, Any]], budget: int, count: Callable[[str], int]
) -> list[tuple[str, int, int, str]]:
    """Consecutive passages joined into parts of at most ``budget`` tokens: (text, first page, last page, location).

    Overlapping chunk text is kept once (a chunk repeats the end of the one before it)."""
    parts: list[tuple[str, int, int, str]] = []
    text, first, last, location, used = "", 0, 0, "", 0
    for chunk in chunks:
        piece = str(chunk["text"]).strip()
        cost = count(piece) + 1
        if text and used + cost > budget:
            parts.append((text, first, last, location))
            text, used = "", 0
        if not text:
            first, location = int(chunk["page"]), str(chunk.get("location") or "")
        text = f"{text}\n{piece}" if text else piece[: max(1, budget * 3)]
        used += cost
        last = int(chunk["page"])
    if text:
        parts.append((text, first, last, location))
    return parts


def merge_calls(notes: int) -> int:
    """How many merges the reduce step makes to bring ``notes`` down to :data:`MAX_NOTES`."""
    calls = 0
    while notes > MAX_NOTES:
        calls += notes // 2
        notes -= notes // 2
    return calls


class Summariser:
    def __init__(
        self,
        model: ChatBackend,
        *,
        temperature: float = 0.2,
        on_progress: Callable[[SummaryProgress], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> None:
        self.model = model
        self.temperature = temperature
        self.on_progress = on_progress
        self.should_cancel = should_cancel or (lambda: False)
        self._started = time.perf_counter()
        self._done = 0
        self._total = 0

    def _write(self, instruction: str, material: str, max_tokens: int) -> str:
        if self.should_cancel():
            raise CancelledError("The summary was cancelled.")
        generation = self.model.chat(
            [
                {"role": "system", "content": "You summarise documents faithfully and briefly."},
                {"role": "user", "content": f"{instruction}\n\n<text>\n{neutralise(material)}\n</text>"},
            ],
            max_tokens=max_tokens,
            temperature=self.temperature,
            should_cancel=self.should_cancel,
        )
        if generation.stopped or self.should_cancel():
            raise CancelledError("The summary was cancelled.")
        self._done += 1
        return " ".join(generation.text.split())

    def _report(self, stage: str) -> None:
        if self.on_progress is None:
            return
        elapsed = time.perf_counter() - self._started
        left = elapsed / self._done * (self._total - self._done) if self._done else None
        self.on_progress(SummaryProgress(stage, self._done, max(self._total, self._done), left))

    def _room(self, reserve: int) -> int:
        overhead = self.model.count_tokens([{"role": "user", "content": MAP_INSTRUCTION + "\n<text>\n</text>"}])
        return max(64, int((self.model.context_length - reserve - overhead - 32) * PART_SHARE))

    def summarise(self, record: DocumentRecord, chunks: Sequence[dict[str, Any]]) -> Summary:
        if not chunks:
            raise DesktopGptError(f"{record.name} has no text to summarise (index it again, or check the file).")
        t0 = time.perf_counter()
        parts = parts_of(chunks, self._room(NOTE_TOKENS), self.model.count_text_tokens)
        self._total = len(parts) + merge_calls(len(parts)) + 1
        self._report("reading")
        notes = []
        for text, first, last, location in parts:
            notes.append(Note(self._write(MAP_INSTRUCTION, text, NOTE_TOKENS), first, last, location))
            self._report("reading")
        while len(notes) > MAX_NOTES:
            notes = self._merge(notes)
        numbered = "\n".join(f"[{i}] ({_pages(n.first_page, n.last_page)}) {n.text}" for i, n in enumerate(notes, 1))
        overview = self._write(OVERVIEW_INSTRUCTION, numbered, OVERVIEW_TOKENS)
        self._report("combining")
        bullets = "\n".join(f"- {n.text} [{i}]" for i, n in enumerate(notes, 1) if n.text)
        sources = [
            Source(
                chunk_id=f"summary-{record.doc_id}-{i}", doc_id=record.doc_id, document=record.name, path=record.path,
                page=n.first_page, start=0, end=0, text=n.text, score=0.0, similarity=None, keyword_score=None,
                location=n.location or ("" if n.first_page == n.last_page else _pages(n.first_page, n.last_page)),
                number=i, cited=True,
            )
            for i, n in enumerate(notes, 1)
        ]  # fmt: skip
        return Summary(
            record,
            f"{overview}\n\n{bullets}".strip(),
            sources,
            model=self.model.name,
            backend=self.model.backend,
            parts=len(parts),
            timings={"seconds": time.perf_counter() - t0, "model_calls": float(self._done)},
        )

    def _merge(self, notes: list[Note]) -> list[Note]:
        """Neighbouring notes merged in pairs (one more pass of the reduce step)."""
        merged = []
        for i in range(0, len(notes), 2):
            pair = notes[i : i + 2]
            if len(pair) == 1:
                merged.append(pair[0])
                continue
            text = self._write(REDUCE_INSTRUCTION, "\n".join(n.text for n in pair), NOTE_TOKENS)
            merged.append(Note(text, pair[0].first_page, pair[-1].last_page, pair[0].location))
            self._report("combining")
        return merged
