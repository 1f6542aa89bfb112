"""Damaged files are set aside, never ignored.

A settings or chat file that cannot be understood is renamed in its folder to
``<name>.damaged-YYYYMMDD-HHMMSS`` (local time; ``-2``, ``-3``… when that name is taken), so its
bytes are kept for the person to look at, and the app goes on without it. The caller gets a notice
in plain words: which file, what was wrong, where the copy is, and what the app does instead.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

SUFFIX = ".damaged-"


def what_is_wrong(exc: BaseException) -> str:
    """The trouble with a file's content, in plain words (for JSON and shape errors)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not readable text (not UTF-8)"
    if isinstance(exc, KeyError):
        return f"the entry {exc.args[0]!r} is missing" if exc.args else "an entry is missing"
    if isinstance(exc, TypeError | AttributeError):
        return "its content does not have the expected shape"
    text = str(exc).rstrip(".") or type(exc).__name__
    return text[:1].lower() + text[1:]  # it goes mid-sentence: "could not be used: setting 'top_k' is…"


def kept_name(path: Path, now: float | None = None) -> Path:
    """Where ``path`` is kept: a free ``<name>.damaged-<time>[-N]`` next to it."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    candidate = path.with_name(f"{path.name}{SUFFIX}{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}{SUFFIX}{stamp}-{n}")
    return candidate


def set_aside(path: Path, what: str, problem: str, instead: str) -> str:
    """Rename a damaged file next to itself and say so.

    ``what`` names the file for a person ("The settings file"), ``problem`` says what was wrong and
    ``instead`` what the app does now ("using default settings"). Raises ``OSError`` when the file
    cannot be renamed (``FileNotFoundError``: another reader already set it aside).
    """
    kept = kept_name(path)
    os.rename(path, kept)
    return f"{what} {path} could not be used: {problem}. It is kept as {kept.name} in the same folder; {instead}."
