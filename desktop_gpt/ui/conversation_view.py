"""Renders a :class:`ConversationModel` as rich text. Markdown is rendered safely: nothing remote
is ever fetched, no link is opened, and raw HTML in answers is shown as text."""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop_gpt.core.chat.conversations import Message
from desktop_gpt.core.chat.llm import BACKEND_LABELS
from desktop_gpt.ui.core_text import core_text, place_text
from desktop_gpt.ui.models import ConversationModel

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


def markdown_to_html(text: str) -> str:
    doc = QTextDocument()
    features = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
    doc.setMarkdown(text, features)
    match = _BODY.search(doc.toHtml())
    return match.group(1) if match else html.escape(text)


class ConversationView(QTextBrowser):
    source_activated = Signal(int, int)  # message row, source number
    retry_requested = Signal(int)  # the row of a failed answer
    link_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self._model: ConversationModel | None = None
        self._cache: dict[int, str] = {}

    def setModel(self, model: ConversationModel) -> None:
        self._model = model
        model.modelReset.connect(self._reset)
        model.rowsInserted.connect(self._changed)
        model.dataChanged.connect(self._changed)
        model.rowsRemoved.connect(self._reset)
        self._reset()

    def model(self) -> ConversationModel | None:
        return self._model

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        """Never fetch anything: no remote images, stylesheets or files."""
        return None

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "retry" and url.path().isdigit():
            self.retry_requested.emit(int(url.path()))
            return
        if url.scheme() == "source":
            row, _, number = url.path().partition("/")
            if row.isdigit() and number.isdigit():
                self.source_activated.emit(int(row), int(number))
            return
        self.link_refused.emit(url.toString())

    def _reset(self, *_: Any) -> None:
        self._cache.clear()
        self._render()

    def _changed(self, first: QModelIndex, *_: Any) -> None:
        if first.isValid():
            for row in list(self._cache):
                if row >= first.row():
                    del self._cache[row]
        self._render()

    def _render(self) -> None:
        model = self._model
        if model is None:
            return
        scrollbar = self.verticalScrollBar()
        at_bottom = scrollbar.value() >= scrollbar.maximum() - 4
        parts = []
        for row in range(model.rowCount()):
            message = model.message(row)
            cached = self._cache.get(row)
            if cached is None:
                retry = bool(message.error) and row == model.rowCount() - 1  # only the last answer is retried
                cached = render_message(row, message, retry=retry)
                if not message.pending and not retry:
                    self._cache[row] = cached
            parts.append(cached)
        if not parts:
            hint = self.tr(
                "Ask a question about your documents. Answers cite the page they come from; click a source to open it."
            )
            parts.append(f"<p style='color:#777'>{html.escape(hint)}</p>")
        self.setHtml("".join(parts))
        if at_bottom:
            scrollbar.setValue(scrollbar.maximum())


def render_message(row: int, message: Message, *, retry: bool = False) -> str:
    if message.role == "user":
        text = html.escape(message.text).replace("\n", "<br>")
        you = html.escape(QCoreApplication.translate("ConversationView", "You"))
        return f"<p style='margin-top:14px'><b>{you}</b><br>{text}</p>"
    text = core_text(message.text) if message.no_relevant_sources else message.text  # the app's own words
    body = markdown_to_html(text) if text else ""
    if message.pending and not message.text:
        thinking = html.escape(QCoreApplication.translate("ConversationView", "Thinking…"))
        body = f"<p style='color:#777'><i>{thinking}</i></p>"
    notes = []
    if message.pending:
        writing = html.escape(QCoreApplication.translate("ConversationView", "writing…"))
        notes.append(f"<span style='color:#777'>▍ {writing}</span>")
    if message.stopped:
        stopped = html.escape(QCoreApplication.translate("ConversationView", "Stopped."))
        notes.append(f"<span style='color:#a60'>{stopped}</span>")
    if message.error:
        notes.append(f"<span style='color:#b00'>{html.escape(core_text(message.error))}</span>")
        if retry:
            again = html.escape(QCoreApplication.translate("ConversationView", "Retry"))
            notes.append(f"<a href='retry:{row}'>{again}</a>")
    if message.notice:
        notes.append(f"<span style='color:#a60'>{html.escape(core_text(message.notice))}</span>")
    if message.no_relevant_sources:
        none_found = QCoreApplication.translate("ConversationView", "No relevant passage was found in your documents.")
        notes.append(f"<span style='color:#a60'><b>{html.escape(none_found)}</b></span>")
    sources = ""
    if message.sources:
        links = [
            f"<a href='source:{row}/{s.number}'>[{s.number}] {html.escape(s.document)}, "
            f"{html.escape(place_text(s))}</a>"
            for s in message.sources
        ]
        label = html.escape(QCoreApplication.translate("ConversationView", "Sources:"))
        sources = f"<p style='font-size:small'>{label} " + " &nbsp; ".join(links) + "</p>"
    note_html = f"<p>{' '.join(notes)}</p>" if notes else ""
    who = ""
    if message.model:
        backend = core_text(BACKEND_LABELS.get(message.backend, ""))
        who = f" <span style='color:#777;font-size:small'>— {html.escape(message.model)}{', ' if backend else ''}"
        who += f"{html.escape(backend)}</span>"
    if message.cloud:
        cloud = html.escape(QCoreApplication.translate("ConversationView", "☁ cloud"))
        who += f" <span style='background:#fde2b8;color:#7a4500;font-size:small'>&nbsp;{cloud}&nbsp;</span>"
    return f"<div style='margin-top:8px'><b>Desktop GPT</b>{who}{body}{note_html}{sources}</div>"
