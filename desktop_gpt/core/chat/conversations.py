"""Conversations and their messages, kept as one JSON file each in the chats folder."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.changes import Changes, Done
from desktop_gpt.core.app.damaged import set_aside, what_is_wrong
from desktop_gpt.core.app.errors import StoreError
from desktop_gpt.core.app.files import atomic_write_text
from desktop_gpt.core.chat.answer import Answer, SentenceCheck, Source

#: 2: a chat's scope (the library, a collection or chosen documents) replaces ``doc_ids``; an
#: answer keeps its search question and the passages left out; a streaming answer is saved as it goes.
CONVERSATION_SCHEMA = 2

SCOPE_LIBRARY, SCOPE_COLLECTION, SCOPE_DOCUMENTS = "library", "collection", "documents"


@dataclass(frozen=True)
class ChatScope:
    """What a chat answers from: the whole library, a collection (by id), or chosen documents."""

    kind: str = SCOPE_LIBRARY
    collection: str = ""  # the collection's id
    documents: tuple[str, ...] = ()  # document ids

    def __post_init__(self) -> None:
        if self.kind not in (SCOPE_LIBRARY, SCOPE_COLLECTION, SCOPE_DOCUMENTS):
            raise ValueError(f"unknown chat scope {self.kind!r}")

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "collection": self.collection, "documents": list(self.documents)}

    @classmethod
    def from_json(cls, data: Any, doc_ids: Any = None) -> ChatScope:
        """From a chat file; a schema-1 file's ``doc_ids`` (None: all) becomes a documents scope."""
        if isinstance(data, dict):
            return cls(
                str(data.get("kind", SCOPE_LIBRARY)),
                str(data.get("collection", "")),
                tuple(str(d) for d in data.get("documents", ())),
            )
        if isinstance(doc_ids, list) and doc_ids:
            return cls(SCOPE_DOCUMENTS, documents=tuple(str(d) for d in doc_ids))
        return cls()


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
    #: The question as searched for: a follow-up made standalone from the chat's earlier turns.
    query: str = ""
    #: Retrieved passages that did not go to the model, each with why (``Source.left_out``).
    left_out: list[Source] = field(default_factory=list)
    #: Saved while streaming: True until the answer finished, so an answer cut off by a crash says so.
    interrupted: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sources"] = [asdict(s) for s in self.sources]
        data["sentences"] = [asdict(c) for c in self.sentences]
        data["left_out"] = [asdict(s) for s in self.left_out]
        data.pop("pending")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        known = {f.name for f in fields(Source)}
        sources = [Source(**{k: v for k, v in s.items() if k in known}) for s in data.get("sources", [])]
        left_out = [Source(**{k: v for k, v in s.items() if k in known}) for s in data.get("left_out", [])]
        sentences = [SentenceCheck.from_json(c) for c in data.get("sentences", [])]
        names = {f.name for f in fields(cls)} - {"sources", "pending", "sentences", "left_out"}
        fixed = {k: v for k, v in data.items() if k in names}
        return cls(sources=sources, sentences=sentences, left_out=left_out, **fixed)

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
            query=answer.query,
            left_out=list(answer.left_out),
            error=error,
        )


@dataclass
class Conversation:
    conversation_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    title: str = "New chat"
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    messages: list[Message] = field(default_factory=list)
    scope: ChatScope = field(default_factory=ChatScope)
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
            "scope": self.scope.to_json(),
            "backend": self.backend,
            "model": self.model,
            "messages": [m.to_json() for m in self.messages],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Conversation:
        return cls(
            conversation_id=str(data["conversation_id"]),
            title=str(data.get("title") or "Chat"),
            created=float(data.get("created", time.time())),
            updated=float(data.get("updated", time.time())),
            scope=ChatScope.from_json(data.get("scope"), data.get("doc_ids")),
            backend=str(data.get("backend") or ""),
            model=str(data.get("model") or ""),
            messages=[Message.from_json(m) for m in data.get("messages", [])],
        )


_FOLDER_LOCKS: dict[Path, threading.Lock] = {}
_FOLDER_LOCKS_GUARD = threading.Lock()


def _folder_lock(folder: Path) -> threading.Lock:
    """One lock per chats folder in this process: the window's store and the workspace's share it."""
    with _FOLDER_LOCKS_GUARD:
        return _FOLDER_LOCKS.setdefault(folder.absolute(), threading.Lock())


def chat_title(text: str) -> str:
    """A chat's name as kept: one line, at most 120 characters."""
    return " ".join(text.split())[:120]


class ConversationStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder  # made by the first write: constructing this touches no disk
        #: What the person should be told about chat files that could not be used (set aside or unreadable).
        self.notices: list[str] = []
        self._lock = _folder_lock(folder)  # read-modify-write of one chat file at a time in this process

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

    def get(self, conversation_id: str) -> Conversation:
        """One chat as saved now."""
        path = self._path(conversation_id)
        try:
            return Conversation.from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise StoreError("This chat no longer exists (it was deleted).") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"This chat's file cannot be read: {what_is_wrong(exc)}.") from exc

    def find(self, ref: str) -> Conversation:
        """A chat by id or by name (names compare without regard to case; the newest wins a tie)."""
        wanted = chat_title(ref).casefold()
        chats = self.list()
        for c in chats:
            if c.conversation_id == ref:
                return c
        for c in chats:
            if c.title.casefold() == wanted:
                return c
        raise StoreError(f"There is no chat named {ref!r}.")

    def ensure(self, chat: str | Conversation) -> str:
        """The id of ``chat``; a conversation made in the window is saved first if its file is not written yet."""
        if isinstance(chat, str):
            return chat
        with self._lock:
            if not self._path(chat.conversation_id).exists():
                self._write(chat)
        return chat.conversation_id

    def update(self, conversation_id: str, mutate: Callable[[Conversation], None]) -> Conversation:
        """Change the chat as saved now and save it: a rename in the window and an answer being
        streamed into the same chat never undo each other."""
        with self._lock:
            conversation = self.get(conversation_id)
            mutate(conversation)
            conversation.updated = time.time()
            self._write(conversation)
            return conversation

    def create(self, title: str = "", scope: ChatScope | None = None) -> Done[Conversation]:
        conversation = Conversation(title=chat_title(title)) if title.strip() else Conversation()
        if scope is not None:
            conversation.scope = scope
        return self.save(conversation)

    def rename(self, conversation: Conversation, title: str) -> Done[Conversation]:
        if not title.strip():
            raise StoreError("A chat needs a name.")
        conversation.title = chat_title(title)
        cid = self.ensure(conversation)  # a chat made in the window and not used yet is saved first
        return Done(self.update(cid, lambda c: setattr(c, "title", conversation.title)), Changes(chats=True))

    def set_scope(self, conversation_id: str, scope: ChatScope) -> Done[Conversation]:
        return Done(self.update(conversation_id, lambda c: setattr(c, "scope", scope)), Changes(chats=True))

    def remove(self, conversation_id: str) -> Done[str]:
        self.delete(conversation_id)
        return Done(conversation_id, Changes(chats=True))

    def save(self, conversation: Conversation) -> Done[Conversation]:
        """Write atomically: a crash mid-write never leaves a half-written chat."""
        with self._lock:
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
