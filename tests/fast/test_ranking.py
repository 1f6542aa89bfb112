"""Ranking, as pure functions: keyword terms and the fusion of vector and keyword results."""

from __future__ import annotations

from desktop_gpt.core.index.ranking import MAX_KEYWORD_TERMS, RRF_K, VECTOR_WEIGHT, fuse, keyword_query, vector_query


def row(chunk: str, *, distance: float | None = None, bm25: float | None = None) -> dict[str, object]:
    out: dict[str, object] = {"chunk_id": chunk, "doc_id": "d", "text": chunk}
    if distance is not None:
        out["_distance"] = distance
    if bm25 is not None:
        out["_score"] = bm25
    return out


def test_keyword_terms_drop_stop_words_and_repeats_and_keep_the_longest_in_order() -> None:
    assert keyword_query("Who keeps the lighthouse, the LIGHTHOUSE?") == "keeps lighthouse"
    assert keyword_query("the and of what") == ""
    words = [f"w{i:02d}" + "x" * (i % 5) for i in range(40)]
    terms = keyword_query(" ".join(words)).split()
    assert len(terms) == MAX_KEYWORD_TERMS
    assert terms == [w for w in words if w in terms], "original order kept"
    assert min(len(t) for t in terms) >= max(len(w) for w in words if w not in terms)


def test_hybrid_fuses_by_reciprocal_rank_and_rewards_agreement() -> None:
    vector = [row("a", distance=0.1), row("b", distance=0.2), row("c", distance=0.3)]
    keyword = [row("c", bm25=9.0), row("d", bm25=5.0)]
    fused = fuse(vector, keyword, mode="hybrid", k=10)
    assert [e.row["chunk_id"] for e in fused] == ["c", "a", "b", "d"]
    c = fused[0]
    assert c.rrf == VECTOR_WEIGHT / (RRF_K + 3) + 1 / (RRF_K + 1)
    assert (round(c.similarity or 0, 6), c.keyword_score) == (0.7, 9.0)
    assert fused[-1].similarity is None, "a keyword-only hit has no similarity"


def test_single_modes_rank_by_their_own_score_and_stop_at_k() -> None:
    vector = [row("a", distance=0.4), row("b", distance=0.1)]
    keyword = [row("x", bm25=1.0), row("y", bm25=3.0)]
    assert [e.row["chunk_id"] for e in fuse(vector, [], mode="vector", k=5)] == ["b", "a"]
    assert [e.row["chunk_id"] for e in fuse([], keyword, mode="fts", k=1)] == ["y"]
    assert fuse([], [], mode="hybrid", k=3) == []


def test_cjk_column_keeps_hangul_kana_and_han_runs_only() -> None:
    from desktop_gpt.core.index.ranking import cjk_text

    assert cjk_text("임대인은 계약서를 (contract) 漢字 かな 2024년") == "임대인은 계약서를 漢字 かな 년"
    assert cjk_text("English only, 42.") == ""


def test_korean_query_terms_are_stems_without_particles_or_question_words() -> None:
    from desktop_gpt.core.index.ranking import cjk_query

    assert cjk_query("계약서를") == "계약서"
    assert cjk_query("계약서는 누가 언제 검토했나요?") == "계약서 검토"
    assert cjk_query("회의록에서는 무엇을 하나요") == "회의록"
    assert cjk_query("물을") == "물을", "a one-syllable stem keeps its particle: grams need two syllables"
    assert cjk_query("Who keeps the lighthouse?") == ""
    assert len(cjk_query(" ".join(f"단어{chr(0xAC00 + i)}" for i in range(40))).split()) == MAX_KEYWORD_TERMS


def test_each_keyword_list_enters_the_fusion_and_their_scores_add_up() -> None:
    vector = [row("a", distance=0.1)]
    words = [row("b", bm25=2.0)]
    grams = [row("b", bm25=5.0), row("c", bm25=1.0)]
    fused = fuse(vector, words, grams, mode="hybrid", k=10)
    # The vector list counts VECTOR_WEIGHT (2) times: its first place weighs as much as two keyword first places.
    assert [e.row["chunk_id"] for e in fused] == ["a", "b", "c"]
    b = fused[1]
    assert b.rrf == 2 / (RRF_K + 1) == fused[0].rrf and b.keyword_score == 7.0
    assert [e.row["chunk_id"] for e in fuse([], words, grams, mode="fts", k=2)] == ["b", "c"]


def test_a_lookup_of_an_exact_term_lets_the_keyword_match_win() -> None:
    from desktop_gpt.core.index.ranking import is_lookup

    assert is_lookup("ZX4471QM") and is_lookup("invoice 2024-113B") and is_lookup("계약서")
    assert not is_lookup("Who keeps the lighthouse on the island?")
    assert not is_lookup("보증금은 언제 돌려받을 수 있나요?")
    # Twelve look-alike passages rank above the one with the exact code in vector search.
    vector = [row(f"decoy{i}", distance=0.1 + i / 100) for i in range(12)] + [row("target", distance=0.3)]
    keyword = [row("target", bm25=8.0)]
    assert fuse(vector, keyword, mode="hybrid", k=1)[0].row["chunk_id"] == "decoy0", "a question trusts the vectors"
    assert fuse(vector, keyword, mode="hybrid", k=1, lookup=True)[0].row["chunk_id"] == "target"


def test_the_vector_query_drops_only_the_capital_of_a_questions_first_word() -> None:
    assert vector_query("Why is R slow on Windows?") == "why is R slow on Windows?"
    assert vector_query("How do I install it") == "how do I install it"
    # Acronyms, one-letter names and words with a particle attached keep their capitals.
    for query in ("SVN hosting for R packages?", "R은 누가 처음 만들었나요?", "I need help", "Debian은 무엇인가요?"):
        assert vector_query(query) == query
