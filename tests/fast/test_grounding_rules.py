"""The answer check's rules without a model: sentences, passages, terms, model size, the setting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_gpt.core.app.errors import SettingsError
from desktop_gpt.core.app.settings import SCHEMA_VERSION, Settings, load_settings
from desktop_gpt.core.chat.grounding import (
    answer_sentences,
    format_extract,
    is_negated,
    leads_with_quotes,
    parameters_from_name,
    passage_sentences,
    says_sources_do_not_tell,
)

ANSWER = """R is named after its authors [1]. It is also a play on S, e.g. the Bell Labs language. [2]

## Why the name

- The name comes from Robert Gentleman and Ross Ihaka [1].
- A second item
  that goes on.

```r
R_FOREIGNER <- function(x) x
```

R은 통계 언어입니다. 보증금은 30일 안에 돌려줍니다 [2]. Dr. Smith agrees.
"""


def test_an_answer_splits_into_sentences_with_their_markers_and_offsets() -> None:
    sentences = answer_sentences(ANSWER)
    assert [s.text for s in sentences] == [
        "R is named after its authors [1].",
        "It is also a play on S, e.g. the Bell Labs language. [2]",
        "Why the name",
        "The name comes from Robert Gentleman and Ross Ihaka [1].",
        "A second item\n  that goes on.",
        "R은 통계 언어입니다.",
        "보증금은 30일 안에 돌려줍니다 [2].",
        "Dr. Smith agrees.",
    ], "headings and list items are sentences; code is not checked"
    assert all(ANSWER[s.start : s.end] == s.text for s in sentences)
    assert [s.sources for s in sentences[:2]] == [(1,), (2,)]


def test_a_passage_splits_into_whole_sentences_and_headings() -> None:
    text = (
        "2.12 Why is R named R?\nThe name is partly based on the (first) names of the first two R authors "
        "(Robert Gentleman\nand Ross Ihaka), and partly a play on the name of the Bell Labs language ‘S’ "
        "(see Section 3.1\n[What is S?], page 12).\nIt was founded to provide sup-\nport for"
    )
    assert passage_sentences(text) == (
        "2.12 Why is R named R?",
        "The name is partly based on the (first) names of the first two R authors (Robert Gentleman and Ross "
        "Ihaka), and partly a play on the name of the Bell Labs language ‘S’ (see Section 3.1 [What is S?], page 12).",
        "It was founded to provide support for",
    )


def test_negations_and_answers_that_the_sources_do_not_tell() -> None:
    assert is_negated("It carries no trains.") and is_negated("기를 수 없다.") and is_negated("It isn't so.")
    assert not is_negated("It carries trains.") and not is_negated("30일 안에 돌려준다.")
    assert says_sources_do_not_tell("The sources do not say how old the lighthouse is.")
    assert says_sources_do_not_tell("문서에는 이자에 대한 정보가 없습니다.")
    assert not says_sources_do_not_tell("The lighthouse is not old.")


@pytest.mark.parametrize(
    ("name", "parameters", "quotes"),
    [
        ("SmolLM2-135M-Instruct.Q4_1.gguf", 134_515_008, True),
        ("qwen2.5-0.5b-instruct-q4_k_m.gguf", None, True),
        ("qwen2.5:0.5b", None, True),
        ("Llama-3.2-1B-Instruct-Q4_K_M.gguf", 1_235_814_400, False),
        ("llama3.2:3b", None, False),
        ("my-model.gguf", None, False),  # unknown size: trusted
    ],
)
def test_small_models_lead_with_quotes(name: str, parameters: int | None, quotes: bool) -> None:
    assert leads_with_quotes("auto", name, parameters) is quotes
    assert leads_with_quotes("quotes first", name, parameters) is True
    assert leads_with_quotes("model only", name, parameters) is False


def test_parameters_from_names() -> None:
    assert parameters_from_name("qwen2.5:0.5b") == 500_000_000
    assert parameters_from_name("SmolLM2-135M-Instruct") == 135_000_000
    assert parameters_from_name("phi3") is None


def test_the_extract_is_quoted_and_cited() -> None:
    assert format_extract([(1, "One.", 0.9), (3, "Two.", 0.8)]) == "> “One.” [1]\n\n> “Two.” [3]"


def test_answer_style_is_a_typed_setting_added_by_schema_7(tmp_path: Path) -> None:
    assert SCHEMA_VERSION >= 7
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": 6, "top_k": 7}))
    assert (load_settings(path).answer_style, load_settings(path).top_k) == ("auto", 7)
    assert Settings().with_text_value("answer_style", "quotes first").answer_style == "quotes first"
    with pytest.raises(SettingsError, match="answer_style"):
        Settings().with_text_value("answer_style", "always")
