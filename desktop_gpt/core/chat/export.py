"""A chat, or one answer, as text a person pastes into a memo: Markdown with ``document, p. N`` citations."""

from __future__ import annotations

import time
from collections.abc import Sequence

from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.chat.conversations import Conversation, Message


def cited_sources(message: Message) -> list[Source]:
    """The sources the answer cited ([n]); all of them when it cited none (a model that does not cite)."""
    cited = [s for s in message.sources if s.cited]
    return cited or list(message.sources)


def citation(source: Source) -> str:
    """``[1] R-FAQ.pdf, p. 14`` (a location instead of the page for documents without pages)."""
    return f"[{source.number}] {source.document}, {source.place}"


def answer_body(message: Message) -> str:
    """The answer's text as shown: the quoted lead (when there is one), then the model's prose."""
    parts = [message.extract.strip(), message.text.strip()]
    return "\n\n".join(p for p in parts if p)


def answer_as_text(message: Message) -> str:
    """One answer with its citations, for the clipboard."""
    lines = [answer_body(message)]
    sources = cited_sources(message)
    if sources:
        lines.append("")
        lines.append("Sources:")
        lines.extend(citation(s) for s in sources)
    return "\n".join(lines).strip() + "\n"


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def chat_markdown(conversation: Conversation, scope: str = "", now: float | None = None) -> str:
    """The whole chat: each question and answer, each answer followed by the sources it cited."""
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(now))
    out = [f"# {conversation.title}", ""]
    out.append(f"Exported from Desktop GPT on {stamp}." + (f" Answers from: {scope}." if scope else ""))
    for message in conversation.messages:
        out.append("")
        if message.role == "user":
            out.append("## Question")
            out.append("")
            out.append(_quote_block(message.text.strip()))
            continue
        who = f" ({message.model})" if message.model else ""
        out.append(f"## Answer{who}")
        out.append("")
        out.extend(_answer_lines(message))
    return "\n".join(out).rstrip() + "\n"


def _answer_lines(message: Message) -> Sequence[str]:
    lines = []
    body = answer_body(message)
    if body:
        lines.append(body)
    if message.interrupted:
        lines.append("")
        lines.append("*This answer was interrupted before it was complete.*")
    elif message.stopped:
        lines.append("")
        lines.append("*Stopped before the end.*")
    if message.error:
        lines.append("")
        lines.append(f"*The answer failed: {message.error}*")
    unsupported = [c.text for c in message.sentences if not c.supported]
    if unsupported:
        lines.append("")
        lines.append("*No cited passage supports: " + " / ".join(f"“{t}”" for t in unsupported) + "*")
    sources = cited_sources(message)
    if sources:
        lines.append("")
        lines.append("Sources:")
        lines.append("")
        lines.extend(f"- {citation(s)}" for s in sources)
    return lines
