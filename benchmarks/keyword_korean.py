"""Keyword search in Korean: which second keyword column to build (issue 14 item 3).

    python -m benchmarks.keyword_korean [--chunks 100000] [--dev] [--no-vectors]

Options, each beside today's single FTS index on ``text`` (simple tokenizer, English stemming and
stop words), which stays as it is:

* ``ngram``: the chunk's CJK runs (Hangul, kana, Han) in a second column, FTS with LanceDB's
  ``ngram`` tokenizer (2-3 characters, no stemming): 계약서를 holds 계약서's grams. ``ngram+q`` is
  the same index, queried with each Korean word's stem (particles, endings and question words off:
  ``ranking.cjk_query``), which is what the app does.
* ``kiwi``: the chunk's Korean content morphemes from ``kiwipiepy`` (nouns, verb and adjective
  stems, roots), space-separated in a second column, FTS with the ``whitespace`` tokenizer; the
  question is analysed the same way. Needs ``pip install kiwipiepy`` (not an app dependency).

Two ways to merge the two keyword lists: ``rrf`` (each list enters reciprocal rank fusion on its
own) and ``bool`` (one LanceDB BooleanQuery over both columns: BM25 scores summed).

Measured: retrieval quality (hit@5, MRR@10, the rules of benchmarks.retrieval) on the project's
labelled query sets (benchmarks/querysets; ``--dev``: this script's own questions on the Debian
FAQ), keyword-only and hybrid with each embedding model found (MiniLM, multilingual-e5); then
index size, build time and keyword latency at ``--chunks`` chunks of mixed text (Korean sentences
sampled from the GIMP manual, Debian's gimp-help-ko; English prose from benchmarks.corpus), with
the labelled documents among them, searched as one library (keyword quality at scale).

Writes benchmarks/results/keyword_korean.json and prints Markdown tables.
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
FAQ = Path("/usr/share/doc/debian/FAQ")
GIMP_KO = Path("/usr/share/gimp/2.0/help/ko")
CJK_RUN = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]+")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
KIWI_TAGS = {"NNG", "NNP", "NR", "SH", "XR", "VV", "VA", "VV-I", "VV-R", "VA-I", "VA-R"}
K = 5
EMBEDDERS = {"minilm": "all-MiniLM-L6-v2-int8.onnx", "e5": "multilingual-e5-small-int8.onnx"}
DEPTH = 20

# A development set written for this benchmark (paraphrased, particles unlike the text's). The
# project's labelled sets in benchmarks/querysets/ are used with --queryset.
DEV_QUERIES: list[dict[str, Any]] = [
    {"lang": "ko", "q": "데비안 프로젝트는 누가 언제 시작했나요?", "answers": ["1993년 이안 머독"]},
    {"lang": "ko", "q": "리눅스를 만든 사람이 누구예요?", "answers": ["리누스 토발즈"]},
    {"lang": "ko", "q": "프로그램마다 종이 크기가 같도록 하려면 어떻게 해야 하나요?", "answers": ["PAPERSIZE"]},
    {"lang": "ko", "q": "/usr/local에 설치한 파일을 패키지 관리 시스템이 덮어쓰나요?",
     "answers": ["/usr/local/ 디렉터리는 데비안 패키지 관리 시스템 제어 아래 있지 않습니다"]},
    {"lang": "ko", "q": "초기화 시스템이 systemd로 바뀐 해는 언제인가요?",
     "answers": ["2014년에 데비안은 기본 초기화"]},
    {"lang": "ko", "q": "데비안의 버그를 발견하면 어디에 보고하죠?",
     "answers": ["Bugs/Reporting", "bug-reporting.txt"]},
    {"lang": "ko", "q": "인터넷 전화 프로토콜 클라이언트로 무엇을 쓰나요?", "answers": ["ekiga"]},
    {"lang": "ko", "q": "무선 네트워크 카드가 리눅스에서 작동하지 않을 때는?", "answers": ["되는 거 하나 사세요"]},
    {"lang": "ko", "q": "콘솔 키보드 설정은 어떤 파일을 고치나요?", "answers": ["/etc/kbd/config"]},
    {"lang": "ko", "q": "지금 활성화된 전환을 확인하는 명령은?", "answers": ["dpkg-divert --list"]},
    {"lang": "ko", "q": "데비안용으로 패키징이 필요한 패키지들의 목록이 있나요?", "answers": ["Work-Needing"]},
    {"lang": "ko", "q": "알려진 공격을 막으려고 프로그램 보안을 어떻게 강화하나요?", "answers": ["빌드 플래그"]},
    {"lang": "ko", "q": "sid라는 이름은 어느 영화의 누구에게서 왔나요?", "answers": ["장난감을 망가뜨린 옆집 소년"]},
    {"lang": "ko", "q": "장치 파일에 대한 접근 권한은 그룹으로 어떻게 주나요?", "answers": ["cdrom 그룹"]},
    {"lang": "ko", "q": "내가 직접 데비안 패키지를 만들고 싶어요", "answers": ["New Maintainers' Guide"]},
    {"lang": "ko", "q": "소프트웨어 패키지가 몇 개나 제공되나요?", "answers": ["59100"]},
    {"lang": "en", "q": "Who started the Debian project, and in which year?", "answers": ["Ian Murdock in 1993"]},
    {"lang": "en", "q": "Who wrote the Linux kernel?", "answers": ["Linus Torvalds"]},
    {"lang": "en", "q": "How do I make all programs use the same paper size?", "answers": ["PAPERSIZE"]},
    {"lang": "en", "q": "When did Debian move its default init to systemd?", "answers": ["In 2014, Debian changed"]},
    {"lang": "en", "q": "How do I list the diversions that are active?", "answers": ["dpkg-divert --list"]},
    {"lang": "en", "q": "Where does the name sid come from?", "answers": ["boy next door who destroyed toys"]},
    {"lang": "en", "q": "Which VoIP clients are available?", "answers": ["ekiga"]},
    {"lang": "en", "q": "My wireless network card doesn't work with Linux", "answers": ["Buy one which does"]},
    {"lang": "en", "q": "How should I report a bug I found?", "answers": ["Bugs/Reporting", "bug-reporting.txt"]},
    {"lang": "en", "q": "How can I build a Debian package myself?", "answers": ["New Maintainers' Guide"]},
    {"lang": "en", "q": "How many software packages are there?", "answers": ["59100"]},
    {"lang": "en", "q": "Which file configures the console keyboard?", "answers": ["/etc/kbd/config"]},
    {"lang": "en", "q": "How does Debian harden programs against attacks?", "answers": ["hardening build flags"]},
    {"lang": "en", "q": "Is there a list of packages that still need packaging?", "answers": ["Work-Needing"]},
]  # fmt: skip


# -- text --------------------------------------------------------------------------------------


class _Text(HTMLParser):
    BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "dt", "dd", "pre", "tr", "br", "table"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.skip += tag in ("script", "style", "head")
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style", "head")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    text = re.sub(r"[ \t\r]+", " ", "".join(parser.parts))
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def faq_documents() -> list[tuple[str, str, str]]:
    """(name, language, text) of the Debian FAQ's chapters in Korean and in English (--dev)."""
    docs = [(p.name, "ko", html_text(p)) for p in sorted((FAQ / "ko").glob("*.ko.html"))]
    docs += [(p.name, "en", html_text(p)) for p in sorted(FAQ.glob("*.en.html"))]
    if not any(lang == "ko" for _, lang, _ in docs) or not any(lang == "en" for _, lang, _ in docs):
        raise SystemExit("Install the Debian packages debian-faq and debian-faq-ko.")
    return docs


def labelled_sets(work: Path) -> tuple[list[tuple[str, str, str]], list[dict[str, Any]]]:
    """The project's labelled query sets (benchmarks/querysets, see benchmarks.retrieval): every
    document of every set, and every question tagged with its set's name."""
    from benchmarks import retrieval

    docs = []
    for d in retrieval.library_documents():
        path = retrieval.prepare_document(d, work / "docs")
        docs.append((d["id"], "", retrieval.document_text(path)))
    queries = []
    for name, path in retrieval.querysets().items():
        for q in retrieval.load_queryset(path)["queries"]:
            queries.append({**q, "set": name})
    return docs, queries


def korean_sentences(limit: int = 20000) -> list[str]:
    """Real Korean prose: sentences of the GIMP manual (Debian package gimp-help-ko)."""
    sentences: list[str] = []
    for name in sorted(glob.glob(str(GIMP_KO / "**" / "*.html"), recursive=True)):
        for piece in re.split(r"(?<=[.?!다요])\s+|\n+", html_text(Path(name))):
            piece = piece.strip()
            if 20 <= len(piece) <= 300 and len(HANGUL.findall(piece)) >= 8:
                sentences.append(piece)
        if len(sentences) >= limit:
            break
    if not sentences:
        raise SystemExit("Install the Debian package gimp-help-ko.")
    return sentences


def chunk_texts(docs: Sequence[tuple[str, str, str]]) -> list[dict[str, Any]]:
    from desktop_gpt.core.documents.chunking import chunk_pages
    from desktop_gpt.core.documents.loaders import Page

    rows = []
    for d, (name, lang, text) in enumerate(docs):
        for chunk in chunk_pages(f"{d:064x}", [Page(1, text)], 1000, 150):
            rows.append({"chunk_id": chunk.chunk_id, "doc": name, "lang": lang, "text": chunk.text})
    return rows


# -- the options --------------------------------------------------------------------------------


class KiwiTokens:
    def __init__(self) -> None:
        try:
            from kiwipiepy import Kiwi
        except ImportError:
            raise SystemExit("The Kiwi option needs: pip install kiwipiepy (its model comes with it).") from None

        self.kiwi = Kiwi()

    def __call__(self, text: str) -> str:
        if not HANGUL.search(text):
            return ""
        forms = [t.form for t in self.kiwi.tokenize(text) if t.tag in KIWI_TAGS]
        return " ".join(" ".join(forms).split()).lower()


OPTIONS = ("today", "ngram", "ngram+q", "bigram+q", "kiwi")


def extra_column(option: str, kiwi: KiwiTokens) -> Callable[[str], str] | None:
    from desktop_gpt.core.index.ranking import cjk_text

    return {"ngram": cjk_text, "ngram+q": cjk_text, "bigram+q": cjk_text, "kiwi": kiwi}.get(option)


def extra_query(option: str, query: str, kiwi: KiwiTokens) -> str:
    from desktop_gpt.core.index.ranking import cjk_query, cjk_text

    if option == "ngram":
        return cjk_text(query)
    if option.endswith("+q"):
        return cjk_query(query)
    if option == "kiwi":
        return kiwi(query)
    return ""


def fts_configs(option: str) -> dict[str, Any]:
    from lancedb.index import FTS

    configs = {"text": FTS(stem=True, remove_stop_words=True, ascii_folding=True)}
    if "gram" in option:
        longest = 2 if option.startswith("bigram") else 3
        configs["extra"] = FTS(base_tokenizer="ngram", ngram_min_length=2, ngram_max_length=longest, stem=False,
                               remove_stop_words=False, ascii_folding=False, lower_case=True)  # fmt: skip
    elif option == "kiwi":
        configs["extra"] = FTS(base_tokenizer="whitespace", stem=False, remove_stop_words=False, ascii_folding=False)
    return configs


def build_table(
    db: Any, name: str, rows: list[dict[str, Any]], option: str, extra: Callable[[str], str] | None
) -> tuple[Any, dict[str, float]]:
    data = [dict(r) for r in rows]
    timings: dict[str, float] = {}
    if extra is not None:
        t = time.perf_counter()
        for r in data:
            r["extra"] = extra(r["text"])
        timings["tokenise_s"] = time.perf_counter() - t
    table = db.create_table(name.replace("+", "_"), pa.Table.from_pylist(data), mode="overwrite")
    for column, config in fts_configs(option).items():
        t = time.perf_counter()
        table.create_index(column, config=config)
        timings[f"index_{column}_s"] = time.perf_counter() - t
    return table, timings


def keyword_lists(
    table: Any, option: str, fusion: str, query: str, kiwi: KiwiTokens, where: str | None, depth: int
) -> list[list[dict[str, Any]]]:
    from lancedb.query import BooleanQuery, MatchQuery, Occur

    from desktop_gpt.core.index.ranking import keyword_query

    words, extra = keyword_query(query), extra_query(option, query, kiwi)
    queries = ([MatchQuery(words, "text")] if words else []) + ([MatchQuery(extra, "extra")] if extra else [])
    if fusion == "bool" and len(queries) > 1:
        queries = [BooleanQuery([(Occur.SHOULD, q) for q in queries])]
    lists = []
    for q in queries:
        search = table.search(q, query_type="fts")
        if where:
            search = search.where(where, prefilter=True)
        lists.append(search.select(["chunk_id", "text", "_score"]).limit(depth).to_list())
    return lists


def rrf(lists: Sequence[Sequence[dict[str, Any]]], k: int) -> list[dict[str, Any]]:
    from desktop_gpt.core.index.ranking import RRF_K

    scores: dict[str, float] = {}
    rows: dict[str, dict[str, Any]] = {}
    for results in lists:
        for rank, row in enumerate(results):
            rows.setdefault(row["chunk_id"], row)
            scores[row["chunk_id"]] = scores.get(row["chunk_id"], 0.0) + 1.0 / (RRF_K + rank + 1)
    order = sorted(scores, key=lambda c: scores[c], reverse=True)
    return [rows[c] for c in order[:k]]


def retrieve(
    table: Any,
    option: str,
    fusion: str,
    mode: str,
    q: dict[str, Any],
    vector: Any,
    kiwi: KiwiTokens,
    k: int = 10,
    *,
    scoped: bool = True,
) -> list[dict[str, Any]]:
    """The app's search (depths and fusion as in DocumentStore.search), limited to the question's document."""
    where = f"doc = '{q['doc']}'" if scoped and q.get("doc") else None
    depth = k if mode == "fts" and fusion != "sum" else max(3 * K, DEPTH)
    lists = keyword_lists(table, option, fusion, q["q"], kiwi, where, depth)
    if mode == "fts" and fusion == "sum":  # what the app does: separate queries, BM25 summed
        summed: dict[str, float] = {}
        rows = {r["chunk_id"]: r for results in lists for r in results}
        for results in lists:
            for r in results:
                summed[r["chunk_id"]] = summed.get(r["chunk_id"], 0.0) + r["_score"]
        return [rows[c] for c in sorted(summed, key=lambda c: summed[c], reverse=True)[:k]]
    if mode == "fts":
        return lists[0][:k] if len(lists) == 1 else rrf(lists, k)
    column = f"vector_{mode.split('-', 1)[1]}"  # "hybrid-e5": the e5 vectors
    search = table.search(vector, vector_column_name=column).distance_type("cosine")
    if where:
        search = search.where(where, prefilter=True)
    return rrf([search.select(["chunk_id", "text", "_distance"]).limit(depth).to_list(), *lists], k)


def evaluate(
    table: Any,
    option: str,
    fusion: str,
    mode: str,
    queries: list[dict[str, Any]],
    vectors: dict[str, dict[str, Any]],
    kiwi: KiwiTokens,
    *,
    scoped: bool = True,
) -> dict[str, dict[str, float]]:
    from benchmarks.retrieval import first_hit_rank
    from benchmarks.retrieval import score as scores

    out: dict[str, dict[str, float]] = {}
    for name in sorted({q["set"] for q in queries}):
        ranks = []
        for q in queries:
            if q["set"] == name:
                vector = vectors.get(mode.split("-", 1)[-1], {}).get(q["q"])
                found = retrieve(table, option, fusion, mode, q, vector, kiwi, scoped=scoped)
                ranks.append(first_hit_rank([r["text"] for r in found], q["answers"]))
        out[name] = scores(ranks)
    return out


# -- the runs ------------------------------------------------------------------------------------


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_sizes(table_dir: Path, table: Any) -> dict[str, int]:
    return {i.columns[0]: dir_size(table_dir / "_indices" / i.index_uuid) for i in table.list_indices()}


def quality(
    work: Path,
    rows: list[dict[str, Any]],
    queries: list[dict[str, Any]],
    kiwi: KiwiTokens,
    models: Path | None,
    options: Sequence[str] = OPTIONS,
) -> dict[str, Any]:
    import lancedb
    import numpy as np

    vectors: dict[str, dict[str, Any]] = {}  # embedder -> question -> vector
    for name, file in EMBEDDERS.items():
        if models is None or not (models / file).exists():
            continue
        from desktop_gpt.core.index.embeddings import OnnxEmbeddingEngine

        engine = OnnxEmbeddingEngine(models / file, n_threads=2)
        matrix = np.array(engine.embed_documents([r["text"] for r in rows]), dtype=np.float32)
        rows = [{**r, f"vector_{name}": (v / np.linalg.norm(v)).tolist()} for r, v in zip(rows, matrix, strict=True)]
        vectors[name] = {q["q"]: engine.embed_query(q["q"]) for q in queries}
        engine.close()
    db = lancedb.connect(str(work / "quality"))
    results: dict[str, Any] = {"chunks": len(rows), "queries": len(queries), "embedders": sorted(vectors)}
    for option in [o for o in OPTIONS if o in options]:
        table, _ = build_table(db, option, rows, option, extra_column(option, kiwi))
        for fusion in ("rrf", "bool", "sum") if option != "today" else ("rrf",):
            for mode in ["fts", *(f"hybrid-{name}" for name in vectors)]:
                label = f"{option}/{fusion}/{mode}"
                results[label] = evaluate(table, option, fusion, mode, queries, vectors, kiwi)
                print(f"  {label}: {results[label]}", file=sys.stderr, flush=True)
    return results


def mixed_rows(n: int, rows: list[dict[str, Any]], seed: int = 11) -> list[dict[str, Any]]:
    """``rows`` and more, up to ``n`` chunks: about half Korean (some 1,000 characters of sentences
    sampled from the GIMP manual), half English prose."""
    from benchmarks.corpus import texts

    rng = random.Random(seed)
    sentences = korean_sentences()
    english = texts(2000, seed=12)
    rows = list(rows)
    while len(rows) < n:
        i = len(rows)
        if i % 2:
            parts: list[str] = []
            while sum(len(p) + 1 for p in parts) < 900:
                parts.append(rng.choice(sentences))
            text = " ".join(parts)
        else:
            text = english[i % 2000] + " " + english[(i * 7 + 3) % 2000]
        rows.append({"chunk_id": f"m:{i}", "doc": "mixed", "lang": "", "text": text})
    return rows


def scale(
    work: Path,
    n: int,
    rows: list[dict[str, Any]],
    queries: list[dict[str, Any]],
    kiwi: KiwiTokens,
    options: Sequence[str] = OPTIONS,
) -> dict[str, Any]:
    """Index size, build time and keyword latency at ``n`` chunks, and keyword quality with the
    whole library searched (the labelled documents among ``n`` others)."""
    import lancedb

    from desktop_gpt.core.index.ranking import cjk_text

    rows = mixed_rows(n, rows)
    korean = [r["text"] for r in rows if HANGUL.search(r["text"])]
    # Kiwi's cost per chunk, measured on real chunks; the column itself is built from each
    # distinct sentence's tokens (the same tokens, without spending half an hour here).
    sample = korean[:: max(1, len(korean) // 500)][:500]
    t = time.perf_counter()
    for text in sample if "kiwi" in options else []:
        kiwi(text)
    kiwi_rate = len(sample) / (time.perf_counter() - t) if "kiwi" in options else 0.0
    t = time.perf_counter()
    for text in sample:
        cjk_text(text)
    cjk_rate = len(sample) / (time.perf_counter() - t)
    cache: dict[str, str] = {}

    def kiwi_cached(text: str) -> str:
        if not HANGUL.search(text):
            return ""
        return " ".join(cache.setdefault(s, kiwi(s)) for s in re.split(r"(?<=[.?!다요]) ", text))

    db = lancedb.connect(str(work / "scale"))
    out: dict[str, Any] = {"chunks": len(rows), "korean_chunks": len(korean), "kiwi_chunks_per_s": kiwi_rate,
                           "cjk_text_chunks_per_s": cjk_rate}  # fmt: skip
    for option in [o for o in ("today", "ngram", "bigram+q", "kiwi") if o in options]:
        print(f"  scale: {option}", file=sys.stderr, flush=True)
        table, timings = build_table(
            db, option, rows, option, {"kiwi": kiwi_cached}.get(option, extra_column(option, kiwi))
        )
        if option == "kiwi":
            timings["tokenise_s"] = len(korean) / kiwi_rate  # at Kiwi's measured rate per chunk
        table_dir = work / "scale" / f"{option.replace('+', '_')}.lance"
        entry: dict[str, Any] = {
            **timings,
            "index_bytes": index_sizes(table_dir, table),
            "table_bytes": dir_size(table_dir),
        }
        variants = [("rrf", option)] if option == "today" else [("rrf", option), ("bool", option)]
        if option == "ngram":
            variants += [("rrf", "ngram+q"), ("bool", "ngram+q")]
        for fusion, variant in variants:
            latencies: dict[str, list[float]] = {}
            for repeat in range(3):
                for q in queries:
                    t = time.perf_counter()
                    retrieve(table, variant, fusion, "fts", q, None, kiwi, scoped=False)
                    if repeat:
                        latencies.setdefault("ko" if HANGUL.search(q["q"]) else "en", []).append(
                            (time.perf_counter() - t) * 1000
                        )
            entry[f"{variant}/{fusion}"] = {
                "latency": {
                    lang: {"p50_ms": statistics.median(v), "p95_ms": sorted(v)[round(0.95 * (len(v) - 1))]}
                    for lang, v in latencies.items()
                },
                "quality": evaluate(table, variant, fusion, "fts", queries, {}, kiwi, scoped=False),
            }  # fmt: skip
        out[option] = entry
    return out


def table_md(results: dict[str, Any]) -> str:
    q = results["quality"]
    sets = sorted({name for label, v in q.items() if isinstance(v, dict) for name in v})
    modes = ["fts", *(f"hybrid-{name}" for name in q.get("embedders", []))]
    head = " | ".join(f"{name} {mode.replace('fts', 'keyword')}" for name in sets for mode in modes)
    lines = [
        f"Quality, hit@5 / MRR@10 ({q['chunks']} chunks, each question in its own document):",
        "",
        f"| option | fusion | {head} |",
        "|---|---|" + "---|" * (len(modes) * len(sets)),
    ]

    def cell(r: dict[str, float] | None) -> str:
        return f"{100 * r['hit_at_5']:.0f}% / {r['mrr']:.3f}" if r else "–"

    for option in [o for o in OPTIONS if any(label.startswith(f"{o}/") for label in q)]:
        for fusion in ("rrf", "bool", "sum") if option != "today" else ("rrf",):
            cells = " | ".join(cell(q.get(f"{option}/{fusion}/{mode}", {}).get(n)) for n in sets for mode in modes)
            lines.append(f"| {option} | {fusion if option != 'today' else '–'} | {cells} |")
    s = results.get("scale")
    if s:
        mb = 1024 * 1024
        columns = ["option", "extra column's index MB", "all FTS MB", "table MB", "extra index build s",
                   "extra column s", "KO p50 / p95 ms", "EN p50 / p95 ms", *sets]  # fmt: skip
        lines += [
            "",
            f"At {s['chunks']:,} chunks ({s['korean_chunks']:,} Korean), keyword search over the whole library:",
            "",
            "| " + " | ".join(columns) + " |",
            "|" + "---|" * len(columns),
        ]
        for option in [o for o in ("today", "ngram", "bigram+q", "kiwi") if o in s]:
            e = s[option]
            for key, v in e.items():
                if not isinstance(v, dict) or "latency" not in v:
                    continue
                lat = v["latency"]

                def ms(lang: str, lat: dict[str, Any] = lat) -> str:
                    return f"{lat[lang]['p50_ms']:.1f} / {lat[lang]['p95_ms']:.1f}" if lang in lat else "–"

                sizes = e["index_bytes"]
                lines.append(
                    f"| {key} | {sizes.get('extra', 0) / mb:.1f} | {sum(sizes.values()) / mb:.1f} "
                    f"| {e['table_bytes'] / mb:.0f} | {e.get('index_extra_s', 0):.1f} | {e.get('tokenise_s', 0):.1f} "
                    f"| {ms('ko')} | {ms('en')} | " + " | ".join(cell(v["quality"].get(n)) for n in sets) + " |"
                )
        lines.append(f"\nKiwi tokenises {s['kiwi_chunks_per_s']:.0f} Korean chunks/s (one thread); the ngram column's "
                     f"text is cut at {s['cjk_text_chunks_per_s']:,.0f} chunks/s.")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000, help="chunks for the scale run (0: skip it)")
    parser.add_argument("--dev", action="store_true", help="this script's own development questions on the Debian FAQ")
    parser.add_argument("--options", type=lambda x: x.split(","), default=list(OPTIONS), help="e.g. today,ngram")
    parser.add_argument("--no-vectors", action="store_true", help="keyword-only quality (no embedding model)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-kw-"))
    try:
        if args.dev:
            docs, queries = faq_documents(), [{**q, "set": f"dev-{q['lang']}"} for q in DEV_QUERIES]
        else:
            docs, queries = labelled_sets(work)
        rows = chunk_texts(docs)
        kiwi = KiwiTokens()
        models = None
        if not args.no_vectors:
            from benchmarks.run import models_dir

            models = models_dir()
        results: dict[str, Any] = {"quality": quality(work, rows, queries, kiwi, models, args.options)}
        if args.chunks:
            results["scale"] = scale(work, args.chunks, rows, queries, kiwi, args.options)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "keyword_korean.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(table_md(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
