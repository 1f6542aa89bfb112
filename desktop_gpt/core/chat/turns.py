"""One turn of a saved chat: nothing typed is lost (issue 16, item 7).

The question is saved when it is sent, with an empty answer marked interrupted; the answer is saved
as it streams (at most once a second) and unmarked when it is complete. An app that dies mid-answer
leaves the question and the partial answer on disk, shown after a restart as interrupted.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

from desktop_gpt.core.app.changes import Changes, Done
from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.chat.answer import Answer
from desktop_gpt.core.chat.conversations import Conversation, ConversationStore, Message, chat_title
from desktop_gpt.core.chat.followup import Turn

#: A streaming answer is written to its chat file at most this often.
SAVE_EVERY_SECONDS = 1.0
NEW_CHAT_TITLE = "New chat"


@dataclass(frozen=True)
class ChatReply:
    """A turn's outcome: the chat as saved, and the answer."""

    conversation: Conversation
    answer: Answer

    def to_json(self) -> dict[str, object]:
        return {
            **self.answer.to_json(),
            "chat": {"id": self.conversation.conversation_id, "name": self.conversation.title},
        }


def turns_of(messages: Sequence[Message]) -> list[Turn]:
    """The chat's earlier exchanges that can shape a follow-up: a question and its completed answer
    (failed, empty and "nothing found" answers are left out: they carry nothing to build on)."""
    turns = []
    for question, answer in itertools.pairwise(messages):
        if question.role != "user" or answer.role != "assistant":
            continue
        if answer.error or answer.no_relevant_sources or not answer.text.strip():
            continue
        turns.append(Turn(question.text, answer.text))
    return turns


class _StreamSaver:
    """Keeps the answer's text so far, and writes it into the chat now and then."""

    def __init__(self, store: ConversationStore, conversation_id: str, row: int) -> None:
        self.store, self.conversation_id, self.row = store, conversation_id, row
        self.text = ""
        self._saved_at = time.monotonic()

    def add(self, piece: str) -> None:
        self.text += piece
        if time.monotonic() - self._saved_at >= SAVE_EVERY_SECONDS:
            self.save()

    def save(self) -> None:
        self._saved_at = time.monotonic()
        self.set(lambda m: setattr(m, "text", self.text))

    def set(self, change: Callable[[Message], None]) -> Conversation:
        def mutate(conversation: Conversation) -> None:
            if self.row < len(conversation.messages) and conversation.messages[self.row].role == "assistant":
                change(conversation.messages[self.row])

        return self.store.update(self.conversation_id, mutate)


def run_turn(
    store: ConversationStore,
    conversation_id: str,
    question: str,
    answer: Callable[[list[Turn], Callable[[str], None]], Answer],
    *,
    replace_from: int | None = None,
    on_token: Callable[[str], None] | None = None,
) -> Done[ChatReply]:
    """Save the question, run ``answer(history, on_token)`` while saving what streams, save the answer.

    ``replace_from``: the row of the question to ask again in place (regenerate, edit and resend);
    that question and everything after it are replaced. A failure is saved on the answer (its
    partial text kept) and raised again for the caller to show.
    """
    question = question.strip()
    if not question:
        raise DesktopGptError("The question is empty.")

    def start(conversation: Conversation) -> None:
        if replace_from is not None:
            del conversation.messages[max(0, replace_from) :]
        if not conversation.messages and conversation.title == NEW_CHAT_TITLE:
            conversation.title = chat_title(question[:60] + ("…" if len(question) > 60 else ""))
        conversation.messages.append(Message(role="user", text=question))
        conversation.messages.append(Message(role="assistant", text="", interrupted=True))

    history = turns_of(store.get(conversation_id).messages[:replace_from])
    started = store.update(conversation_id, start)
    saver = _StreamSaver(store, conversation_id, len(started.messages) - 1)

    def stream(piece: str) -> None:
        saver.add(piece)
        if on_token is not None:
            on_token(piece)

    try:
        result = answer(history, stream)
    except BaseException as exc:
        why = str(exc) if isinstance(exc, DesktopGptError) else f"The answer failed: {type(exc).__name__}: {exc}"
        interrupted = isinstance(exc, KeyboardInterrupt)

        def failed(message: Message) -> None:
            message.text, message.interrupted = saver.text, False
            if interrupted:  # Ctrl+C on the command line: stopped, not failed
                message.stopped = True
            else:
                message.error = why[:500]

        saver.set(failed)
        raise
    finished = Message.from_answer(result)

    def complete(message: Message) -> None:
        for f in fields(Message):
            setattr(message, f.name, getattr(finished, f.name))

    saved = saver.set(complete)
    return Done(ChatReply(saved, result), Changes(chats=True))
