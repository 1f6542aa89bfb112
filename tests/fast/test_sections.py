"""Headings found in documents (a PDF's outline, Markdown's # lines) and carried by each chunk."""

from __future__ import annotations

from pathlib import Path

from desktop_gpt.core.documents.chunking import CONTEXT_TOKENS, chunk_pages
from desktop_gpt.core.documents.loaders import Page, Section, load_document, markdown_sections


def test_markdown_headings_nest_and_code_blocks_are_not_headings() -> None:
    text = (
        "# Lease\n\nintro\n\n## Deposit\n\nreturned\n\n```\n# not a heading\n```\n\n"
        "### 보증금 반환\n\nx\n\n## Repairs\n"
    )
    sections = markdown_sections(text)
    assert [s.path for s in sections] == [
        ("Lease",), ("Lease", "Deposit"), ("Lease", "Deposit", "보증금 반환"), ("Lease", "Repairs"),
    ]  # fmt: skip
    assert all(text[s.offset :].startswith("#") for s in sections)


def test_a_pdfs_outline_becomes_sections_placed_on_their_pages(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number, (chapter, questions) in enumerate(
        (("Basics", ["What is R?", "Who wrote R?"]), ("Add-ons", ["What is CRAN?"]))
    ):
        pdf.add_page()
        pdf.start_section(f"{number + 1} {chapter}", level=0)
        pdf.multi_cell(
            0, 8, f"{number + 1} {chapter}\nSome words about {chapter.lower()}.", new_x="LMARGIN", new_y="NEXT"
        )
        for question in questions:
            pdf.start_section(question, level=1)
            pdf.multi_cell(
                0, 8, f"{question}\n" + "An answer sentence that goes on. " * 12, new_x="LMARGIN", new_y="NEXT"
            )
    path = tmp_path / "faq.pdf"
    pdf.output(str(path))
    document = load_document(path)
    assert [(s.page, s.path) for s in document.sections] == [
        (1, ("1 Basics",)), (1, ("1 Basics", "What is R?")), (1, ("1 Basics", "Who wrote R?")),
        (2, ("2 Add-ons",)), (2, ("2 Add-ons", "What is CRAN?")),
    ]  # fmt: skip
    page_one = document.pages[0].text
    who = next(s for s in document.sections if s.path[-1] == "Who wrote R?")
    assert page_one[who.offset :].startswith("Who wrote R?")
    chunks = chunk_pages("d", document.pages, 200, 20, sections=document.sections)
    after_who = [c for c in chunks if c.page == 1 and c.start >= who.offset]
    assert after_who and all(c.context == "1 Basics › Who wrote R?" for c in after_who)
    assert chunks[0].embedding_text.startswith("1 Basics\n")


def test_long_heading_paths_keep_their_deepest_titles() -> None:
    path = tuple(f"Level {i} heading with several words" for i in range(6))
    pages = [Page(1, "Body text. " * 50)]
    (first, *_) = chunk_pages("d", pages, 200, 0, length=lambda t: len(t.split()), sections=[Section(1, 0, path)])
    assert first.context.endswith("Level 5 heading with several words")
    assert len(first.context.split()) <= CONTEXT_TOKENS
    assert not first.context.startswith("Level 0")


def test_a_chunk_starts_where_a_section_starts_with_its_number() -> None:
    # A PDF outline names "Who wrote R?" without its number: the cut moves back to the line's start.
    text = "2 Basics\n2.1 What is R?\nA language. " + "It has words. " * 6 + "\n2.2 Who wrote R?\nRoss and Robert."
    sections = [Section(1, 0, ("2 Basics",)), Section(1, text.index("What"), ("2 Basics", "What is R?")),
                Section(1, text.index("Who"), ("2 Basics", "Who wrote R?"))]  # fmt: skip
    words = lambda t: len(t.split())  # noqa: E731
    chunks = chunk_pages("d", [Page(1, text)], 200, 20, length=words, breaks=sections)
    assert [c.text for c in chunks] == [text[: text.index("2.2")].strip(), "2.2 Who wrote R?\nRoss and Robert."]
    assert all(text[c.start : c.end] == c.text for c in chunks)
    # A heading alone (shorter than MIN_SECTION_TOKENS) stays with the section after it.
    assert chunks[0].text.startswith("2 Basics\n2.1 What is R?")
    (whole,) = chunk_pages("d", [Page(1, text)], 200, 20, length=words)
    assert whole.text == text, "without breaks the page is one chunk"
