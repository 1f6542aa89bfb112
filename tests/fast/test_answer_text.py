"""An answer as plain text ("Copy", and the chat export): the text, then one line per cited source."""

from __future__ import annotations

from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.chat.conversations import Message
from desktop_gpt.core.chat.export import answer_as_text, cited_sources


def _source(number: int, *, cited: bool, location: str = "", page: int = 3) -> Source:
    return Source(
        chunk_id=f"c{number}", doc_id="d", document="report.pdf" if not location else "sheet.xlsx",
        path="/x", page=page, start=0, end=1, text="passage", score=0.1, similarity=None, keyword_score=1.0,
        location=location, number=number, cited=cited,
    )  # fmt: skip


def test_the_answer_is_followed_by_its_cited_sources_only() -> None:
    message = Message(
        role="assistant",
        text="Built in 1898 [1]; a toll house [3].",
        sources=[
            _source(1, cited=True, page=14),
            _source(2, cited=False),
            _source(3, cited=True, location="Suppliers · row 14"),
        ],
    )
    assert answer_as_text(message) == (
        "Built in 1898 [1]; a toll house [3].\n\n[1] report.pdf, p. 14\n[3] sheet.xlsx, Suppliers · row 14\n"
    )


def test_a_quoted_lead_comes_first_and_citations_are_read_from_the_text_when_not_flagged() -> None:
    message = Message(
        role="assistant",
        text="The model's prose.",
        extract="> Rebuilt in 1898. [2]",
        sources=[_source(1, cited=False), _source(2, cited=False, page=7)],
    )
    assert [s.number for s in cited_sources(message)] == [2]
    assert answer_as_text(message) == "> Rebuilt in 1898. [2]\n\nThe model's prose.\n\n[2] report.pdf, p. 7\n"
    assert answer_as_text(Message(role="assistant", text="")) == ""
