"""Follow-up questions: a chat's earlier turns shape the search and the prompt (issue 16, item 1).

"And who were they?" after "Where does the name R come from?" finds nothing by itself. Before
retrieval such a question is made standalone: by the chat model when it writes reliably (a short
rewrite, checked), else by a deterministic rule that carries the previous question's key terms, so
even the tiny starter model gets the right passages. Earlier turns also go into the prompt, within
the token budget, the oldest dropped first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop_gpt.core.index.ranking import cjk_query, keyword_query

#: Words that point back into the conversation: a question holding one needs the earlier turns.
_REFERRING_EN_TEXT = (
    "they them their theirs it its this that these those he him his she her hers there then one ones "
    "former latter same such another other else more also too again"
)
_REFERRING_EN = frozenset(_REFERRING_EN_TEXT.split())
_REFERRING_KO = ("그것", "그거", "이것", "이거", "저것", "그들", "그녀", "그는", "그의", "그런", "이런", "거기", "그때",
                 "그럼", "그러면", "그리고", "또", "그 ", "이 ", "저 ", "더 ", "다른")  # fmt: skip
#: Openings of a question that only continues the last one ("and why?", "what about Linux?").
_CONTINUING = re.compile(
    r"^\s*(and|but|so|or|also|then|what about|how about|why not|why|how come|what else|same for|"
    r"그리고|그러면|그럼|그런데|근데|또|왜)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+")
#: A question with at most this many words of its own (no stop words) counts as short.
SHORT_QUESTION_TERMS = 3
#: At most this many key terms are carried over from earlier questions.
MAX_CARRIED_TERMS = 8
#: A rewrite by the model longer than this many characters, or than 3x the question plus this, is refused.
MAX_REWRITE_CHARS = 300


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of the chat: the question and the answer it got."""

    question: str
    answer: str


def needs_context(question: str) -> bool:
    """Whether the question only makes sense after the earlier turns."""
    words = [w.lower() for w in _WORDS.findall(question)]
    if _CONTINUING.match(question):
        return True
    if any(w in _REFERRING_EN for w in words) and len(words) <= 12:
        return True
    padded = f" {question} "
    if any(r in padded for r in _REFERRING_KO) and len(question) <= 40:
        return True
    return len(key_terms(question)) < SHORT_QUESTION_TERMS and len(words) <= 6


def key_terms(text: str) -> list[str]:
    """The words of ``text`` worth searching for: no stop or question words; Korean words as stems."""
    latin = [t for t in keyword_query(text).split() if not t.isdigit() or len(t) >= 3]
    return list(dict.fromkeys([*latin, *cjk_query(text).split()]))


def carry_terms(question: str, history: Sequence[Turn]) -> str:
    """The deterministic standalone question: the follow-up with the key terms of the last earlier
    question that has any (and of its own predecessor when that one was a follow-up too)."""
    own = set(key_terms(question))
    carried: list[str] = []
    for turn in reversed(history[-3:]):
        terms = [t for t in key_terms(turn.question) if t not in own and t not in carried]
        carried.extend(terms)
        if terms and not needs_context(turn.question):
            break
    if not carried:
        return question
    return f"{question.strip()} ({' '.join(carried[:MAX_CARRIED_TERMS])})"


def condense_messages(question: str, history: Sequence[Turn]) -> list[dict[str, str]]:
    """The prompt asking a chat model to rewrite the follow-up as a standalone question."""
    lines = []
    for turn in history[-3:]:
        lines.append(f"User: {turn.question.strip()}")
        answer = " ".join(turn.answer.split())
        lines.append(f"Assistant: {answer[:400]}{'…' if len(answer) > 400 else ''}")
    return [
        {
            "role": "system",
            "content": "You rewrite a follow-up question so that it can be understood without the conversation. "
            "Keep its language. Reply with the rewritten question only, on one line, without answering it.",
        },
        {
            "role": "user",
            "content": "Conversation:\n" + "\n".join(lines) + f"\n\nFollow-up question: {question.strip()}\n\n"
            "Standalone question:",
        },
    ]


def accept_rewrite(question: str, rewrite: str, history: Sequence[Turn]) -> str | None:
    """The model's rewrite when it is a usable question, else None (the rule is used instead)."""
    text = rewrite.strip().strip('"“”').strip()
    text = re.sub(r"^(standalone question|question)\s*:\s*", "", text, flags=re.IGNORECASE).strip()
    if not text or "\n" in text or len(text) > min(MAX_REWRITE_CHARS, 3 * len(question) + MAX_REWRITE_CHARS):
        return None
    earlier = {t for turn in history for t in key_terms(turn.question)}
    if not earlier & set(key_terms(text)):
        return None  # it did not bring anything of the conversation in: no better than the question
    return text


def standalone_question(
    question: str,
    history: Sequence[Turn],
    rewrite: Callable[[list[dict[str, str]]], str] | None = None,
) -> str:
    """The question to search for. ``rewrite`` asks the chat model (None: the rule alone)."""
    if not history or not needs_context(question):
        return question.strip()
    if rewrite is not None:
        try:
            accepted = accept_rewrite(question, rewrite(condense_messages(question, history)), history)
        except Exception:  # a model that fails here still answers below, from the rule's question
            accepted = None
        if accepted is not None:
            return accepted
    return carry_terms(question, history)


def fit_history(
    history: Sequence[Turn], budget: int, count: Callable[[list[dict[str, str]]], int]
) -> list[dict[str, str]]:
    """Earlier turns as chat messages that fit ``budget`` tokens, the newest kept, the oldest dropped."""
    kept: list[dict[str, str]] = []
    for turn in reversed(history):
        pair = [{"role": "user", "content": turn.question.strip()}, {"role": "assistant", "content": turn.answer}]
        cost = count(pair)
        if cost > budget:
            break
        budget -= cost
        kept[:0] = pair
    return kept
