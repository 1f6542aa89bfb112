from __future__ import annotations

from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    NoTextLayerError,
    UnknownEncodingError,
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
        ("sheet.xlsx", b"PK\x03\x04", CorruptDocumentError),  # a truncated workbook
        ("photo.png", b"\x89PNG\r\n\x1a\n", UnsupportedFileError),
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


KOREAN = "계약서의 제3조에 따라 임대인은 보증금을 반환하여야 한다. 회의록은 매주 금요일에 작성된다.\n" * 3
JAPANESE = "契約書の第三条に従い、貸主は敷金を返還しなければならない。会議録は毎週金曜日に作成される。\n" * 3
CHINESE = "根据合同第三条，出租人应当返还押金。会议记录每周五编写。\n" * 3
FRENCH = "Le café du coin sert un résumé de la réunion à 5 € — naïf mais efficace.\n" * 3


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        (KOREAN, "cp949", "cp949 (Korean)"),
        (KOREAN, "euc_kr", "cp949 (Korean)"),  # cp949 is a superset of EUC-KR: the same text
        (JAPANESE, "shift_jis", "cp932 (Japanese)"),
        (CHINESE, "gb18030", "gb18030 (Chinese)"),
        (FRENCH, "cp1252", "cp1252 (Latin script)"),
        (KOREAN + FRENCH, "utf-8", "UTF-8"),
        (KOREAN + FRENCH, "utf-8-sig", "UTF-8"),
        (KOREAN + FRENCH, "utf-16", "UTF-16"),
    ],
)
def test_text_files_in_any_common_encoding_read_as_written(tmp_path: Path, text: str, codec: str, label: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(text.encode(codec))
    document = load_document(path)
    assert document.pages[0].text == text
    assert document.encoding == label


def test_a_text_whose_encoding_cannot_be_told_is_refused_not_garbled(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("계약서".encode("cp949"))  # these 6 bytes are also valid Big5, EUC-JP and GB18030
    with pytest.raises(UnknownEncodingError) as raised:
        load_document(path)
    assert raised.value.reason == "unknown text encoding"
    assert "cp949 (Korean)" in raised.value.detail and "Save it as UTF-8" in raised.value.detail
