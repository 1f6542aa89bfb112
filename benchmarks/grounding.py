"""How well the answer check flags unsupported sentences (issue 16, item 5).

A labelled set of answer sentences, each over the passages the app really retrieves for its question
(generated English and Korean documents and the R FAQ, indexed by a real workspace with the default
multilingual e5): sentences the passages support (copied or paraphrased) and sentences they do not,
near misses included — the right words with a wrong number, a negation, an invented name — plus
sentences that must never be flagged (a restatement of the question, "the sources do not say").

The flag is "unsupported"; precision is the share of flagged sentences that are indeed unsupported
(a flag on a true sentence teaches people to ignore flags), recall the share of unsupported ones
flagged. ``main`` prints both, per kind and language, and searches the two thresholds of the check
(the weight of embedding similarity, the score below which a sentence is flagged).

    python -m benchmarks.grounding [--grid]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_MARKER = re.compile(r"\[n(?:=([^\]]+))?\]")
R_FAQ = Path("/usr/share/R/doc/manual/R-FAQ.pdf")

FILLER = (
    "The council met in the long hall after the harvest and spent the afternoon on routine matters: "
    "the state of the roads, the price of lamp oil and the repairs the old granary would need before "
    "winter. The clerk recorded each remark in the minute book with patient care."
)
#: The generated English document: one page per fact paragraph, between filler.
ENGLISH_FACTS = [
    "The lighthouse keeper of Varnholm Island is named Ottilie Brask. She has kept the light since 1994 "
    "and lives in the stone cottage beside the tower.",
    "The annual rainfall in the Quorra valley is 412 millimetres. Most of it falls between October and December.",
    "The bridge over the Teslin river was rebuilt in 1987 with green steel girders. It carries no trains, "
    "only carts and walkers.",
    "Glass eels migrate up the Ambrel estuary every April when the water warms. Fishing for them is not "
    "allowed within two kilometres of the weir.",
]
#: The generated Korean document (a lease's rules), one article a paragraph.
KOREAN_ARTICLES = [
    "제1조 (보증금) 임대인은 계약이 끝나면 30일 이내에 보증금을 임차인에게 돌려주어야 한다.",
    "제2조 (관리비) 관리비는 매월 25일까지 납부하며, 늦으면 연체료 2%가 붙는다.",
    "제3조 (반려동물) 반려동물은 임대인의 서면 동의 없이 기를 수 없다.",
    "제4조 (회의록) 입주자 회의록은 매주 금요일에 작성하여 관리사무소에 보관한다.",
    "제5조 (주차) 주차장은 한 세대에 한 대만 이용할 수 있다.",
]
KOREAN_FILLER = (
    "입주자는 공용 공간을 깨끗하게 사용하고 이웃을 배려하여야 한다. 소음이 심한 공사는 평일 낮에만 할 수 있다."
)

#: Kinds of sentence. The supported ones (label True) must not be flagged.
SUPPORTED_KINDS = ("copied", "paraphrase", "restated", "not in sources")

S, U = True, False  # supported, unsupported
#: question → (anchor: a phrase of the passage that holds the answer, [(label, kind, sentence)]).
#: "[n]" in a sentence becomes the number of the retrieved passage that holds the anchor ("[n=phrase]":
#: the passage that holds that phrase).
GROUPS: list[tuple[str, str, list[tuple[bool, str, str]]]] = [
    ("Who keeps the Varnholm lighthouse?", "Ottilie Brask", [
        (S, "copied", "The lighthouse keeper of Varnholm Island is named Ottilie Brask [n]."),
        (S, "paraphrase", "Ottilie Brask has looked after the light since 1994 [n]."),
        (S, "paraphrase", "She lives in a stone cottage next to the tower [n]."),
        (S, "restated", "You asked who keeps the Varnholm lighthouse."),
        (S, "not in sources", "The sources do not say how old the lighthouse is."),
        (U, "number", "Ottilie Brask has kept the light since 1984 [n]."),
        (U, "name", "The lighthouse keeper of Varnholm Island is named Margit Holm [n]."),
        (U, "negation", "She does not live in the stone cottage beside the tower [n]."),
        (U, "invented", "The lighthouse was built by the navy to guard the herring fleet [n]."),
    ]),
    ("How much rain falls in the Quorra valley?", "412 millimetres", [
        (S, "paraphrase", "The Quorra valley gets 412 millimetres of rain a year [n]."),
        (S, "paraphrase", "Most of the rain falls between October and December [n]."),
        (U, "number", "The annual rainfall in the Quorra valley is 512 millimetres [n]."),
        (U, "name", "Most of the rain falls between March and May [n]."),
        (U, "invented", "Farmers in the valley grow barley and rye on terraced fields [n]."),
    ]),
    ("When was the Teslin bridge rebuilt?", "Teslin river", [
        (S, "copied", "The bridge over the Teslin river was rebuilt in 1987 with green steel girders [n]."),
        (S, "paraphrase", "The bridge carries carts and walkers but no trains [n]."),
        (U, "number", "The Teslin bridge was rebuilt in 1978 with green steel girders [n]."),
        (U, "negation", "The bridge over the Teslin river carries trains as well as carts [n]."),
        (U, "invented", "The bridge was designed by the engineer Harald Voss [n]."),
    ]),
    ("When do glass eels migrate up the Ambrel estuary?", "Glass eels", [
        (S, "copied", "Glass eels migrate up the Ambrel estuary every April when the water warms [n]."),
        (S, "paraphrase", "Fishing for glass eels is not allowed within two kilometres of the weir [n]."),
        (U, "number", "Fishing for them is not allowed within five kilometres of the weir [n]."),
        (U, "negation", "Fishing for glass eels is allowed right up to the weir [n]."),
        (U, "name", "Glass eels migrate up the Ambrel estuary every September [n]."),
    ]),
    ("Why is R named R?", "partly a play on the name", [
        (S, "paraphrase", "R is named partly after the first names of its first two authors, Robert Gentleman "
                          "and Ross Ihaka [n]."),
        (S, "paraphrase", "The name is also a play on the name of the Bell Labs language S [n]."),
        (S, "restated", "Why is R named R?"),
        (U, "invented", "R is named after the function R_FOREIGNER, which loads foreign data [n]."),
        (U, "name", "R is named after its first two authors, Robert Gentleman and John Tukey [n]."),
        (U, "invented", "The letter R stands for Research, the laboratory where it was first written [n]."),
        (U, "negation", "The name R has nothing to do with the Bell Labs language S [n]."),
    ]),
    ("What is R?", "statistical computation and graphics", [
        (S, "copied", "R is a system for statistical computation and graphics [n]."),
        (S, "paraphrase", "It consists of a language plus a run-time environment with graphics and a debugger [n]."),
        (U, "invented", "R compiles every program to native machine code before running it [n]."),
        (U, "negation", "The design of R was not influenced by Scheme [n]."),
    ]),
    ("Who wrote R first, and where?", "University of Auckland", [
        (S, "paraphrase", "R was first written by Ross Ihaka and Robert Gentleman at the University of Auckland [n]."),
        (U, "name", "R was first written by Ross Ihaka and Robert Gentleman at the University of Toronto [n]."),
        (U, "invented", "The first version of R was written in Java [n]."),
    ]),
    ("Can I use R for commercial purposes?", "R for commercial purposes (e.g.", [
        (S, "paraphrase", "The R Core Team holds that R can be used for commercial purposes, for example in "
                          "business or consulting [n]."),
        (S, "copied", "R is released under the GNU General Public License (GPL) [n]."),
        (S, "paraphrase", "The GPL only restricts the distribution of R or of programs that contain code from R [n]."),
        (U, "negation", "The GPL does not allow R to be used in business [n]."),
        (U, "number", "This is made clear in clause 9 of the Open Source Definition [n]."),
        (U, "invented", "A commercial licence for R costs 500 dollars a year [n]."),
    ]),
    ("What is the current version of R?", "patchlevel", [
        (S, "copied", "R uses a ‘major.minor.patchlevel’ numbering scheme [n]."),
        (S, "paraphrase", "New features usually arrive in r-devel, while r-patched is mostly for bug fixes [n]."),
        (U, "number", "The current version of R is 4.9 [n]."),
        (U, "invented", "A new version of R is released every Monday at noon [n]."),
    ]),
    ("보증금은 언제 돌려주나요?", "보증금을 임차인에게", [
        (S, "copied", "임대인은 계약이 끝나면 30일 이내에 보증금을 임차인에게 돌려주어야 합니다 [n]."),
        (S, "paraphrase", "보증금은 계약이 끝난 뒤 30일 안에 임차인에게 돌려줍니다 [n]."),
        (S, "not in sources", "문서에는 보증금의 이자에 대한 정보가 없습니다."),
        (U, "number", "임대인은 계약이 끝나면 60일 이내에 보증금을 돌려주어야 합니다 [n]."),
        (U, "negation", "임대인은 계약이 끝나도 보증금을 돌려주지 않아도 됩니다 [n]."),
        (U, "invented", "보증금은 은행에 예치되어 매년 이자가 붙습니다 [n]."),
    ]),
    ("관리비는 언제까지 내야 하나요?", "관리비는 매월", [
        (S, "copied", "관리비는 매월 25일까지 납부합니다 [n]."),
        (S, "paraphrase", "늦게 내면 2%의 연체료가 붙습니다 [n]."),
        (U, "number", "관리비는 매월 15일까지 납부해야 합니다 [n]."),
        (U, "number", "늦게 내면 5%의 연체료가 붙습니다 [n]."),
        (U, "invented", "관리비는 은행 창구에서 현금으로 냅니다 [n]."),
    ]),
    ("반려동물을 길러도 되나요?", "반려동물은 임대인의", [
        (S, "paraphrase", "임대인의 서면 동의가 없으면 반려동물을 기를 수 없습니다 [n]."),
        (U, "negation", "반려동물은 누구나 자유롭게 기를 수 있습니다 [n]."),
        (U, "invented", "반려동물 등록비는 5만 원이며 두 마리까지 허용됩니다 [n]."),
    ]),
    ("회의록은 언제 작성하나요?", "회의록은 매주", [
        (S, "copied", "입주자 회의록은 매주 금요일에 작성합니다 [n]."),
        (S, "paraphrase", "회의록은 관리사무소에 보관합니다 [n]."),
        (U, "name", "회의록은 매주 월요일에 작성합니다 [n]."),
        (U, "invented", "회의록은 이메일로 모든 주민에게 발송됩니다 [n]."),
    ]),
    ("R이라는 이름은 왜 붙었나요?", "partly a play on the name", [
        (S, "paraphrase", "R이라는 이름은 첫 두 저자인 Robert Gentleman과 Ross Ihaka의 이름에서 일부 따왔습니다 [n]."),
        (U, "invented", "R이라는 이름은 R_FOREIGNER 함수에서 왔습니다 [n]."),
    ]),
]  # fmt: skip


GROUP_ANCHORS = {question: anchor for question, anchor, _sentences in GROUPS}


@dataclass(frozen=True)
class Case:
    question: str
    passages: dict[int, str]  # number → text, as retrieved for the question
    sentence: str  # with its [n] markers
    supported: bool
    kind: str
    language: str  # "en" or "ko" (the sentence's)


def write_documents(folder: Path) -> list[Path]:
    """The generated documents, and the R FAQ."""
    from desktop_gpt.diagnostics.samplepdf import write_text_pdf

    folder.mkdir(parents=True, exist_ok=True)
    english = write_text_pdf(
        folder / "districts.pdf", [f"{FILLER}\n\n{fact}\n\n{FILLER}" for fact in ENGLISH_FACTS], title="Districts"
    )
    korean = folder / "임대차규칙.txt"
    korean.write_text("\n\n".join(f"{KOREAN_FILLER}\n\n{article}" for article in KOREAN_ARTICLES), encoding="utf-8")
    return [english, korean, R_FAQ]


def labelled_set(workspace: Any) -> list[Case]:
    """The cases over what ``workspace`` (holding :func:`write_documents`) retrieves for each question."""
    cases = []
    answerer = workspace.answerer()
    for question, _anchor, sentences in GROUPS:
        passages = {i + 1: hit.text for i, hit in enumerate(answerer.retrieve(question))}

        def holder(match: re.Match[str], passages: dict[int, str] = passages, question: str = question) -> str:
            phrase = match.group(1) or GROUP_ANCHORS[question]
            number = next((n for n, text in passages.items() if phrase in " ".join(text.split())), None)
            if number is None:
                raise AssertionError(f"No retrieved passage for {question!r} holds {phrase!r}")
            return f"[{number}]"

        for label, kind, sentence in sentences:
            language = "ko" if any("가" <= c <= "힣" for c in sentence) else "en"
            cases.append(Case(question, passages, _MARKER.sub(holder, sentence), label, kind, language))
    return cases


@dataclass(frozen=True)
class Measured:
    case: Case
    features: Any  # grounding.Features, or None: not a claim (never flagged)


def measure(workspace: Any, cases: Sequence[Case]) -> tuple[list[Measured], float]:
    """The check's features of every case, and the seconds it took (embedding included)."""
    from desktop_gpt.core.chat.grounding import Grounder

    measured = []
    started = time.perf_counter()
    for question in dict.fromkeys(c.question for c in cases):
        group = [c for c in cases if c.question == question]
        grounder = Grounder(workspace.embedder, question)
        grounder.prepare([c.sentence for c in group], group[0].passages.values())
        for case in group:
            found = grounder.features(case.sentence, case.passages)
            measured.append(Measured(case, None if found is None else found[0]))
    return measured, time.perf_counter() - started


def flagged(m: Measured, weight: float | None = None, threshold: float | None = None) -> bool:
    from desktop_gpt.core.chat import grounding

    if m.features is None:
        return False
    return not m.features.supported(
        grounding.SIMILARITY_WEIGHT if weight is None else weight,
        grounding.SUPPORT_THRESHOLD if threshold is None else threshold,
    )


def precision_recall(
    measured: Sequence[Measured], weight: float | None = None, threshold: float | None = None
) -> tuple[float, float, int, int]:
    """Precision and recall of the "unsupported" flag; the counts of flags and of unsupported cases."""
    flags = [m for m in measured if flagged(m, weight, threshold)]
    right = sum(not m.case.supported for m in flags)
    unsupported = sum(not m.case.supported for m in measured)
    precision = right / len(flags) if flags else 1.0
    recall = right / unsupported if unsupported else 1.0
    return precision, recall, len(flags), unsupported


@contextmanager
def benchmark_workspace(folder: Path) -> Iterator[Any]:
    """A workspace in ``folder`` with the starter models and the documents indexed."""
    from desktop_gpt.core.app.paths import AppPaths, default_cache_dir
    from desktop_gpt.core.app.settings import Settings
    from desktop_gpt.core.app.workspace import Workspace
    from desktop_gpt.core.models.starter import prepare_starter_models

    models = prepare_starter_models(default_cache_dir())
    paths = AppPaths(data_dir=folder / "data", config_dir=folder / "data" / "config").ensure()
    for model in models.values():
        for file in (model, model.with_suffix(".tokenizer.json")):
            if file.exists() and not (paths.models_dir / file.name).exists():
                (paths.models_dir / file.name).symlink_to(file)
    ws = Workspace(paths, Settings(cpu_threads=2, temperature=0.0).validate())
    try:
        ws.ingest(write_documents(folder / "docs"))
        yield ws
    finally:
        ws.close()


def report(measured: Sequence[Measured], seconds: float) -> list[str]:
    from desktop_gpt.core.chat import grounding

    precision, recall, flags, unsupported = precision_recall(measured)
    lines = [
        f"Labelled set: {len(measured)} sentences ({unsupported} unsupported) over {len(GROUPS)} questions",
        f"Thresholds: similarity weight {grounding.SIMILARITY_WEIGHT}, flag below {grounding.SUPPORT_THRESHOLD}",
        f"Unsupported flag: precision {precision:.3f}, recall {recall:.3f} ({flags} flagged)",
        f"Check time: {seconds:.2f} s for {len(measured)} sentences ({1000 * seconds / len(measured):.0f} ms each, "
        "embedding of the passages included)",
    ]
    for language in ("en", "ko"):
        part = [m for m in measured if m.case.language == language]
        p, r, f, u = precision_recall(part)
        lines.append(f"  {language}: precision {p:.3f}, recall {r:.3f} ({f} flagged of {len(part)}, {u} unsupported)")
    for kind in dict.fromkeys(m.case.kind for m in measured):
        part = [m for m in measured if m.case.kind == kind]
        lines.append(f"  {kind:<15} {sum(flagged(m) for m in part)}/{len(part)} flagged")
    for m in measured:
        if flagged(m) == m.case.supported:
            f = m.features
            detail = "" if f is None else (
                f"sim {f.similarity:.2f} cov {f.coverage if f.coverage is None else round(f.coverage, 2)} "
                f"num {f.missing_numbers} names {f.missing_names} neg {f.negation_differs}"
            )  # fmt: skip
            lines.append(f"  wrong ({'supported' if m.case.supported else 'unsupported'}): {m.case.sentence}  {detail}")
    return lines


def grid(measured: Sequence[Measured]) -> list[str]:
    """Precision and recall over weights and thresholds: the best recall at precision ≥ 0.9."""
    rows = []
    for weight in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        for step in range(20, 81, 5):
            threshold = step / 100
            p, r, _f, _u = precision_recall(measured, weight, threshold)
            rows.append((p >= 0.9, r, p, weight, threshold))
    rows.sort(reverse=True)
    return [f"  weight {w:.1f} threshold {t:.2f}: precision {p:.3f} recall {r:.3f}" for _ok, r, p, w, t in rows[:12]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--grid", action="store_true", help="also search the thresholds")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, benchmark_workspace(Path(tmp)) as ws:
        cases = labelled_set(ws)
        measured, seconds = measure(ws, cases)
        print("\n".join(report(measured, seconds)))
        if args.grid:
            print("Best recall at precision ≥ 0.9 (weight, threshold):")
            print("\n".join(grid(measured)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
