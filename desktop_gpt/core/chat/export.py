"""Answers as plain text for people: what "Copy" puts on the clipboard and a chat export reuses."""

from __future__ import annotations

import re

from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.chat.conversations import Message

_CITATION = re.compile(r"\[(\d{1,2})\]")


def cited_sources(message: Message) -> list[Source]:
    """The sources an answer cites: flagged as cited, else (an answer kept before the flag was
    set) those whose ``[n]`` appears in its text or its quoted lead."""
    cited = [s for s in message.sources if s.cited]
    if cited:
        return cited
    numbers = {int(n) for n in _CITATION.findall(message.text + "\n" + message.extract)}
    return [s for s in message.sources if s.number in numbers]


def source_line(source: Source) -> str:
    """``[2] report.pdf, p. 14`` (or the passage's location for formats without pages)."""
    return f"[{source.number}] {source.document}, {source.place}"


def answer_as_text(message: Message) -> str:
    """The answer's text (after its quoted lead, when it has one), then a line per cited source."""
    parts = [p.strip() for p in (message.extract, message.text) if p.strip()]
    lines = [source_line(s) for s in cited_sources(message)]
    if lines:
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n" if parts else ""
