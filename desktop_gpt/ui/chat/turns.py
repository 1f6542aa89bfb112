"""One message of a conversation as a small rich-text document, coloured from a palette.

The view inserts each message's document into its own frame and replaces only that frame when the
message changes, so a streamed token costs one message, not the whole history. Markdown is rendered
safely: raw HTML is shown as text, images are never loaded (their address is shown instead), and
every colour comes from the palette's roles (mixed where a tint is needed), never a fixed value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRegularExpression
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QTextFrameFormat,
    QTextTableFormat,
)

from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.chat.conversations import Message
from desktop_gpt.core.chat.llm import BACKEND_LABELS
from desktop_gpt.ui.core_text import core_text, place_text
from desktop_gpt.ui.i18n import QT_TRANSLATE_NOOP

MARKDOWN = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
_CITATION_QRE = QRegularExpression(r"\[\d{1,2}\]")
_CITATION = re.compile(r"\[(\d{1,2})\]")
# Private-use characters that bracket an unsupported sentence through the Markdown import.
MARK_START, MARK_END = "\ue000", "\ue001"
# Markdown block syntax at the start of a line, kept outside a sentence's marks.
_BLOCK_SYNTAX = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)]|#{1,6}|>)[ \t]+")
Role = QPalette.ColorRole
# The tooltips of the answer's actions, translated where they are shown.
ACTION_TIPS = (
    QT_TRANSLATE_NOOP("ConversationView", "Copy the answer with its sources"),
    QT_TRANSLATE_NOOP("ConversationView", "Ask the same question again"),
    QT_TRANSLATE_NOOP("ConversationView", "Put this question back in the box to change it"),
)
# A char-format property set on the text of an unsupported sentence (for tests and tools).
UNSUPPORTED = QTextFormat.Property.UserProperty + 16


def mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    """``a`` blended towards ``b`` (0: all a, 1: all b)."""
    t = max(0.0, min(1.0, share_of_b))
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Colours:
    """The colours of the conversation, all taken from (or mixed out of) one palette's roles."""

    text: QColor
    base: QColor
    muted: QColor  # the model's name, notes
    question: QColor  # the tint behind a question
    quote: QColor  # the tint behind the passages quoted from the documents, and code
    link: QColor
    mark: QColor  # the underline of a sentence no passage supports
    warning: QColor  # stopped, interrupted, failed
    rule: QColor  # table borders

    @classmethod
    def from_palette(cls, palette: QPalette) -> Colours:
        text, base = palette.color(Role.Text), palette.color(Role.Base)
        highlight = palette.color(Role.Highlight)
        link = palette.color(Role.Link)
        if contrast(link, base) < 3.0:  # a palette whose link colour is not meant for this background
            link = mix(text, highlight, 0.35)
        accent = palette.color(Role.Accent)
        mark = accent if contrast(accent, base) >= 2.0 else link
        return cls(
            text=text,
            base=base,
            muted=mix(text, base, 0.35),
            question=mix(base, highlight, 0.14),
            quote=mix(base, text, 0.06),
            link=link,
            mark=mark,
            warning=mix(text, mark, 0.5),
            rule=mix(base, text, 0.3),
        )


def char_format(
    colour: QColor | None = None, *, bold: bool = False, italic: bool = False, small: bool = False
) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if colour is not None:
        fmt.setForeground(QBrush(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    if small:
        fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, -1)
    return fmt


def _link(colour: QColor, href: str, tooltip: str = "", *, small: bool = False) -> QTextCharFormat:
    fmt = char_format(colour, small=small)
    fmt.setAnchor(True)
    fmt.setAnchorHref(href)
    fmt.setFontUnderline(True)
    if tooltip:
        fmt.setToolTip(tooltip)
    return fmt


def cited_sources(message: Message) -> list[Source]:
    """The sources the answer cites: flagged as cited, else (while it streams, or an answer kept
    before the flag) those whose ``[n]`` its text names. None when it cites none."""
    flagged = [s for s in message.sources if s.cited]
    if flagged:
        return flagged
    numbers = {int(n) for n in _CITATION.findall(message.text + "\n" + message.extract)}
    return [s for s in message.sources if s.number in numbers]


def with_marks(message: Message) -> str:
    """The answer's text with its unsupported sentences bracketed by :data:`MARK_START`/``MARK_END``."""
    text = message.text
    spans = []
    for check in message.sentences:
        if check.supported or not check.text.strip():
            continue
        start, end = check.start, check.end
        if text[start:end] != check.text:
            start = text.find(check.text)
            if start < 0:
                continue
            end = start + len(check.text)
        line_start = text.rfind("\n", 0, start) + 1
        syntax = _BLOCK_SYNTAX.match(text, line_start)
        if syntax is not None and syntax.end() > start:
            start = syntax.end()
        if start < end:
            spans.append((start, end))
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + MARK_START + text[start:end] + MARK_END + text[end:]
    return text


class TurnRenderer:
    """Renders messages with one palette's colours. ``row`` goes into the links (``source:row/n``)."""

    def __init__(self, palette: QPalette, font: QFont) -> None:
        self.colours = Colours.from_palette(palette)
        self.font = font

    # -- frames --------------------------------------------------------------------------------

    def frame_format(self, message: Message) -> QTextFrameFormat:
        fmt = QTextFrameFormat()
        fmt.setPadding(8)
        fmt.setTopMargin(6)
        fmt.setBottomMargin(2)
        fmt.setBorder(0)
        if message.role == "user":
            fmt.setBackground(QBrush(self.colours.question))
        return fmt

    # -- one message ---------------------------------------------------------------------------

    def render(
        self, row: int, message: Message, *, last_question: bool = False, last_answer: bool = False,
        show_all_sources: bool = False,
    ) -> QTextDocumentFragment:  # fmt: skip
        doc = QTextDocument()
        doc.setDefaultFont(self.font)
        cursor = QTextCursor(doc)
        if message.role == "user":
            self._question(cursor, row, message, last_question)
        else:
            self._answer(cursor, row, message, last_answer, show_all_sources)
        return QTextDocumentFragment(doc)

    def _question(self, cursor: QTextCursor, row: int, message: Message, last: bool) -> None:
        c = self.colours
        cursor.insertText(QCoreApplication.translate("ConversationView", "You"), char_format(c.text, bold=True))
        if last:
            edit = QCoreApplication.translate("ConversationView", "Edit")
            self._action(cursor, edit, f"edit:{row}", "Put this question back in the box to change it")
        for line in message.text.split("\n"):
            cursor.insertBlock(QTextBlockFormat(), char_format(c.text))
            cursor.insertText(line, char_format(c.text))

    def _answer(self, cursor: QTextCursor, row: int, message: Message, last: bool, show_all: bool) -> None:
        c = self.colours
        cursor.insertText("Desktop GPT", char_format(c.text, bold=True))
        if message.model:
            backend = core_text(BACKEND_LABELS.get(message.backend, ""))
            cursor.insertText(f"  {message.model}{', ' if backend else ''}{backend}", char_format(c.muted, small=True))
        if message.cloud:
            marker = char_format(c.text, small=True)
            marker.setBackground(QBrush(c.question))
            cloud = QCoreApplication.translate("ConversationView", "☁ cloud")
            cursor.insertText("  ", char_format())
            cursor.insertText(f" {cloud} ", marker)
        text = core_text(message.text) if message.no_relevant_sources else message.text  # the app's own words
        if message.extract:
            self._heading(cursor, QCoreApplication.translate("ConversationView", "From your documents"))
            self._markdown(cursor, row, message, message.extract, quoted=True)
            if text or message.pending:
                self._heading(cursor, QCoreApplication.translate("ConversationView", "Model's answer"))
        if message.pending and not text:
            self._line(
                cursor, QCoreApplication.translate("ConversationView", "Thinking…"), char_format(c.muted, italic=True)
            )
        elif text:
            body = text if message.no_relevant_sources else with_marks(message)
            self._markdown(cursor, row, message, body, quoted=False)
        self._notes(cursor, row, message, last)
        self._sources(cursor, row, message, show_all)
        if not message.pending:
            self._actions(cursor, row, message, last)

    def _line(self, cursor: QTextCursor, text: str, fmt: QTextCharFormat) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(4)
        cursor.insertBlock(block, fmt)
        cursor.insertText(text, fmt)

    def _heading(self, cursor: QTextCursor, text: str) -> None:
        self._line(cursor, text, char_format(self.colours.muted, bold=True, small=True))

    def _notes(self, cursor: QTextCursor, row: int, message: Message, last: bool) -> None:
        c = self.colours
        if message.pending:
            self._line(
                cursor,
                "▍ " + QCoreApplication.translate("ConversationView", "writing…"),
                char_format(c.muted, small=True),
            )
        if message.interrupted and not message.pending and not message.stopped:
            self._line(
                cursor,
                QCoreApplication.translate("ConversationView", "Interrupted: the answer stops here."),
                char_format(c.warning, bold=True),
            )
        elif message.stopped:
            self._line(
                cursor, QCoreApplication.translate("ConversationView", "Stopped."), char_format(c.warning, bold=True)
            )
        if message.error:
            self._line(cursor, core_text(message.error), char_format(c.warning, bold=True))
            if last:
                cursor.insertText("  ", char_format())
                cursor.insertText(
                    QCoreApplication.translate("ConversationView", "Retry"), _link(c.link, f"retry:{row}")
                )
        if message.notice:
            self._line(cursor, core_text(message.notice), char_format(c.warning))
        if message.no_relevant_sources:
            self._line(
                cursor,
                QCoreApplication.translate("ConversationView", "No relevant passage was found in your documents."),
                char_format(c.warning, bold=True),
            )

    def _sources(self, cursor: QTextCursor, row: int, message: Message, show_all: bool) -> None:
        if not message.sources:
            return
        c = self.colours
        cited = cited_sources(message)
        others = [s for s in message.sources if s not in cited]
        if cited:
            self._heading(cursor, QCoreApplication.translate("ConversationView", "Sources cited:"))
            for source in cited:
                self._source(cursor, row, source)
        if not others:
            return
        if not cited and (show_all or not message.pending):
            self._heading(
                cursor, QCoreApplication.translate("ConversationView", "No source is cited. Retrieved passages:")
            )
            show_all = True
        elif show_all:
            self._line(
                cursor,
                QCoreApplication.translate("ConversationView", "Hide the other retrieved passages"),
                _link(c.link, f"sources:{row}", small=True),
            )
        else:
            label = QCoreApplication.translate("ConversationView", "Show all retrieved ({count})").format(
                count=len(message.sources)
            )
            self._line(cursor, label, _link(c.link, f"sources:{row}", small=True))
        if show_all:
            for source in others:
                self._source(cursor, row, source)

    def _source(self, cursor: QTextCursor, row: int, source: Source) -> None:
        label = f"[{source.number}] {source.document}, {place_text(source)}"
        self._line(cursor, label, _link(self.colours.link, f"source:{row}/{source.number}", source.snippet))

    def _actions(self, cursor: QTextCursor, row: int, message: Message, last: bool) -> None:
        if not message.text and not message.extract:
            return
        block = QTextBlockFormat()
        block.setTopMargin(4)
        cursor.insertBlock(block, char_format())
        copy = QCoreApplication.translate("ConversationView", "Copy")
        self._action(cursor, copy, f"copy:{row}", "Copy the answer with its sources")
        if last:
            again = QCoreApplication.translate("ConversationView", "Regenerate")
            self._action(cursor, again, f"regenerate:{row}", "Ask the same question again")

    def _action(self, cursor: QTextCursor, label: str, href: str, tooltip: str) -> None:
        """A small link on the current line (after a gap when it is not the first)."""
        if not cursor.atBlockStart():
            cursor.insertText("   ", char_format())
        tip = QCoreApplication.translate("ConversationView", tooltip)
        cursor.insertText(label, _link(self.colours.link, href, tip, small=True))

    # -- Markdown ------------------------------------------------------------------------------

    def _markdown(self, cursor: QTextCursor, row: int, message: Message, text: str, *, quoted: bool) -> None:
        doc = QTextDocument()
        doc.setDefaultFont(self.font)
        doc.setMarkdown(text, MARKDOWN)
        self._restyle(doc, quoted)
        self._link_citations(doc, row, message)
        self._mark_unsupported(doc)
        cursor.insertBlock(doc.begin().blockFormat(), char_format(self.colours.text))
        cursor.insertFragment(QTextDocumentFragment(doc))  # its first block joins the one just made

    def _restyle(self, doc: QTextDocument, quoted: bool) -> None:
        """Palette colours for text, links and tables; code in the view's monospace at the view's size;
        images never loaded (their address is shown); a quoted lead tinted and indented."""
        c = self.colours
        for frame in doc.rootFrame().childFrames():
            if frame.frameFormat().isTableFormat():
                table = QTextTableFormat(frame.frameFormat().toTableFormat())
                table.setBorderBrush(QBrush(c.rule))
                frame.setFrameFormat(table)
        spans: list[tuple[int, int, QTextCharFormat, bool]] = []
        block = doc.begin()
        while block.isValid():
            code = block.blockFormat().hasProperty(QTextFormat.Property.BlockCodeFence)
            if code or quoted:
                tint = QTextBlockFormat()
                tint.setBackground(QBrush(c.quote))
                if quoted:
                    tint.setLeftMargin(12)
                QTextCursor(block).mergeBlockFormat(tint)
            item = block.begin()
            while not item.atEnd():
                fragment = item.fragment()
                spans.append((fragment.position(), fragment.length(), fragment.charFormat(), code))
                item += 1
            block = block.next()
        for position, length, fmt, code in reversed(spans):  # from the end: a replaced image moves nothing left to do
            span = QTextCursor(doc)
            span.setPosition(position)
            span.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            if fmt.isImageFormat():
                span.insertText(f"[{fmt.toImageFormat().name()}]", char_format(c.muted))
                continue
            if code or "monospace" in (fmt.fontFamilies() or []):
                fmt.clearProperty(QTextFormat.Property.FontPointSize)  # follow the zoom
                fmt.setFontFixedPitch(True)
                fmt.setFontStyleHint(QFont.StyleHint.Monospace)
                fmt.setBackground(QBrush(c.quote))
            fmt.setForeground(QBrush(c.link if fmt.isAnchor() else c.text))
            span.setCharFormat(fmt)

    def _link_citations(self, doc: QTextDocument, row: int, message: Message) -> None:
        """Each ``[n]`` naming a source becomes a link to it (not inside code)."""
        numbers = {s.number: s for s in message.sources}
        cursor = QTextCursor(doc)
        while True:
            cursor = doc.find(_CITATION_QRE, cursor)
            if cursor.isNull():
                return
            number = int(cursor.selectedText()[1:-1])
            fmt = cursor.charFormat()
            if number not in numbers or fmt.fontFixedPitch() or fmt.isAnchor():
                continue
            source = numbers[number]
            cursor.mergeCharFormat(
                _link(self.colours.link, f"source:{row}/{number}", f"{source.document}, {place_text(source)}")
            )

    def _mark_unsupported(self, doc: QTextDocument) -> None:
        """A wavy underline and a tooltip on each sentence no passage supports; the brackets go."""
        while True:
            start = doc.find(MARK_START)
            if start.isNull():
                return
            end = doc.find(MARK_END, start)
            start.deleteChar()  # the selection: the bracket itself
            if end.isNull():
                continue
            end.deleteChar()
            span = QTextCursor(doc)
            span.setPosition(start.position())
            span.setPosition(end.position(), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(self.colours.mark)
            fmt.setToolTip(QCoreApplication.translate("ConversationView", "No cited passage supports this sentence"))
            fmt.setProperty(UNSUPPORTED, True)
            span.mergeCharFormat(fmt)
