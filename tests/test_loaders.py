from __future__ import annotations

from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    NoTextLayerError,
    UnsupportedFileError,
)
from desktop_gpt.core.documents.loaders import load_document
from tests.docs import FACTS, encrypted_pdf, facts_pdf, image_only_pdf, truncated_copy


def test_pdf_pages_keep_numbers_text_and_metadata(tmp_path: Path) -> None:
    doc = load_document(facts_pdf(tmp_path / "facts.pdf"))
    assert doc.kind == "pdf"
    assert doc.page_count == 4
    assert [p.number for p in doc.pages] == [1, 2, 3, 4]
    for page in doc.pages:
        assert " ".join(FACTS[page.number].split()) in " ".join(page.text.split())
    assert doc.title == "Notes from the Northern Districts"
    assert doc.author == "A. Clerk"


def test_encrypted_pdf_with_empty_user_password_opens(tmp_path: Path) -> None:
    source = facts_pdf(tmp_path / "facts.pdf")
    doc = load_document(encrypted_pdf(tmp_path / "open.pdf", source, user_password=""))
    assert "Ottilie Brask" in doc.pages[0].text


def test_password_protected_pdf_is_reported(tmp_path: Path) -> None:
    source = facts_pdf(tmp_path / "facts.pdf")
    with pytest.raises(EncryptedDocumentError) as info:
        load_document(encrypted_pdf(tmp_path / "locked.pdf", source, user_password="hunter2"))
    assert info.value.reason == "password-protected"
    assert "password" in str(info.value)


def test_scanned_pdf_without_text_layer_is_reported(tmp_path: Path) -> None:
    with pytest.raises(NoTextLayerError) as info:
        load_document(image_only_pdf(tmp_path / "scan.pdf"))
    assert "scanned" in info.value.reason


@pytest.mark.parametrize("keep", [0.05, 0.4, 0.8])
def test_truncated_pdf_is_corrupt_not_a_crash(tmp_path: Path, keep: float) -> None:
    source = facts_pdf(tmp_path / "facts.pdf")
    broken = truncated_copy(tmp_path / "broken.pdf", source, keep)
    try:
        doc = load_document(broken)
    except (CorruptDocumentError, NoTextLayerError, EmptyDocumentError) as exc:
        assert exc.detail
    else:  # pypdf recovers some truncations; then what it read must be real text
        assert doc.pages and all(p.text.strip() for p in doc.pages)


def test_garbage_named_pdf_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"This is not a PDF at all, just some bytes." * 10)
    with pytest.raises(CorruptDocumentError):
        load_document(path)


def test_text_and_markdown(tmp_path: Path) -> None:
    md = tmp_path / "notes.md"
    md.write_text("# Field notes\n\nThe heron nests by the mill pond.\n", encoding="utf-8")
    doc = load_document(md)
    assert doc.title == "Field notes"
    assert doc.pages[0].number == 1 and "heron" in doc.pages[0].text
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Café crème at the quay.".encode("cp1252"))
    assert "Café" in load_document(latin).pages[0].text


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("empty.txt", b"", EmptyDocumentError),
        ("blank.md", b"   \n\n  ", EmptyDocumentError),
        ("binary.txt", b"\x00\x01\x02binary" * 100, CorruptDocumentError),
        ("sheet.xlsx", b"PK\x03\x04", UnsupportedFileError),
    ],
)
def test_bad_text_inputs(tmp_path: Path, name: str, content: bytes, error: type[Exception]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error):
        load_document(path)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(DocumentTooLargeError):
        load_document(path, max_bytes=1000)
