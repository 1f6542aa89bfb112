"""The question's language by its script, and what is said when the chat model cannot write it."""

from __future__ import annotations

import pytest

from desktop_gpt.core.chat.languages import language_notice, question_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("보증금은 언제 돌려주나요?", "ko"),
        ("R 패키지는 CRAN에서 어떻게 설치하나요?", "ko"),  # Korean with Latin names
        ("How do I install packages from CRAN?", None),
        ("中国的首都是哪里？", "zh"),
        ("東京の人口はどれくらいですか？", "ja"),  # kanji with kana: Japanese, not Chinese
        ("Ça coûte combien ?", None),
        ("1234 ?!", None),
    ],
)
def test_question_language_by_script(text: str, language: str | None) -> None:
    assert question_language(text) == language


def test_notice_only_when_the_model_cannot_write_the_questions_language() -> None:
    english_only = frozenset({"en"})
    notice = language_notice("SmolLM2-135M-Instruct.Q4_1.gguf", english_only, "보증금은 언제 돌려주나요?")
    assert "cannot write good Korean" in notice and "SmolLM2-135M-Instruct" in notice and "multilingual" in notice
    assert language_notice("SmolLM2", english_only, "When is the deposit returned?") == ""
    assert language_notice("Qwen2.5", frozenset({"en", "ko", "zh"}), "보증금은 언제 돌려주나요?") == ""
    assert language_notice("unknown.gguf", None, "보증금은 언제 돌려주나요?") == "", "unknown: say nothing"
