"""What an action changed, so that every view can refresh from it (as Anki's ``OpChanges`` does).

Each user action of :class:`~desktop_gpt.core.app.workspace.Workspace` returns a result that
carries a :class:`Changes`; the command line ignores it, the window broadcasts it to its panes,
and each pane refreshes only what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    documents: bool = False  # the library: documents added, removed, re-indexed or newly needing it
    chats: bool = False  # saved conversations
    collections: bool = False  # named groups of documents
    models: bool = False  # installed model files
    settings: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __str__(self) -> str:
        return ", ".join(f.name for f in fields(self) if getattr(self, f.name)) or "nothing"


NOTHING = Changes()


@dataclass(frozen=True)
class Done(Generic[T]):
    """An action's result with what it changed."""

    result: T
    changes: Changes
