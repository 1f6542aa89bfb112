from __future__ import annotations

from desktop_gpt.core.documents.chunking import chunk_pages
from desktop_gpt.core.documents.loaders import Page


def test_chunks_keep_page_and_exact_offsets() -> None:
    pages = [Page(1, "Alpha beta gamma. " * 120), Page(2, "Delta epsilon zeta. " * 90)]
    chunks = chunk_pages("abc123", pages, chunk_size=300, chunk_overlap=50)
    assert {c.page for c in chunks} == {1, 2}
    for c in chunks:
        page_text = pages[c.page - 1].text
        assert page_text[c.start : c.end] == c.text
        assert len(c.text) <= 300
        assert c.doc_id == "abc123"
    assert [c.index for c in chunks] == list(range(len(chunks)))
    first, second = [c for c in chunks if c.page == 1][:2]
    assert second.start < first.end, "consecutive chunks overlap"


def test_chunks_never_span_pages() -> None:
    pages = [Page(1, "x" * 50), Page(2, "y" * 50)]
    chunks = chunk_pages("d", pages, chunk_size=1000, chunk_overlap=0)
    assert [(c.page, c.text) for c in chunks] == [(1, "x" * 50), (2, "y" * 50)]


def test_a_table_of_contents_is_not_indexed() -> None:
    contents = "\n".join(
        f"{n}.{i} Question number {i} about R and S? . . . . . . . . . . . . . {n * 3 + i}"
        for n in (1, 2)
        for i in range(1, 9)
    )
    body = "The answer. Dots in prose... are fine. Version 1.2.3 . . . is 4. " * 20
    chunks = chunk_pages("d", [Page(1, contents), Page(2, body)], chunk_size=300, chunk_overlap=0)
    assert chunks and {c.page for c in chunks} == {2}, "the contents page is left out, the prose kept"
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_a_table_of_contents_cut_into_small_chunks_is_not_indexed() -> None:
    # Long dot leaders: two entries fill a chunk, each chunk has fewer than three leader lines.
    contents = "Table of Contents\n" + "\n".join(f"1.{i} Question {i} " + ". " * 60 + f"{i}" for i in range(1, 9))
    body = "An answer that mentions 1.2 . . . . 3 once.\nMore prose. " + "Plain words. " * 20
    chunks = chunk_pages("d", [Page(1, contents), Page(2, body)], chunk_size=300, chunk_overlap=0)
    assert chunks and {c.page for c in chunks} == {2}
