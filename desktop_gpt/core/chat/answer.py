"""Retrieval-augmented answers with citations."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, TypeVar

from desktop_gpt.core.app.errors import ContextOverflowError
from desktop_gpt.core.app.settings import DEFAULT_CHAT_MODEL, Settings
from desktop_gpt.core.chat.followup import Turn, fit_history, standalone_question
from desktop_gpt.core.chat.languages import language_notice
from desktop_gpt.core.chat.llm import ChatBackend
from desktop_gpt.core.chat.prompting import SourceBlock, format_sources, user_message
from desktop_gpt.core.index.embeddings import EmbeddingEngine
from desktop_gpt.core.index.ranking import vector_query
from desktop_gpt.core.index.records import SearchHit
from desktop_gpt.core.index.store import DocumentStore

NO_SOURCES_ANSWER = (
    "I found nothing relevant to this question in your documents, so I can't answer it from them. "
    "Try other words, or add the document that covers it."
)
SNIPPET_CHARS = 300


LEFT_OUT_IRRELEVANT = "below the relevance threshold"
LEFT_OUT_BUDGET = "over the token budget"
#: At most this share of the prompt's room goes to the chat's earlier turns; passages get the rest.
HISTORY_SHARE = 0.35

#: Fewer tokens than this left for a passage that does not fit whole: leave it out rather than cut it.
MIN_TRIMMED_PASSAGE = 48


H = TypeVar("H", bound=SearchHit)


def fit_passages(hits: list[H], budget: int, count: Callable[[str], int]) -> tuple[list[SourceBlock], list[H]]:
    """The best-ranked passages that fit ``budget`` tokens as the model counts them (the quoted
    block, delimiters included). The first that does not fit whole is cut at a word to fill what
    is left, when that is worth a passage; the lower-ranked ones are left out."""
    blocks: list[SourceBlock] = []
    used: list[H] = []
    for hit in hits:
        block = SourceBlock(len(blocks) + 1, hit.document, hit.page, hit.text, hit.location.replace('"', "'"))
        cost = count(format_sources([block])) + 2  # the blank line between blocks
        if cost <= budget:
            budget -= cost
            blocks.append(block)
            used.append(hit)
            continue
        if budget >= MIN_TRIMMED_PASSAGE:
            low, high = 0, len(hit.text)  # the longest prefix that fits, by bisection on characters
            while low < high:
                mid = (low + high + 1) // 2
                if count(format_sources([replace(block, text=hit.text[:mid])])) + 2 <= budget:
                    low = mid
                else:
                    high = mid - 1
            cut = hit.text[:low].rsplit(" ", 1)[0] if " " in hit.text[:low] else hit.text[:low]
            if cut.strip():
                blocks.append(replace(block, text=cut + " …"))
                used.append(replace(hit, text=cut, end=hit.start + len(cut)))
        break
    return blocks, used


@dataclass(frozen=True)
class Source(SearchHit):
    """A retrieved passage as it was numbered in the prompt."""

    number: int = 0
    cited: bool = False  # the answer referred to it as [number]
    rank: int = 0  # its place in the fused ranking (1: best)
    #: Why a retrieved passage did not go to the model ("" for one that did): LEFT_OUT_* below.
    left_out: str = ""

    @property
    def snippet(self) -> str:
        return _snippet(self.text)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "snippet": self.snippet}


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence of an answer, checked against the passages (issue 16, item 5)."""

    text: str
    start: int  # character offsets of the sentence in the answer's text
    end: int
    sources: tuple[int, ...] = ()  # the source numbers the sentence cites with [n] markers
    supported: bool = True  # some passage supports it (False: mark it, no source says this)
    score: float = 0.0  # strength of the best support found, 0..1
    source: int = 0  # the number of the passage that supports it best (0: none)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "supported": self.supported,
            "sources": list(self.sources),
            "score": round(self.score, 4),
            "best_source": self.source,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SentenceCheck:
        return cls(
            text=str(data.get("text", "")),
            start=int(data.get("start", 0)),
            end=int(data.get("end", 0)),
            sources=tuple(int(n) for n in data.get("sources", ())),
            supported=bool(data.get("supported", True)),
            score=float(data.get("score", 0.0)),
            source=int(data.get("source", data.get("best_source", 0))),
        )


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    sources: list[Source]
    no_relevant_sources: bool = False
    stopped: bool = False
    model: str = ""
    backend: str = ""
    cloud: bool = False  # the question and passages went to a cloud back end
    timings: dict[str, float] = field(default_factory=dict)
    #: Said once per model and language: the chat model cannot write the question's language.
    notice: str = ""
    #: The answer's sentences as checked against the passages (empty: not checked).
    sentences: list[SentenceCheck] = field(default_factory=list)
    #: An extractive lead: exact sentences of the best passages, quoted and cited (Markdown); "" for none.
    extract: str = ""
    #: The question as searched for (a follow-up made standalone), and the earlier turns in the prompt.
    query: str = ""
    history_turns: int = 0
    #: Retrieved passages that did not go to the model, each with why (``Source.left_out``).
    left_out: list[Source] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "sources": [s.to_json() for s in self.sources],
            "no_relevant_sources": self.no_relevant_sources,
            "stopped": self.stopped,
            "model": self.model,
            "backend": self.backend,
            "cloud": self.cloud,
            "timings": self.timings,
            "notice": self.notice,
            "sentences": [c.to_json() for c in self.sentences],
            "extract": self.extract,
            "query": self.query,
            "history_turns": self.history_turns,
            "left_out": [s.to_json() for s in self.left_out],
        }


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1].rstrip() + "…"


def is_relevant(hit: SearchHit, min_similarity: float, baseline: float = 0.0) -> bool:
    """A keyword match (stop words are not indexed) or a close enough vector counts as relevant.

    ``min_similarity`` is on MiniLM's scale; a model whose unrelated texts are already similar
    (e5: 0.75–0.83) gives its ``baseline``, and its similarities are stretched from there to 1."""
    if hit.keyword_score is not None and hit.keyword_score > 0:
        return True
    return hit.similarity is not None and (hit.similarity - baseline) / (1.0 - baseline) >= min_similarity


class Answerer:
    def __init__(
        self,
        store: DocumentStore,
        embedder: EmbeddingEngine,
        chat_model: Callable[[], ChatBackend],
        settings: Settings,
        notices_given: set[str] | None = None,
    ) -> None:
        """``notices_given``: the notices already said in this session (shared, so each is said once)."""
        self.store = store
        self.embedder = embedder
        self._chat_model = chat_model  # loaded on first use: retrieval-only calls never load it
        self.settings = settings
        self.notices_given = notices_given if notices_given is not None else set()

    def retrieve(self, question: str, doc_ids: Sequence[str] | None = None) -> list[SearchHit]:
        return [h for h in self.retrieve_all(question, doc_ids) if not h.left_out]

    def retrieve_all(self, question: str, doc_ids: Sequence[str] | None = None) -> list[Source]:
        """The top passages in fused order, each marked left out when it is not relevant enough."""
        s = self.settings
        vector = self.embedder.embed_query(vector_query(question))  # keyword mode needs it too, for relevance
        hits = self.store.search(
            self.embedder.model_id,
            query_text=question,
            query_vector=vector,
            k=s.top_k,
            mode=s.retrieval_mode,
            doc_ids=doc_ids,
        )
        baseline = self.embedder.similarity_baseline
        return [
            Source(
                **asdict(h),
                rank=i + 1,
                left_out="" if is_relevant(h, s.min_similarity, baseline) else LEFT_OUT_IRRELEVANT,
            )
            for i, h in enumerate(hits)
        ]

    def _rewriter(self, history: Sequence[Turn]) -> Callable[[list[dict[str, str]]], str] | None:
        """The chat model as the follow-up's rewriter, when it writes reliably (not the tiny starter)."""
        if not history:
            return None

        def rewrite(messages: list[dict[str, str]]) -> str:
            model = self._chat_model()
            if model.name == DEFAULT_CHAT_MODEL:
                return ""  # refused by accept_rewrite: the rule is used
            return model.chat(messages, max_tokens=60, temperature=0.0).text

        return rewrite

    def ask(
        self,
        question: str,
        *,
        doc_ids: Sequence[str] | None = None,
        history: Sequence[Turn] = (),
        on_sources: Callable[[list[Source]], None] | None = None,
        on_token: Callable[[str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> Answer:
        """Answer ``question`` from the library (or ``doc_ids``); ``history``: the chat's earlier turns."""
        question = question.strip()
        if not question:
            raise ValueError("The question is empty.")
        t0 = time.perf_counter()
        query = standalone_question(question, history, self._rewriter(history))
        retrieved = self.retrieve_all(query, doc_ids)
        hits = [h for h in retrieved if not h.left_out]
        irrelevant = [h for h in retrieved if h.left_out]
        retrieval_s = time.perf_counter() - t0
        if not hits:
            if on_sources is not None:
                on_sources([])
            if on_token is not None:
                on_token(NO_SOURCES_ANSWER)
            return Answer(
                question, NO_SOURCES_ANSWER, [], no_relevant_sources=True, timings={"retrieval": retrieval_s},
                query=query, left_out=irrelevant,
            )  # fmt: skip

        model = self._chat_model()
        s = self.settings
        notice = language_notice(model.name, model.languages, question)
        if notice in self.notices_given:
            notice = ""
        self.notices_given.add(notice)
        system = {"role": "system", "content": s.system_prompt}
        room = (
            model.context_length
            - s.max_answer_tokens
            - model.count_tokens([system, {"role": "user", "content": user_message(question, [])}])
        )
        earlier = fit_history(history, int(room * HISTORY_SHARE), model.count_tokens)
        room -= model.count_tokens(earlier) if earlier else 0
        blocks, used = fit_passages(hits, room, model.count_text_tokens)
        while True:
            sources = [replace(h, number=i + 1) for i, h in enumerate(used)]
            if on_sources is not None:
                on_sources(sources)
            try:
                generation = model.chat(
                    [system, *earlier, {"role": "user", "content": user_message(question, blocks)}],
                    max_tokens=s.max_answer_tokens,
                    temperature=s.temperature,
                    on_token=on_token,
                    should_cancel=should_cancel,
                )
                break
            except ContextOverflowError:
                # The count of the prompt's size was short (a back end that only estimates, and a
                # script such as Hangul that costs its model several tokens per character): keep the
                # better-ranked half of the passages and ask again.
                if len(blocks) <= 1:
                    raise
                keep = len(blocks) // 2
                blocks, used = blocks[:keep], used[:keep]
        cited_numbers = {int(n) for n in re.findall(r"\[(\d{1,2})\]", generation.text)}
        sources = [replace(src, cited=src.number in cited_numbers) for src in sources]
        sent = {(h.chunk_id, h.start) for h in used}
        over_budget = [replace(h, left_out=LEFT_OUT_BUDGET) for h in hits if (h.chunk_id, h.start) not in sent]
        return Answer(
            question,
            generation.text.strip(),
            sources,
            stopped=generation.stopped,
            model=model.name,
            backend=model.backend,
            cloud=model.is_cloud,
            notice=notice,
            query=query,
            history_turns=len(earlier) // 2,
            left_out=[*over_budget, *irrelevant],
            timings={
                "retrieval": retrieval_s,
                "time_to_first_token": generation.time_to_first_token or 0.0,
                "generation": generation.seconds,
                "tokens": float(generation.tokens),
                "tokens_per_second": generation.tokens_per_second,
            },
        )
