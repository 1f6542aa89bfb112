"""Watched folders through the real command line: the library follows files that are added,
changed, deleted, moved and renamed (real reader helper, e5 embeddings, LanceDB on disk)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desktop_gpt.core.app.paths import AppPaths
from tests.docs import FILLER
from tests.office_docs import docx_file
from tests.test_cli import run

FACTS = {
    "a.md": "The Tamsin ferry leaves the north quay at seven sharp.",
    "sub/c.txt": "Corran mill grinds buckwheat only on Tuesdays.",
    "d.md": "The Ossory archive keeps the wax seals in drawer nine.",
}
CHANGED = "The Tamsin ferry now leaves the north quay at half past eight."
ADDED = "Lark Hill school planted forty rowan trees along the lane."


@pytest.fixture
def data_dir(app_paths: AppPaths) -> Path:
    return app_paths.data_dir


def sync(data_dir: Path) -> dict:
    done = run(data_dir, "sync", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def names_and_paths(data_dir: Path) -> dict[str, str]:
    return {d["name"]: d["path"] for d in json.loads(run(data_dir, "list", "--json").stdout)}


def top(data_dir: Path, question: str) -> dict:
    return json.loads(run(data_dir, "search", question, "--k", "1", "--json").stdout)[0]


def test_a_watched_folder_is_followed_through_changes_deletions_moves_and_renames(
    data_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "matter"
    for name, fact in FACTS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"{FILLER}\n\n{fact}\n\n{FILLER}\n", encoding="utf-8")
    report = docx_file(folder / "b.docx")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]\n")
    (folder / "~$b.docx").write_bytes(b"lock")

    added = run(data_dir, "watch", "add", str(folder), "--json")
    assert added.returncode == 0, added.stderr
    first = json.loads(added.stdout)  # with --json, stdout is the report alone
    assert "Watching" in added.stderr
    assert sorted(Path(r["path"]).name for r in first["results"] if r["outcome"] == "added") == [
        "a.md", "b.docx", "c.txt", "d.md",
    ]  # fmt: skip
    assert json.loads(run(data_dir, "watch", "list", "--json").stdout) == [str(folder.resolve())]

    again = sync(data_dir)
    assert again["hashed"] == 0 and again["results"] == [] and again["files"] == 4  # nothing read again

    (folder / "a.md").write_text(f"{FILLER}\n\n{CHANGED}\n\n{FILLER}\n", encoding="utf-8")
    (folder / "d.md").unlink()
    (folder / "other").mkdir()
    os.rename(folder / "sub" / "c.txt", folder / "other" / "c.txt")
    os.rename(folder / "b.docx", folder / "bridge report.docx")
    (folder / "e.md").write_text(f"{ADDED}\n", encoding="utf-8")
    changed = sync(data_dir)
    assert sorted((Path(m["from"]).name, Path(m["to"]).name) for m in changed["moved"]) == [
        ("b.docx", "bridge report.docx"), ("c.txt", "c.txt"),
    ]  # fmt: skip
    assert [Path(p).name for p in changed["removed"]] == ["d.md"]
    assert sorted((Path(r["path"]).name, r["outcome"]) for r in changed["results"]) == [
        ("a.md", "replaced"), ("e.md", "added"),
    ]  # fmt: skip

    library = names_and_paths(data_dir)
    assert sorted(library) == ["a.md", "bridge report.docx", "c.txt", "e.md"]
    assert Path(library["c.txt"]).parent.name == "other"
    assert CHANGED in top(data_dir, "When does the Tamsin ferry leave now?")["text"]
    moved = top(data_dir, "Which day does Corran mill grind buckwheat?")
    assert FACTS["sub/c.txt"] in moved["text"] and Path(moved["path"]).parent.name == "other"
    renamed = top(data_dir, report.question)
    assert renamed["document"] == "bridge report.docx" and report.fact in renamed["text"]
    gone = json.loads(run(data_dir, "search", "Where are the wax seals of the Ossory archive?", "--json").stdout)
    assert all(FACTS["d.md"] not in h["text"] for h in gone)

    removed = run(data_dir, "watch", "remove", str(folder))
    assert removed.returncode == 0 and "stay in the library" in removed.stdout
    assert json.loads(run(data_dir, "watch", "list", "--json").stdout) == []
    assert len(names_and_paths(data_dir)) == 4


def test_watching_refuses_what_cannot_be_watched(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert "not a folder" in run(data_dir, "watch", "add", str(tmp_path / "missing"), "--no-sync").stderr
    assert run(data_dir, "watch", "add", str(tmp_path), "--no-sync").returncode == 0
    assert "inside a folder already watched" in run(data_dir, "watch", "add", str(tmp_path / "a")).stderr
    assert "already watched" in run(data_dir, "watch", "add", str(tmp_path)).stderr
    assert "not a watched folder" in run(data_dir, "watch", "remove", str(tmp_path / "a")).stderr
