"""Which language a question is in (by its script), and whether the chat model can answer in it.

A small English-only model asked in Korean answers in English or in broken Korean; the person is
told so once, with the catalog's multilingual models as the way out.
"""

from __future__ import annotations

import unicodedata

#: Languages told apart by script alone, with their names for messages.
SCRIPT_LANGUAGES = {"ko": "Korean", "ja": "Japanese", "zh": "Chinese"}


def question_language(text: str) -> str | None:
    """ "ko", "ja" or "zh" when most letters of ``text`` are of that script; None otherwise (Latin
    script and others: their languages cannot be told apart by script)."""
    counts = {"ko": 0, "kana": 0, "han": 0, "other": 0}
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("HANGUL"):
            counts["ko"] += 1
        elif name.startswith(("HIRAGANA", "KATAKANA")):
            counts["kana"] += 1
        elif name.startswith("CJK UNIFIED"):
            counts["han"] += 1
        else:
            counts["other"] += 1
    letters = sum(counts.values())
    if not letters:
        return None
    if counts["ko"] >= 0.3 * letters:
        return "ko"
    if counts["kana"] and counts["kana"] + counts["han"] >= 0.3 * letters:
        return "ja"
    if counts["han"] >= 0.3 * letters:
        return "zh"
    return None


def language_notice(model_name: str, model_languages: frozenset[str] | None, question: str) -> str:
    """What to say when the model cannot write the question's language ("" when it can or when
    either is unknown)."""
    language = question_language(question)
    if language is None or model_languages is None or language in model_languages:
        return ""
    return (
        f"The chat model {model_name} writes {', '.join(sorted(model_languages)) or 'en'} only: it cannot "
        f"write good {SCRIPT_LANGUAGES[language]}, so its answer may be in English or garbled. For answers "
        "in the question's language, install a multilingual chat model (Models: the catalog marks them "
        "“multilingual”; Qwen2.5 1.5B Instruct writes Korean, Chinese and Japanese) and choose it."
    )
