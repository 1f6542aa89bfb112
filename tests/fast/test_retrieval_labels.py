"""The retrieval benchmark's labels: its query-set files, the hit rule and the scores (no model, no store)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from benchmarks.retrieval import QUERYSETS, _DocBookHtml, first_hit_rank, is_hit, score


def test_query_sets_keep_the_agreed_format() -> None:
    files = sorted(QUERYSETS.glob("*.json"))
    assert {json.loads(f.read_text(encoding="utf-8"))["name"] for f in files} >= {"r-faq-en", "debian-faq-ko"}
    for path in files:
        qs = json.loads(path.read_text(encoding="utf-8"))
        assert set(qs) == {"name", "language", "documents", "queries"}, path
        assert qs["language"] in ("en", "ko", "mixed")
        ids = {d["id"] for d in qs["documents"]}
        assert all(set(d) == {"id", "source"} and "path" in d["source"] for d in qs["documents"])
        for q in qs["queries"]:
            assert set(q) == {"q", "answers", "doc", "lang"}, q
            assert q["doc"] in ids and q["lang"] in ("en", "ko") and q["answers"], q
            assert bool(re.search("[가-힣]", q["q"])) == (q["lang"] == "ko"), q
            for answer in q["answers"]:
                assert 5 <= len(answer) <= 100, answer


def test_a_hit_ignores_how_whitespace_was_split() -> None:
    chunk = "so that for example\none can  enter a newline as ‘\\n’. When you"
    assert is_hit(chunk, ["one can enter a newline"])
    assert is_hit("패키지를 업그레이드할\n수 있습니다", ["업그레이드할 수 있습니다"])
    assert not is_hit(chunk, ["one can enter a tab"])


def test_ranks_and_scores() -> None:
    texts = ["nothing here", "the answer is 42", "the answer is 42 again"]
    assert first_hit_rank(texts, ["answer is 42"]) == 2
    assert first_hit_rank(texts, ["missing"]) is None
    s = score([1, 2, None, 11])
    assert s["queries"] == 4 and s["hit_at_5"] == 0.5
    assert abs(s["mrr"] - (1 + 0.5) / 4) < 1e-9  # rank 11 is beyond MRR@10


def test_docbook_pages_become_markdown_without_navigation(tmp_path: Path) -> None:
    page = (
        '<html><head><title>t</title><style>p {}</style></head><body><div class="navheader"><p>이전</p></div>'
        '<div class="toc"><p>차례</p></div><h2 class="title"><a id="x"></a>1.1. 질문</h2>'
        "<p>첫 줄\n이어진 <b>문단</b>.</p><pre>$ ls\n  -l</pre></body></html>"
    )
    parser = _DocBookHtml()
    parser.feed(page)
    parser.close()
    assert parser.blocks == ["## 1.1. 질문", "첫 줄 이어진 문단.", "$ ls\n  -l"]
