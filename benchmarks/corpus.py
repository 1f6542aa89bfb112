"""Realistic generated prose for benchmarks: varied sentences, rare terms, page-sized paragraphs."""

from __future__ import annotations

import random
from pathlib import Path

from desktop_gpt.diagnostics.samplepdf import write_text_pdf

SUBJECTS = [
    "The committee",
    "The survey team",
    "The harbour office",
    "A field engineer",
    "The district court",
    "The archive",
    "The clinic",
    "The council",
    "The laboratory",
    "The ferry company",
    "The auditors",
]
VERBS = [
    "reported",
    "reviewed",
    "measured",
    "recorded",
    "questioned",
    "approved",
    "rejected",
    "documented",
    "estimated",
    "compared",
    "summarised",
]
OBJECTS = [
    "the condition of the northern bridge",
    "rainfall in the upper valley",
    "the cost of lamp oil",
    "delays on the coastal railway",
    "the dredging of the channel",
    "the new water filters",
    "claims under the old lease",
    "the harvest of winter wheat",
    "noise from the quarry",
    "the schedule of night ferries",
    "repairs to the granary roof",
    "the migration of glass eels",
]
CLAUSES = ["after a long debate", "despite objections from the treasurer", "for the third year running",
           "with help from the regional office", "in line with the 1987 agreement", "before the spring floods",
           "while the minutes were being prepared", "as the contract requires"]  # fmt: skip


def sentence(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}"
    if rng.random() < 0.3:
        text += f", noting a figure of {rng.randint(2, 9999)} {rng.choice(['tonnes', 'metres', 'litres', 'hours'])}"
    return text + "."


def page_text(rng: random.Random, sentences: int = 24) -> str:
    paragraphs = []
    for _ in range(3):
        paragraphs.append(" ".join(sentence(rng) for _ in range(sentences // 3)))
    return "\n".join(paragraphs)


def generated_pdf(path: Path, pages: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    return write_text_pdf(path, [page_text(rng) for _ in range(pages)], title=f"Generated report, {pages} pages")


def texts(n: int, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(sentence(rng) for _ in range(rng.randint(4, 8))) for _ in range(n)]


def questions(n: int, seed: int = 9) -> list[str]:
    """One-sentence questions about the generated prose, the way people type them."""
    rng = random.Random(seed)
    forms = [
        lambda: f"What did {rng.choice(SUBJECTS).lower()} say about {rng.choice(OBJECTS)}?",
        lambda: f"Who {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}?",
        lambda: f"How many {rng.choice(['tonnes', 'metres', 'litres', 'hours'])} were noted for {rng.choice(OBJECTS)}?",
        lambda: f"Why was {rng.choice(OBJECTS)} {rng.choice(VERBS)} by {rng.choice(SUBJECTS).lower()}?",
    ]
    return [rng.choice(forms)() for _ in range(n)]
