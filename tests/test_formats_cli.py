"""A folder as people keep it — Word, slides, sheets, web pages, e-books, HWPX, code — added through
the real command line (real reader helper, real e5 embeddings, real LanceDB), then found by
questions in other words; the files that cannot be read are refused in their own rows."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from desktop_gpt.core.app.paths import AppPaths
from tests.office_docs import build_all, docx_file
from tests.test_cli import run


@pytest.fixture
def data_dir(app_paths: AppPaths) -> Path:
    return app_paths.data_dir


def test_office_documents_are_added_found_and_cited_where_they_say_it(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "matter"
    built = build_all(folder)
    (folder / "minutes.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    (folder / "~$report.docx").write_bytes(b"owner file of an open document")
    bomb = docx_file(tmp_path / "bomb.docx").path
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", bytes(64 * 2**20))
    (folder / "bomb.docx").write_bytes(bomb.read_bytes())

    ingest = run(data_dir, "ingest", str(folder), "--json")
    assert "Traceback" not in ingest.stderr
    results = {Path(r["path"]).name: r for r in json.loads(ingest.stdout)["results"]}
    assert "~$report.docx" not in results
    assert {name: results[name]["outcome"] for name in built} == dict.fromkeys(built, "added")
    assert results["minutes.doc"]["reason"] == "old file format"
    assert "save it as .docx" in results["minutes.doc"]["detail"]
    assert results["bomb.docx"]["outcome"] == "failed" and "zip bomb" in results["bomb.docx"]["detail"]

    listing = {d["name"]: d for d in json.loads(run(data_dir, "list", "--json").stdout)}
    assert listing["quarterly.pptx"]["kind"] == "pptx" and listing["quarterly.pptx"]["pages"] == 3
    assert listing["report.docx"]["title"] == "Bridge inspection report"

    for name, document in built.items():
        search = run(data_dir, "search", document.question, "--k", "3", "--json")
        assert search.returncode == 0, search.stderr
        hits = json.loads(search.stdout)
        found = [h for h in hits if h["document"] == name and document.fact in h["text"]]
        assert found, f"{name}: {document.question!r} found {[(h['document'], h['text'][:60]) for h in hits]}"
        assert found[0]["location"], f"{name}: its passage has no location"

    plain = run(data_dir, "search", "How did sales of the Orinoco line change this quarter?", "--k", "1")
    assert "quarterly.pptx, Slide 2 · Results" in plain.stdout
