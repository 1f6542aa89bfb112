"""Conversations and their messages, kept as one JSON file each in the chats folder."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.changes import Changes, Done
from desktop_gpt.core.app.damaged import set_aside, what_is_wrong
from desktop_gpt.core.app.errors import StoreError
from desktop_gpt.core.app.files import atomic_write_text
from desktop_gpt.core.chat.answer import Answer, SentenceCheck, Source

CONVERSATION_SCHEMA = 1


@dataclass
class Message:
    role: str  # "user" or "assistant"
    text: str
    sources: list[Source] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    pending: bool = False  # an answer still streaming
    stopped: bool = False
    no_relevant_sources: bool = False
    error: str = ""
    model: str = ""
    backend: str = ""  # which back end answered, e.g. "ollama"
    cloud: bool = False  # the question and its passages went to a cloud back end
    notice: str = ""  # said once: e.g. the model cannot write the question's language
    sentences: list[SentenceCheck] = field(default_factory=list)  # the answer's sentences, checked
    extract: str = ""  # the extractive lead quoted from the passages (Markdown), shown before the prose

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sources"] = [asdict(s) for s in self.sources]
        data["sentences"] = [asdict(c) for c in self.sentences]
        data.pop("pending")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        known = {f.name for f in fields(Source)}
        sources = [Source(**{k: v for k, v in s.items() if k in known}) for s in data.get("sources", [])]
        sentences = [SentenceCheck.from_json(c) for c in data.get("sentences", [])]
        names = {f.name for f in fields(cls)} - {"sources", "pending", "sentences"}
        return cls(sources=sources, sentences=sentences, **{k: v for k, v in data.items() if k in names})

    @classmethod
    def from_answer(cls, answer: Answer, error: str = "") -> Message:
        return cls(
            role="assistant",
            text=answer.text,
            sources=list(answer.sources),
            stopped=answer.stopped,
            no_relevant_sources=answer.no_relevant_sources,
            model=answer.model,
            backend=answer.backend,
            cloud=answer.cloud,
            notice=answer.notice,
            sentences=list(answer.sentences),
            extract=answer.extract,
            error=error,
        )


@dataclass
class Conversation:
    conversation_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    title: str = "New chat"
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    messages: list[Message] = field(default_factory=list)
    doc_ids: list[str] | None = None  # None: all documents
    #: The back end and model this chat answers with; empty: the default from Settings.
    backend: str = ""
    model: str = ""

    @property
    def used_cloud(self) -> bool:
        return any(m.cloud for m in self.messages)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": CONVERSATION_SCHEMA,
            "conversation_id": self.conversation_id,
            "title": self.title,
            "created": self.created,
            "updated": self.updated,
            "doc_ids": self.doc_ids,
            "backend": self.backend,
            "model": self.model,
            "messages": [m.to_json() for m in self.messages if not m.pending],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Conversation:
        return cls(
            conversation_id=str(data["conversation_id"]),
            title=str(data.get("title") or "Chat"),
            created=float(data.get("created", time.time())),
            updated=float(data.get("updated", time.time())),
            doc_ids=data.get("doc_ids"),
            backend=str(data.get("backend") or ""),
            model=str(data.get("model") or ""),
            messages=[Message.from_json(m) for m in data.get("messages", [])],
        )


def chat_title(text: str) -> str:
    """A chat's name as kept: one line, at most 120 characters."""
    return " ".join(text.split())[:120]


class ConversationStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder  # made by the first write: constructing this touches no disk
        #: What the person should be told about chat files that could not be used (set aside or unreadable).
        self.notices: list[str] = []

    def _path(self, conversation_id: str) -> Path:
        if not conversation_id.isalnum():
            raise StoreError(f"Invalid conversation id {conversation_id!r}.")
        return self.folder / f"{conversation_id}.json"

    def list(self) -> list[Conversation]:
        """All readable conversations, most recently updated first.

        A damaged file (not JSON, not a chat) is set aside next to itself with a timestamp and a
        notice is added to :attr:`notices`; the other chats are listed as usual.
        """
        found = []
        for path in self.folder.glob("*.json"):
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                continue  # deleted (or set aside by another reader) since the folder was listed
            except UnicodeDecodeError as exc:
                self._set_aside(path, exc)
                continue
            except OSError as exc:
                self._tell(f"The chat file {path} cannot be read ({exc.strerror or exc}); this chat is not listed.")
                continue
            try:
                found.append(Conversation.from_json(json.loads(text)))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                self._set_aside(path, exc)
        return sorted(found, key=lambda c: c.updated, reverse=True)

    def _set_aside(self, path: Path, exc: Exception) -> None:
        try:
            self._tell(set_aside(path, "The chat file", what_is_wrong(exc), "this chat is not listed"))
        except FileNotFoundError:
            pass  # another reader set it aside first, and said so
        except OSError as err:
            problem = f"{what_is_wrong(exc)}, and it could not be set aside ({err.strerror or err})"
            self._tell(f"The chat file {path} could not be used: {problem}; this chat is not listed.")

    def _tell(self, notice: str) -> None:
        if notice not in self.notices:
            self.notices.append(notice)

    def create(self, title: str = "") -> Done[Conversation]:
        conversation = Conversation(title=chat_title(title)) if title.strip() else Conversation()
        return self.save(conversation)

    def rename(self, conversation: Conversation, title: str) -> Done[Conversation]:
        if not title.strip():
            raise StoreError("A chat needs a name.")
        conversation.title = chat_title(title)
        return self.save(conversation)

    def remove(self, conversation_id: str) -> Done[str]:
        self.delete(conversation_id)
        return Done(conversation_id, Changes(chats=True))

    def save(self, conversation: Conversation) -> Done[Conversation]:
        """Write atomically: a crash mid-write never leaves a half-written chat."""
        self._write(conversation)
        return Done(conversation, Changes(chats=True))

    def _write(self, conversation: Conversation) -> None:
        atomic_write_text(
            self._path(conversation.conversation_id),
            json.dumps(conversation.to_json(), ensure_ascii=False, indent=1),
            lambda why: StoreError(f"The chat could not be saved: {why}. Its last saved state is kept."),
        )

    def delete(self, conversation_id: str) -> None:
        self._path(conversation_id).unlink(missing_ok=True)
