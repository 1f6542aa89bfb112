"""Ingest → store → search on the real engines: GPT4All embeddings, LanceDB on disk, generated PDFs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import DocumentNotFoundError
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.app.workspace import Workspace
from desktop_gpt.core.index.ingest import IngestProgress
from desktop_gpt.core.index.store import chunks_table_name
from tests.docs import FACTS, FILLER, encrypted_pdf, facts_pdf, image_only_pdf, truncated_copy, write_pdf


def _table_version(ws: Workspace) -> int:
    return ws.store._db.open_table(chunks_table_name(ws.embedding_model_id)).version


def test_ingest_then_search_finds_the_right_page(workspace: Workspace, tmp_path: Path) -> None:
    pdf = facts_pdf(tmp_path / "districts.pdf")
    progress: list[IngestProgress] = []
    report = workspace.ingest([pdf], on_progress=progress.append)

    assert [r.outcome for r in report.results] == ["added"]
    assert report.results[0].pages == 4 and report.chunks >= 4
    assert {p.stage for p in progress} >= {"reading", "embedding", "added"}
    assert progress[-1].overall == pytest.approx(1.0)

    questions = {
        "Who keeps the lighthouse on Varnholm Island?": 1,
        "How much rain falls in the Quorra valley each year?": 2,
        "When was the Teslin river bridge rebuilt?": 3,
        "When do glass eels migrate up the estuary?": 4,
    }
    for mode in ("vector", "hybrid"):
        for question, page in questions.items():
            hits = workspace.search(question, k=3, mode=mode)
            assert hits, question
            assert (hits[0].document, hits[0].page) == ("districts.pdf", page), (mode, question, hits[0])
    fts = workspace.search("lighthouse keeper Varnholm", k=3, mode="fts")
    assert fts[0].page == 1 and fts[0].keyword_score and fts[0].keyword_score > 0


def test_hybrid_finds_an_exact_rare_term_that_vector_search_misses(workspace: Workspace, tmp_path: Path) -> None:
    decoys = [
        f"Crate inventory. Crate code ZX4471Q{letter} was loaded onto the barge with crates of tin and "
        f"copper. The crate manifest lists crate code ZX4471Q{letter} twice."
        for letter in "ABCDEFGHJKLN"
    ]
    target = (
        "Weather diary for the week: cold fog over the harbour on Monday, rain by Wednesday, and the "
        "gulls sheltering on the breakwater. Noted in passing: ZX4471QM."
    )
    pages = [*decoys[:6], target, *decoys[6:]]
    write_pdf(tmp_path / "manifest.pdf", pages)
    workspace.ingest([tmp_path / "manifest.pdf"])
    query = "ZX4471QM"

    vector = workspace.search(query, k=1, mode="vector")
    hybrid = workspace.search(query, k=1, mode="hybrid")
    assert vector[0].page != 7, "precondition: plain vector search ranks a look-alike code first"
    assert hybrid[0].page == 7
    assert "ZX4471QM" in hybrid[0].text


def test_a_pasted_paragraph_is_cut_to_its_telling_terms_and_still_finds_the_page(
    workspace: Workspace, tmp_path: Path
) -> None:
    from desktop_gpt.core.index.ranking import MAX_KEYWORD_TERMS
    from desktop_gpt.core.index.store import DocumentStore

    pdf = facts_pdf(tmp_path / "districts.pdf")
    workspace.ingest([pdf])
    filler = " ".join(f"word{i} and the word{i}" for i in range(40))
    paragraph = f"{filler} Who keeps the lighthouse on Varnholm Island these days?"

    terms = DocumentStore.keyword_query(paragraph).split()
    assert len(terms) == MAX_KEYWORD_TERMS and len(set(terms)) == len(terms)
    assert "lighthouse" in terms and "varnholm" in terms and "the" not in terms
    assert DocumentStore.keyword_query("the and of what") == ""  # only stop words: no keyword search at all
    hits = workspace.search(paragraph, k=1, mode="fts")
    assert (hits[0].document, hits[0].page) == ("districts.pdf", 1)


def test_reingest_is_a_no_op(workspace: Workspace, tmp_path: Path) -> None:
    pdf = facts_pdf(tmp_path / "a.pdf")
    workspace.ingest([pdf])
    before_version = _table_version(workspace)
    before = workspace.store.count_chunks(workspace.embedding_model_id)

    copy = tmp_path / "copy-of-a.pdf"
    copy.write_bytes(pdf.read_bytes())
    report = workspace.ingest([pdf, copy])

    assert [r.outcome for r in report.results] == ["unchanged", "unchanged"]
    assert workspace.store.count_chunks(workspace.embedding_model_id) == before
    assert _table_version(workspace) == before_version
    assert len(workspace.library()) == 1


def test_changed_file_replaces_its_old_chunks_and_embeds_only_what_changed(
    workspace: Workspace, tmp_path: Path
) -> None:
    pdf = facts_pdf(tmp_path / "notes.pdf")
    first_report = workspace.ingest([pdf])
    first = first_report.results[0]
    facts_pdf(pdf, extra={2: "The annual rainfall in the Quorra valley is 977 millimetres after the dam."})
    second_report = workspace.ingest([pdf])
    second = second_report.results[0]

    # Pages 1, 3 and 4 are as they were: their vectors are reused, only page 2's chunks are embedded.
    unchanged_pages = [
        c for c in workspace.store.chunks_of(workspace.embedding_model_id, second.doc_id) if c["page"] != 2
    ]
    assert second_report.reused_chunks == len(unchanged_pages) > 0
    assert 0 < second_report.tokens_embedded < first_report.tokens_embedded / 2

    assert second.outcome == "replaced" and second.doc_id != first.doc_id
    assert [e.record.doc_id for e in workspace.library()] == [second.doc_id]
    assert workspace.store.count_chunks(workspace.embedding_model_id, first.doc_id) == 0
    hits = workspace.search("Quorra valley rainfall", k=5, mode="hybrid")
    assert hits[0].doc_id == second.doc_id
    assert all("412" not in h.text for h in hits)
    assert "977" in hits[0].text


def test_remove_removes_every_chunk(workspace: Workspace, tmp_path: Path) -> None:
    keep = write_pdf(tmp_path / "keep.pdf", [f"{FILLER} The otters of Lake Mirn eat crayfish."])
    drop = facts_pdf(tmp_path / "drop.pdf")
    report = workspace.ingest([keep, drop])
    drop_id = report.results[1].doc_id
    assert drop_id is not None

    workspace.store.remove_document(drop_id)

    assert workspace.store.count_chunks(workspace.embedding_model_id, drop_id) == 0
    assert [e.record.name for e in workspace.library()] == ["keep.pdf"]
    assert all(h.doc_id != drop_id for h in workspace.search("lighthouse keeper Varnholm", k=5, mode="hybrid"))
    with pytest.raises(DocumentNotFoundError):
        workspace.store.remove_document(drop_id)


def test_bad_files_fail_clearly_while_good_ones_land(workspace: Workspace, tmp_path: Path) -> None:
    good = facts_pdf(tmp_path / "good.pdf")
    locked = encrypted_pdf(tmp_path / "locked.pdf", good, user_password="s3cret")
    scan = image_only_pdf(tmp_path / "scan.pdf")
    broken = truncated_copy(tmp_path / "broken.pdf", good, keep=0.05)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    damaged = tmp_path / "slides.pptx"
    damaged.write_bytes(b"PK\x03\x04 not really")
    unsupported = tmp_path / "photo.png"
    unsupported.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    notes = tmp_path / "notes.md"
    notes.write_text("# Garden\n\nThe quince tree by the wall flowers in May.\n")

    report = workspace.ingest([locked, scan, broken, good, empty, damaged, unsupported, notes])
    outcome = {r.path.name: (r.outcome, r.reason) for r in report.results}

    assert outcome["good.pdf"] == ("added", "")
    assert outcome["notes.md"] == ("added", "")
    assert outcome["locked.pdf"] == ("failed", "password-protected")
    assert outcome["scan.pdf"] == ("failed", "no text layer — scanned?")
    assert outcome["broken.pdf"][0] == "failed"
    assert outcome["empty.txt"] == ("failed", "empty")
    assert outcome["slides.pptx"] == ("failed", "corrupt or truncated")
    assert outcome["photo.png"] == ("unsupported", "unsupported file type")
    assert all(r.detail for r in report.results if r.outcome in ("failed", "unsupported"))

    library = {e.record.name: e.status for e in workspace.library()}
    assert library["good.pdf"] == "ready" and library["notes.md"] == "ready"
    assert library["locked.pdf"] == "failed"
    assert workspace.search("quince tree flowering", k=1, mode="hybrid")[0].document == "notes.md"


def test_folders_are_ingested_recursively(workspace: Workspace, tmp_path: Path) -> None:
    root = tmp_path / "library"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "top.txt").write_text("The kestrel hovers over the verge.")
    (root / "sub" / "deeper" / "deep.md").write_text("The badger sett is under the beech.")
    (root / ".hidden" / "secret.txt").write_text("Never index hidden folders.")
    report = workspace.ingest([root])
    assert sorted(r.path.name for r in report.results) == ["deep.md", "top.txt"]


def test_cancel_keeps_what_was_stored_and_stores_nothing_partial(workspace: Workspace, tmp_path: Path) -> None:
    first = facts_pdf(tmp_path / "first.pdf")
    second = write_pdf(
        tmp_path / "second.pdf", [f"{FILLER} {FILLER} Page {n} of the long report." for n in range(1, 41)]
    )
    workspace.ingest([first])
    stored = workspace.store.count_chunks(workspace.embedding_model_id)

    def cancel_midway_through_second() -> bool:
        return bool(seen) and seen[-1].path.name == "second.pdf" and seen[-1].stage == "embedding"

    seen: list[IngestProgress] = []
    report = workspace.ingest([second], on_progress=seen.append, should_cancel=cancel_midway_through_second)

    assert report.cancelled
    assert [r.outcome for r in report.results] == ["cancelled"]
    assert workspace.store.count_chunks(workspace.embedding_model_id) == stored
    assert [e.record.name for e in workspace.library()] == ["first.pdf"]


def test_embedding_model_change_marks_documents_for_reindex(
    app_paths, settings: Settings, tmp_path: Path, starter_models: dict[str, Path]
) -> None:
    pdf = facts_pdf(tmp_path / "facts.pdf")
    ws = Workspace(app_paths, settings)
    try:
        ws.ingest([pdf])
        assert [e.status for e in ws.library()] == ["ready"]
    finally:
        ws.close()

    # A second embedding model: the same weights under another file name is another vector space.
    other = app_paths.models_dir / "other-embedder.gguf"
    other.symlink_to(starter_models["embedding"])
    ws = Workspace(app_paths, settings.with_changes(embedding_model="other-embedder.gguf"))
    try:
        assert [e.status for e in ws.library()] == ["needs re-index"]
        assert ws.search("lighthouse keeper", k=3, mode="hybrid") == [], "vectors of another model are never used"
        report = ws.reindex()  # every document that needs it
        assert [(r.path, r.outcome) for r in report.results] == [(pdf.resolve(), "replaced")]
        assert [e.status for e in ws.library()] == ["ready"]
        assert ws.search("Who keeps the lighthouse?", k=1, mode="vector")[0].page == 1
    finally:
        ws.close()


def test_a_library_from_before_generations_opens_and_keeps_its_documents(
    app_paths, settings: Settings, tmp_path: Path
) -> None:
    """Stores written before chunks carried a generation, a location and a text hash are migrated
    once, in place, on open; their vectors serve the cache of the next ingest."""
    import lancedb
    import pyarrow as pa

    from desktop_gpt.core.index.store import chunks_table_name

    ws = Workspace(app_paths, settings)
    try:
        doc_id = ws.ingest([facts_pdf(tmp_path / "facts.pdf")]).results[0].doc_id
        model = ws.embedding_model_id
    finally:
        ws.close()
    db = lancedb.connect(str(app_paths.store_dir))
    later = {"documents": ["generation", "chunker"], chunks_table_name(model): ["generation", "location", "text_hash"]}
    for name, columns in later.items():  # rewrite both tables without the columns added since
        rows = db.open_table(name).to_arrow().drop_columns(columns)
        db.drop_table(name)
        db.create_table(name, data=rows, schema=pa.schema([f for f in rows.schema]))
    reopened = Workspace(app_paths, settings)
    try:
        assert [d.status for d in reopened.store.list_documents()] == ["ready"]
        assert reopened.store.count_chunks(model, doc_id) == reopened.store.count_chunks(model) > 0
        assert reopened.search("Who keeps the lighthouse?", k=1, mode="hybrid")[0].page == 1
        assert reopened.notices == []
        rows = reopened.store.chunks_of(model, doc_id)
        assert all(r["text_hash"] == hashlib.md5(r["text"].encode()).hexdigest() and r["location"] == "" for r in rows)
        # Cut by an older chunker: listed as needing re-indexing, which brings it up to date.
        assert [e.needs_reindex for e in reopened.library()] == [True]
        assert reopened.reindex().count("replaced") == 1
        assert [e.needs_reindex for e in reopened.library()] == [False]
        copy = tmp_path / "same words.pdf"
        copy.write_bytes((tmp_path / "facts.pdf").read_bytes() + b"% a copy\n")  # other bytes, same text
        report = reopened.ingest([copy])
        assert report.results[0].outcome == "added" and report.reused_chunks == len(rows)
        assert report.tokens_embedded == 0
    finally:
        reopened.close()


def test_engines_plug_into_langchain_as_embeddings(workspace: Workspace) -> None:
    from langchain_core.vectorstores import InMemoryVectorStore

    from desktop_gpt.core.index.langchain_adapters import EngineEmbeddings

    embeddings = EngineEmbeddings(workspace.embedder)
    store = InMemoryVectorStore(embeddings)
    store.add_texts(["The heron nests by the mill pond.", "Invoices are due within thirty days."])
    assert store.similarity_search("Where does the heron nest?", k=1)[0].page_content.startswith("The heron")
    assert embeddings.embed_query("x") == workspace.embedder.embed_query("x")


WARM_RUN = """
import sys
from pathlib import Path
from desktop_gpt.core.index.ingest import warm_up
from desktop_gpt.core.app.paths import AppPaths
from desktop_gpt.core.app.settings import Settings
from desktop_gpt.core.app.workspace import Workspace
paths = AppPaths(Path(sys.argv[1]), Path(sys.argv[1]) / "config")
ws = Workspace(paths, Settings(cpu_threads=2))
ws.embedder, ws.library(), warm_up()
before = set(sys.modules)
report = ws.ingest([Path(sys.argv[2])])
print("NEW", sorted(set(sys.modules) - before), report.results[0].outcome)
"""


def test_warm_up_leaves_the_first_ingest_nothing_to_import(app_paths, tmp_path: Path) -> None:
    """Imports hold the GIL: done mid-indexing they froze the window, so the app does them at start-up."""
    import subprocess
    import sys

    pdf = facts_pdf(tmp_path / "districts.pdf")
    proc = subprocess.run(
        [sys.executable, "-c", WARM_RUN, str(app_paths.data_dir), str(pdf)], capture_output=True, text=True, timeout=300
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("NEW")), proc.stderr[-2000:])
    assert line == "NEW [] added", line[:2000]


def test_reindex_cancelled_half_way_keeps_every_document_searchable(
    app_paths, settings: Settings, tmp_path: Path
) -> None:
    pdfs = [facts_pdf(tmp_path / f"volume{i}.pdf", extra={5: f"This is volume {i} of the notes."}) for i in range(3)]
    ws = Workspace(app_paths, settings)
    try:
        assert ws.ingest(pdfs).count("added") == 3
        change = ws.change_settings(chunk_size=600)
        assert change.reindex_keys == ["chunk_size"] and len(change.documents_to_reindex) == 3
        assert change.changes.documents and change.changes.settings
        assert {e.status for e in ws.library()} == {"needs re-index"}

        finished: list[IngestProgress] = []

        def cancel_after_the_first() -> bool:
            return any(p.stage in ("added", "replaced") for p in finished)

        report = ws.reindex(on_progress=finished.append, should_cancel=cancel_after_the_first)
        assert report.cancelled
        assert [r.outcome for r in report.results] == ["replaced", "cancelled", "cancelled"]
        library = ws.library()
        assert len(library) == 3, "no document is lost when a re-index is cancelled"
        assert sorted(e.status for e in library) == ["needs re-index", "needs re-index", "ready"]
        for entry in library:  # every document, re-indexed or not, still answers from its passages
            hits = ws.search("Who keeps the lighthouse?", k=1, mode="hybrid", doc_ids=[entry.record.doc_id])
            assert hits and hits[0].page == 1, entry.record.name

        rest = ws.reindex()
        assert [r.outcome for r in rest.results] == ["replaced", "replaced"] and rest.changes.documents
        assert {e.status for e in ws.library()} == {"ready"}
    finally:
        ws.close()


def test_the_onnx_engine_matches_an_independent_reference_engine(app_paths) -> None:
    """The int8 ONNX export against the same model in f16 run by GPT4All's llama.cpp engine: an
    independent implementation (own tokenizer, own pooling) must give the same vectors."""
    import numpy as np

    from desktop_gpt.core.index.embeddings import open_embedding_engine

    onnx = open_embedding_engine(app_paths.models_dir, "all-MiniLM-L6-v2-int8.onnx", n_threads=2)
    reference = open_embedding_engine(app_paths.models_dir, "all-MiniLM-L6-v2.f16.gguf", n_threads=2)
    # Passages within the model's 256 tokens (longer ones are cut by the ONNX engine but averaged over
    # windows by GPT4All's, so those differ by design: cosine 0.955 for a 2,000-character text).
    texts = [FACTS[1], FACTS[4], "How do I install a package from CRAN in R?", "Short.", FILLER]
    try:
        ours, theirs = np.array(onnx.embed_documents(texts)), np.array(reference.embed_documents(texts))
        cosines = (ours * theirs).sum(1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(theirs, axis=1)
        assert cosines.min() >= 0.995, cosines
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-3), "vectors are L2-normalised"
        q_ours = np.array(onnx.embed_query("Who keeps the lighthouse?"))
        q_ref = np.array(reference.embed_query("Who keeps the lighthouse?"))
        assert list(np.argsort(-(ours @ q_ours))) == list(np.argsort(-(theirs @ q_ref))), "same ranking"
    finally:
        onnx.close()
        reference.close()


def test_legacy_encoded_text_is_indexed_as_written_and_an_ambiguous_one_is_said(
    workspace: Workspace, tmp_path: Path
) -> None:
    korean = "임대차 계약서 제3조: 임대인은 계약이 끝나면 보증금을 돌려준다. 회의록은 매주 금요일에 작성한다.\n" * 4
    legacy = tmp_path / "계약.txt"
    legacy.write_bytes(korean.encode("cp949"))
    ambiguous = tmp_path / "short.txt"
    ambiguous.write_bytes("계약서".encode("cp949"))
    report = workspace.ingest([legacy, ambiguous])
    outcomes = {r.path.name: (r.outcome, r.reason) for r in report.results}
    assert outcomes == {"계약.txt": ("added", ""), "short.txt": ("failed", "unknown text encoding")}
    records = {d.name: d for d in workspace.store.list_documents()}
    assert records["계약.txt"].encoding == "cp949 (Korean)"
    assert records["short.txt"].error == "unknown text encoding"
    chunks = workspace.store.chunks_of(workspace.embedding_model_id, records["계약.txt"].doc_id)
    assert "보증금을 돌려준다" in chunks[0]["text"], "stored as the Korean it is, not as cp1252 garbage"


#: A lease in Korean: the first passage has 계약서 only with particles glued to it (계약서를, 계약서에).
KOREAN_LEASE = (
    "제1조 임대인은 계약서를 두 부 작성하여 임차인과 한 부씩 나누어 가진다. 임차인은 계약서에 적힌 날짜까지 "
    "보증금을 낸다.\n\n"
    + "제2조 임차인은 매달 말일에 월세를 임대인의 은행 계좌로 보낸다. 관리비는 따로 계산한다. " * 8
    + "\n\n"
    + "제3조 건물의 수리는 임대인이 맡고, 전구와 수도꼭지 같은 작은 소모품은 임차인이 바꾼다. " * 8
)
KOREAN_MINUTES = [
    "회의 안건: 봄 축제 준비, 주차장 포장 공사, 도서관 개관 시간 연장.",
    "결정 사항: 이사회는 매주 금요일 오후에 모인다.",
]


def _words_index_only(ws: Workspace, word: str) -> list[dict[str, object]]:
    """What the word index alone (today's tokenizer: words, English stemming) finds for ``word``."""
    from lancedb.query import MatchQuery

    table = ws.store._db.open_table(chunks_table_name(ws.embedding_model_id))
    return table.search(MatchQuery(word, "text"), query_type="fts").select(["text"]).to_list()


def test_korean_keyword_search_finds_a_word_under_its_particle(workspace: Workspace, tmp_path: Path) -> None:
    """계약서 finds the passage that only says 계약서를 / 계약서에 (a CP949 text file), in keyword and in
    hybrid search; a Korean PDF (NanumGothic) is found the same way; English keeps its stemming."""
    from tests.docs import korean_pdf

    lease = tmp_path / "임대차.txt"
    lease.write_bytes(KOREAN_LEASE.encode("cp949"))
    minutes = korean_pdf(tmp_path / "회의록.pdf", KOREAN_MINUTES)
    workspace.ingest([facts_pdf(tmp_path / "districts.pdf")])  # the keyword indexes exist before Korean arrives
    report = workspace.ingest([lease, minutes])
    assert [r.outcome for r in report.results] == ["added", "added"]
    assert _words_index_only(workspace, "계약서") == [], "precondition: the word index alone cannot find it"

    for mode in ("fts", "hybrid"):
        hits = workspace.search("계약서", k=3, mode=mode)
        assert hits and hits[0].document == "임대차.txt", (mode, hits)
        assert "계약서를" in hits[0].text and hits[0].keyword_score and hits[0].keyword_score > 0
        question = workspace.search("이사회가 언제 모이나요?", k=1, mode=mode)
        assert (question[0].document, question[0].page) == ("회의록.pdf", 2), (mode, question)
    workspace.store.optimize()  # folded into the indexes: the same answers
    assert workspace.search("계약서가 몇 부인가요?", k=1, mode="fts")[0].text.startswith("제1조")
    assert workspace.search("lighthouse keepers", k=1, mode="fts")[0].page == 1, "English still stems"


def test_a_library_from_before_the_korean_index_gains_it_on_open(app_paths, settings: Settings, tmp_path: Path) -> None:
    """A store written before the CJK column: a reading command (no repair) still searches by words;
    opening it to write fills the column from the text in one step and indexes it."""
    import lancedb

    from desktop_gpt.core.index.ranking import cjk_text
    from desktop_gpt.core.index.store import CJK_COLUMN, DocumentStore

    lease = tmp_path / "임대차.txt"
    lease.write_bytes(KOREAN_LEASE.encode("cp949"))
    ws = Workspace(app_paths, settings)
    try:
        doc_id = ws.ingest([lease]).results[0].doc_id
        model = ws.embedding_model_id
    finally:
        ws.close()
    table = lancedb.connect(str(app_paths.store_dir)).open_table(chunks_table_name(model))
    for index in table.list_indices():
        if CJK_COLUMN in index.columns:
            table.drop_index(index.name)
    table.drop_columns([CJK_COLUMN])

    reader = DocumentStore(app_paths.store_dir, repair=False)
    assert CJK_COLUMN not in reader._chunks_table(model).schema.names
    assert reader.search(model, query_text="계약서", query_vector=None, k=3, mode="fts") == []
    assert reader.search(model, query_text="계약서를", query_vector=None, k=3, mode="fts"), "words still work"

    reopened = Workspace(app_paths, settings)
    try:
        assert [d.status for d in reopened.store.list_documents()] == ["ready"] and reopened.notices == []
        rows = reopened.store.chunks_of(model, doc_id)
        assert rows and all(r[CJK_COLUMN] == cjk_text(r["text"]) for r in rows), "SQL and Python agree"
        hits = reopened.search("계약서", k=1, mode="fts")
        assert hits and "계약서를" in hits[0].text
    finally:
        reopened.close()
