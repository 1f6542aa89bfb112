"""Answers checked against their passages, and extractive leads (issue 16, item 5).

A small chat model writes fluent sentences its sources do not hold (asked "Why is R named R?" over
the R FAQ, the starter model invents code while its first source says why in one sentence). Here:

* :func:`answer_sentences` splits an answer (Markdown, English or Korean) into sentences, each with
  its ``[n]`` markers; list items, headings and table rows are sentences, code blocks are skipped.
* :meth:`Grounder.check` checks each sentence against the passages it cites (all of them when it
  cites none): embedding similarity to the passages' sentences, and the sentence's terms in them —
  its numbers and names must appear, its content words mostly, a negation must agree. A sentence
  that only restates the question, or says the sources do not tell, is never flagged.
* :meth:`Grounder.extract` picks the passages' own sentences that answer the question best (by
  similarity to the question, whole sentences, at most three), quoted and cited: the lead of an
  answer when the chat model is too small to write reliable prose, or when the user asks for it.

The thresholds were chosen on a labelled set of supported and unsupported sentences (near misses
included: a wrong number, a negation, an invented name) by ``benchmarks/grounding.py``.
"""

from __future__ import annotations

import functools
import itertools
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_gpt.core.app.settings import ANSWER_STYLES
from desktop_gpt.core.chat.answer import SentenceCheck
from desktop_gpt.core.index.embeddings import EmbeddingEngine
from desktop_gpt.core.index.ranking import CJK_CHARACTERS, STOP_WORDS, cjk_query

#: answer_style values: decided from the chat model, always a quoted lead, never one.
AUTO, QUOTES_FIRST, MODEL_ONLY = ANSWER_STYLES
#: Below this many parameters a chat model is "too small to write reliable prose": the starter
#: SmolLM2-135M and Qwen2.5-0.5B invent answers over passages that hold them; 1B-class models and up
#: mostly quote or paraphrase them.
SMALL_MODEL_PARAMETERS = 1_000_000_000

#: Chosen on the labelled set (benchmarks/grounding.py): weight of the embedding similarity in the
#: support score (the rest is the share of the sentence's content words found), and the score below
#: which a sentence is flagged.
SIMILARITY_WEIGHT = 0.5
SUPPORT_THRESHOLD = 0.5
#: The extract: at most this many sentences, from the best passages, none below this similarity to
#: the question (stretched from the model's baseline) nor further than MARGIN below the best one.
EXTRACT_SENTENCES = 3
EXTRACT_PASSAGES = 3
EXTRACT_MIN_SIMILARITY = 0.3
EXTRACT_MARGIN = 0.04
#: A quoted sentence is whole and readable: not shorter, not longer than this (words).
EXTRACT_WORDS = (4, 80)

CITATION = re.compile(r"\[(\d{1,3})\]")
_HANGUL = re.compile(f"[{CJK_CHARACTERS}]")
_CJK_RUN = re.compile(f"[{CJK_CHARACTERS}]+")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
#: A sentence ends at . ! ? (or their full-width forms), closing quotes and brackets after them, then
#: the [n] markers that follow, before white space.
_SENTENCE_END = re.compile(r"[.!?。！？…]+[\"'”’)\]]*(?:\s*\[\d{1,3}\])*(?=\s|$)")
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "cf",
        "al",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "no",
        "fig",
        "sec",
        "p",
        "pp",
        "ch",
        "vol",
        "ed",
        "approx",
        "resp",
        "incl",
    ]
)
#: A passage's line that is a heading of its own ("2.12 Why is R named R?", "제3조 (보증금)").
_PASSAGE_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|제\s*\d+\s*조\.?)\s+\S")
_WORD = re.compile(r"\w+")
#: A day of the week in Korean: a fact like a number or a name (it must appear as written).
_KO_WEEKDAY = re.compile("[월화수목금토일]요일")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30",
    "hundred": "100", "thousand": "1000",
}  # fmt: skip
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without)\b|n[’']t\b|않|없|못|아니|\b안\b",
    re.IGNORECASE,
)
#: Sentences that say the sources do not answer: true to the sources, never flagged.
_NOT_IN_SOURCES = re.compile(
    r"(?:sources?|documents?|passages?|context|text)\b[^.]*\b(?:do(?:es)?\s*n[o’']t|did\s*n[o’']t|not)\s+"
    r"(?:say|mention|contain|state|specify|provide|include|tell|cover|describe|explain|give)"
    r"|\bno\s+(?:information|mention|details?)\b|\bnot\s+(?:mentioned|stated|specified|provided|covered)\b"
    r"|\bI\s+(?:don[’']t|do\s+not|cannot|can[’']t)\s+(?:know|find|answer)"
    r"|나와\s*있지\s*않|언급(?:되어|되지|하지)|정보가\s*없|알\s*수\s*없|찾을\s*수\s*없|포함되어\s*있지\s*않",
    re.IGNORECASE,
)
_EXTRA_STOP_WORDS = frozenset(
    [
        "also",
        "however",
        "because",
        "therefore",
        "thus",
        "may",
        "might",
        "must",
        "like",
        "such",
        "very",
        "more",
        "most",
        "other",
        "some",
        "any",
        "all",
        "only",
        "just",
        "here",
        "answer",
        "question",
        "sources",
        "source",
        "document",
        "documents",
        "passage",
        "according",
        "based",
        "says",
        "said",
        "well",
    ]
)
_COMMON_CAPITALISED = frozenset(
    [
        "i",
        "a",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "in",
        "on",
        "at",
        "for",
        "and",
        "but",
        "or",
        "so",
        "yes",
    ]
)


# -- splitting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # the sentence as written, with its [n] markers

    @property
    def sources(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(int(n) for n in CITATION.findall(self.text)))


def answer_sentences(text: str) -> list[Sentence]:
    """The sentences of an answer with their offsets in ``text``. Each line of a list, heading or
    table is a sentence (or several); other lines are joined into paragraphs; fenced code is skipped."""
    sentences: list[Sentence] = []
    paragraph: list[tuple[int, int]] = []  # spans of the lines of the running paragraph
    in_code = False

    def flush() -> None:
        if paragraph:
            sentences.extend(_split_span(text, paragraph[0][0], paragraph[-1][1]))
            paragraph.clear()

    offset = 0
    for line in text.splitlines(keepends=True):
        start, end = offset, offset + len(line.rstrip("\r\n"))
        offset += len(line)
        if _FENCE.match(line):
            flush()
            in_code = not in_code
            continue
        if in_code:
            continue
        body = text[start:end]
        if not body.strip() or _TABLE_RULE.match(body):
            flush()
            continue
        marker = _HEADING.match(body) or _LIST_ITEM.match(body)
        if marker or body.lstrip().startswith("|"):
            flush()
            content = start + (marker.end() if marker else 0)
            if not marker:  # a table row: each cell is read as part of one sentence
                sentences.extend(_split_span(text, content, end))
                continue
            paragraph.append((content, end))
            if _HEADING.match(body):
                flush()
            continue
        if paragraph and _is_item_start(text, paragraph[0][0]) and body.startswith(" "):
            paragraph.append((start, end))  # the continuation of a list item
            continue
        if paragraph and _is_item_start(text, paragraph[0][0]):
            flush()
        paragraph.append((start, end))
    flush()
    return [s for s in sentences if _WORD.search(CITATION.sub("", s.text))]


def _is_item_start(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return bool(_LIST_ITEM.match(text[line_start : position + 1]) or _HEADING.match(text[line_start : position + 1]))


def _split_span(text: str, start: int, end: int) -> list[Sentence]:
    out: list[Sentence] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        word = re.search(r"(\w+(?:\.\w+)*)\.$", text[begin : match.start() + 1])
        if match.group().startswith(".") and word and _is_abbreviation(word.group(1), text, stop, end):
            continue
        out.append(_sentence(text, begin, stop))
        begin = stop
    if text[begin:end].strip():
        out.append(_sentence(text, begin, end))
    return [s for s in out if s.text]


def _is_abbreviation(word: str, text: str, stop: int, end: int) -> bool:
    """A period that ends "e.g.", "Dr." or an initial ("R. Gentleman"), not a sentence."""
    following = text[stop:end].lstrip()
    if word.lower() in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isupper() and bool(following) and following[0].isupper()


def _sentence(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end])


@functools.lru_cache(maxsize=256)
def passage_sentences(text: str) -> tuple[str, ...]:
    """A passage's sentences, whole, with its line breaks undone ("sim-\\nilar" → "similar"); a line
    that is a heading of its own is a sentence."""
    lines = [line.strip() for line in text.splitlines()]
    blocks: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                blocks.append(current)
            current = ""
            continue
        heading = _PASSAGE_HEADING.match(line) and not re.search(r"[.!]$", line) and len(line) < 90
        if heading:
            if current:
                blocks.append(current)
            blocks.append(line)
            current = ""
        elif current.endswith("-") and line[:1].islower() and len(current) > 1 and current[-2].isalpha():
            current = current[:-1] + line
        else:
            current = f"{current} {line}" if current else line
    if current:
        blocks.append(current)
    return tuple(s.text for block in blocks for s in _split_span(block, 0, len(block)))


# -- terms --------------------------------------------------------------------------------------


def plain(sentence: str) -> str:
    """A sentence without its [n] markers and Markdown emphasis."""
    return " ".join(re.sub(r"[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}", "", CITATION.sub("", sentence)).split())


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:7]


def _numbers(text: str) -> set[str]:
    words = {_NUMBER_WORDS[w] for w in _WORD.findall(text.lower()) if w in _NUMBER_WORDS}
    return words | {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def _names(sentence: str) -> set[str]:
    """What must appear in a supporting passage as written: code-like words (``R_FOREIGNER``,
    ``lm()``, ``x86``) and capitalised words other than the sentence's first."""
    names = {w.lower() for w in re.findall(r"`([^`]+)`", sentence)}
    words = re.findall(r"[^\W\d][\w.-]*\w|[^\W\d]", re.sub(r"`[^`]*`", " ", sentence))
    for index, word in enumerate(words):
        codelike = "_" in word or re.search(r"[a-z][A-Z]|\d", word)
        capital = index > 0 and word[0].isupper() and word.lower() not in _COMMON_CAPITALISED
        if (codelike or capital) and not _HANGUL.search(word):
            names.add(word.lower())
    return names | set(_KO_WEEKDAY.findall(sentence))


def _terms(sentence: str) -> set[str]:
    """Content terms: English words without stop words, stemmed; Korean stems (as keyword search
    takes them, particles and endings off)."""
    words = {
        _stem(w)
        for w in _WORD.findall(sentence.lower())
        if w not in STOP_WORDS and w not in _EXTRA_STOP_WORDS and not w.isdigit() and not _HANGUL.search(w)
        and (len(w) > 1 or w == "r")
    }  # fmt: skip
    return words | {f"ko:{_korean_stem(stem)}" for stem in cjk_query(sentence).split()}


#: Verb endings keyword search leaves on (it needs none of them): "붙습니다" and "붙는다" are one term here.
_KO_VERB_ENDINGS = tuple(
    sorted(
        ["습니다", "입니다", "니다", "는다", "어야", "아야", "으면", "면", "게", "고", "다", "요"],
        key=len,
        reverse=True,
    )
)


def _korean_stem(stem: str) -> str:
    ending = next((e for e in _KO_VERB_ENDINGS if stem.endswith(e) and len(stem) > len(e)), "")
    return stem[: len(stem) - len(ending)]


@dataclass
class _Evidence:
    """What the candidate passages hold, for term checks."""

    text: str  # lowered, whitespace collapsed
    stems: set[str]
    numbers: set[str]
    bigrams: set[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> _Evidence:
        joined = " ".join(" ".join(texts).split())
        lowered = joined.lower()
        stems = {_stem(w) for w in _WORD.findall(lowered)}
        bigrams = {run[i : i + 2] for run in _CJK_RUN.findall(joined) for i in range(len(run) - 1)}
        return cls(lowered, stems, _numbers(joined), bigrams)

    def has_term(self, term: str) -> bool:
        if not term.startswith("ko:"):
            return term in self.stems
        stem = term[3:]
        if stem in self.text or (len(stem) >= 3 and stem[:-1] in self.text):
            return True
        grams = [stem[i : i + 2] for i in range(len(stem) - 1)]  # a long compound, written apart
        return len(stem) >= 4 and sum(g in self.bigrams for g in grams) / len(grams) >= 0.67

    def has_name(self, name: str) -> bool:
        if name in self.text:
            return len(name) > 2 or bool(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", self.text))
        return False

    def coverage(self, terms: set[str]) -> float | None:
        """The share of ``terms`` found; only terms in a script the passages use count (None: no term
        is comparable)."""
        hangul = bool(self.bigrams)
        latin = any(re.search("[a-z]", t) for t in self.stems)
        comparable = [t for t in terms if (hangul if t.startswith("ko:") else latin)]
        if not comparable:
            return None if terms else 1.0
        return sum(self.has_term(t) for t in comparable) / len(comparable)


def is_negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def says_sources_do_not_tell(sentence: str) -> bool:
    return bool(_NOT_IN_SOURCES.search(sentence))


# -- the grounder -------------------------------------------------------------------------------


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))  # the engines return unit vectors


class Grounder:
    """Checks sentences and picks extracts for one answer; the embeddings it makes are kept, so the
    passages embedded for the extract are not embedded again for the check."""

    def __init__(self, embedder: EmbeddingEngine, question: str) -> None:
        self.embedder = embedder
        self.question = question
        self.baseline = embedder.similarity_baseline
        self._vectors: dict[str, list[float]] = {}
        self._question_vector: list[float] | None = None
        self.question_terms = _terms(question) | _names(question)

    def _embed(self, texts: Iterable[str]) -> None:
        """Embed, in one batched call, the texts not embedded yet."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            self._vectors.update(zip(missing, self.embedder.embed_documents(missing), strict=True))

    def _stretch(self, similarity: float) -> float:
        """Similarity on a 0..1 scale from the model's baseline (unrelated texts) to 1."""
        return max(0.0, min(1.0, (similarity - self.baseline) / (1.0 - self.baseline)))

    def _restates_question(self, sentence: str) -> bool:
        terms = _terms(sentence) | _names(sentence) | {f"#{n}" for n in _numbers(sentence)}
        return bool(terms) and terms <= self.question_terms | {f"#{n}" for n in _numbers(self.question)}

    # -- the extract ----------------------------------------------------------------------------

    def extract(self, passages: Sequence[tuple[int, str]]) -> list[tuple[int, str, float]]:
        """The passages' sentences that best answer the question: (source number, sentence,
        similarity), at most :data:`EXTRACT_SENTENCES`, in reading order; none when no sentence is
        close enough."""
        candidates: list[tuple[int, int, str]] = []
        for number, text in passages[:EXTRACT_PASSAGES]:
            sentences = passage_sentences(text)
            for position, sentence in enumerate(sentences):
                if self._quotable(sentence, last=position == len(sentences) - 1):
                    candidates.append((number, position, sentence))
        if not candidates:
            return []
        if self._question_vector is None:
            from desktop_gpt.core.index.ranking import vector_query

            self._question_vector = self.embedder.embed_query(vector_query(self.question))
        self._embed(c[2] for c in candidates)
        scored = [(self._stretch(_cosine(self._question_vector, self._vectors[s])), n, p, s) for n, p, s in candidates]
        best = max(score for score, *_ in scored)
        if best < EXTRACT_MIN_SIMILARITY:
            return []
        chosen = sorted((c for c in scored if c[0] >= best - EXTRACT_MARGIN), key=lambda c: c[0], reverse=True)[
            :EXTRACT_SENTENCES
        ]
        chosen.sort(key=lambda c: (c[1], c[2]))
        return [(number, sentence, score) for score, number, _position, sentence in chosen]

    def _quotable(self, sentence: str, *, last: bool) -> bool:
        words = len(sentence.split()) if not _HANGUL.search(sentence) else len(sentence.replace(" ", "")) // 3
        if not EXTRACT_WORDS[0] <= words <= EXTRACT_WORDS[1]:
            return False
        if sentence.endswith(("?", "？")) or (_PASSAGE_HEADING.match(sentence) and not sentence.endswith(".")):
            return False
        if last and not re.search(r"[.!。)\"”’]$", sentence):
            return False  # cut by the end of the passage: never quote half a sentence
        if sentence[:1].islower():
            return False  # begins mid-sentence (the passage starts inside one)
        return not self._restates_question(sentence)

    # -- the check ------------------------------------------------------------------------------

    def check(self, answer: str, passages: dict[int, str]) -> list[SentenceCheck]:
        """Each sentence of ``answer`` checked against the passages it cites (all when it cites none
        of them). ``passages``: source number → passage text."""
        sentences = answer_sentences(answer)
        self.prepare([plain(s.text) for s in sentences], passages.values())
        checks = []
        for sentence in sentences:
            found = self.features(sentence.text, passages)
            if found is None:
                checks.append(SentenceCheck(sentence.text, sentence.start, sentence.end, sentence.sources))
                continue
            features, source = found
            checks.append(
                SentenceCheck(
                    sentence.text, sentence.start, sentence.end, sentence.sources,
                    features.supported(), round(features.score(), 4), source,
                )
            )  # fmt: skip
        return checks

    def prepare(self, sentences: Iterable[str], passages: Iterable[str]) -> None:
        """Embed, in one batched call, the sentences and the passages' windows not embedded yet."""
        self._embed([*sentences, *(w for p in passages for w in _windows(p))])

    def features(self, sentence: str, passages: dict[int, str]) -> tuple[Features, int] | None:
        """What supports ``sentence`` (with its [n] markers) among the passages it cites (all when it
        cites none of them), and the number of the closest one; None for a sentence that claims
        nothing to check."""
        text = plain(sentence)
        if not self._is_claim(text):
            return None
        cited = [n for n in dict.fromkeys(int(n) for n in CITATION.findall(sentence)) if n in passages]
        candidates = {n: passages[n] for n in cited or passages}
        self.prepare([text], candidates.values())
        vector = self._vectors[text]
        best_similarity, best_source, best_sentence, sentence_similarity = -1.0, 0, "", -1.0
        for number, passage in candidates.items():
            for window in _windows(passage):
                similarity = _cosine(vector, self._vectors[window])
                if similarity > best_similarity:
                    best_similarity, best_source = similarity, number
                if similarity > sentence_similarity and window in passage_sentences(passage):
                    sentence_similarity, best_sentence = similarity, window
        evidence = _Evidence.of(candidates.values())
        features = Features(
            similarity=self._stretch(best_similarity),
            coverage=evidence.coverage(_terms(text)),
            missing_numbers=len({n for n in _numbers(text) if n not in evidence.numbers}),
            missing_names=len({n for n in _names(text) if not evidence.has_name(n)}),
            negation_differs=is_negated(text) != is_negated(best_sentence),
        )
        return features, best_source

    def _is_claim(self, sentence: str) -> bool:
        """A sentence that says something the sources could support or not: not a restatement of
        the question, not "the sources do not say", not a bare "Sure, here it is:"."""
        if not (_terms(sentence) or _names(sentence) or _numbers(sentence)):
            return False
        return not (says_sources_do_not_tell(sentence) or self._restates_question(sentence))


@dataclass(frozen=True)
class Features:
    """What the check measured of one sentence against its passages (kept apart for the benchmark)."""

    similarity: float  # to the closest passage sentence (or pair), stretched 0..1
    #: Share of its content terms found in the passages; None when none of its terms is in a script
    #: the passages are written in (a Korean sentence over English passages): similarity decides.
    coverage: float | None
    missing_numbers: int
    missing_names: int
    negation_differs: bool

    def score(self, weight: float = SIMILARITY_WEIGHT) -> float:
        if self.coverage is None:
            return self.similarity
        return weight * self.similarity + (1.0 - weight) * self.coverage

    def supported(self, weight: float = SIMILARITY_WEIGHT, threshold: float = SUPPORT_THRESHOLD) -> bool:
        if self.missing_numbers or self.missing_names or self.negation_differs:
            return False
        return self.score(weight) >= threshold


@functools.lru_cache(maxsize=256)
def _windows(passage: str) -> tuple[str, ...]:
    """What a sentence is compared with: each sentence of the passage, and each pair of neighbours
    (an answer often joins two)."""
    sentences = passage_sentences(passage)
    pairs = tuple(f"{a} {b}" for a, b in itertools.pairwise(sentences))
    return sentences + pairs or (" ".join(passage.split()) or ".",)


# -- when to lead with quotes -------------------------------------------------------------------

_SIZE_IN_NAME = re.compile(r"(?<![a-z0-9.])(\d+(?:\.\d+)?)\s*([bm])(?![a-z])", re.IGNORECASE)


def parameters_from_name(name: str) -> int | None:
    """A model's size from its name ("qwen2.5:0.5b", "SmolLM2-135M-Instruct"), when it says it."""
    match = _SIZE_IN_NAME.search(name.replace("_", "-"))
    if not match:
        return None
    return int(float(match.group(1)) * (1e9 if match.group(2).lower() == "b" else 1e6))


def model_is_small(name: str, parameters: int | None) -> bool:
    """Too small to write reliable prose over passages (from its header, else its name; unknown: not)."""
    count = parameters or parameters_from_name(name)
    return count is not None and count < SMALL_MODEL_PARAMETERS


def leads_with_quotes(style: str, model_name: str, parameters: int | None) -> bool:
    if style == QUOTES_FIRST:
        return True
    return style == AUTO and model_is_small(model_name, parameters)


def format_extract(quotes: Sequence[tuple[int, str, float]]) -> str:
    """The extract as Markdown: each sentence its own quote, cited."""
    return "\n\n".join(f"> “{sentence}” [{number}]" for number, sentence, _score in quotes)


def extract_sources(extract: str) -> set[int]:
    return {int(n) for n in CITATION.findall(extract)}


class AnswerGrounding:
    """The grounding of one answer, as :meth:`Answerer.ask` uses it: the extractive lead before
    generation (when the style or the model calls for it), the check of the prose after."""

    def __init__(self, embedder: EmbeddingEngine, question: str, quotes: bool) -> None:
        self.grounder = Grounder(embedder, question)
        self.quotes = quotes
        self.quoted: list[tuple[int, str, float]] = []
        self.timings: dict[str, float] = {}

    def lead(self, passages: Sequence[str]) -> str:
        """The extract from the passages numbered 1… in order ("" when quotes are not wanted or none answers)."""
        if not self.quotes:
            return ""
        started = time.perf_counter()
        self.quoted = self.grounder.extract([(i + 1, text) for i, text in enumerate(passages)])
        self.timings["extract"] = time.perf_counter() - started
        return format_extract(self.quoted)

    def check(self, answer: str, passages: Sequence[str]) -> tuple[list[SentenceCheck], str]:
        """The answer's sentences checked, and the extract again: without quotes of passages that
        were left out after it was shown (the prompt did not fit and was cut)."""
        started = time.perf_counter()
        checks = self.grounder.check(answer, {i + 1: text for i, text in enumerate(passages)})
        self.timings["check"] = time.perf_counter() - started
        return checks, format_extract([q for q in self.quoted if q[0] <= len(passages)])
