"""Where a cited passage lies in a page's own text, and its sentence that answers the question."""

from __future__ import annotations

from desktop_gpt.core.chat.highlight import best_sentence, passage_span, sentences_of

PAGE = (
    "Zelkova FAQ\n2 Names\nThe Zelkova language takes its name from the\nfirst letters of its two authors, "
    "Mira Holt and Teodor\nVance, who met at Uppsala in 2003. Programs are compiled to bytecode.\n3 Other"
)
PASSAGE = (
    "2 Names The Zelkova language takes its name from the first letters of its two authors, Mira Holt and "
    "Teodor Vance, who met at Uppsala in 2003. Programs are compiled to bytecode."
)


def test_the_whole_passage_is_found_across_the_pages_own_line_breaks() -> None:
    span = passage_span(PAGE, PASSAGE)
    assert span is not None
    assert PAGE[span[0] : span[1]].startswith("2 Names\nThe Zelkova")
    assert PAGE[span[0] : span[1]].endswith("compiled to bytecode.")


def test_a_passage_the_page_does_not_show_is_not_placed() -> None:
    assert passage_span(PAGE, "Glass eels migrate up the Ambrel estuary every April when the water warms.") is None
    assert passage_span("", PASSAGE) is None


def test_repeated_wording_is_placed_near_the_passages_own_offset() -> None:
    block = "The committee met in the long hall after the harvest and spent the afternoon on routine matters."
    page = f"{block} First.\n\n{block} Second."
    span = passage_span(page, f"{block} Second.", near=len(block) + 9)
    assert span is not None and page[span[0] : span[1]].endswith("Second.") and span[0] > 0


def test_the_sentence_that_answers_is_chosen() -> None:
    text = PAGE
    best = best_sentence(text, "Who were the authors the name Zelkova comes from?")
    assert best is not None and "Mira Holt" in text[best[0] : best[1]]
    assert best_sentence(text, "Why?") is None
    assert len(sentences_of("One. Two? Three! 넷입니다. 다섯")) == 5


def test_a_passage_whose_end_repeats_earlier_text_is_marked_to_its_own_end() -> None:
    block = "The committee met in the long hall after the harvest and the clerk recorded each remark."
    page = f"{block}\nThe Zelkova language takes its name from its authors.\n{block}"
    span = passage_span(page, page.replace("\n", " "))
    assert span == (0, len(page))
