"""Shows a :class:`ConversationModel`: one frame per message, the question tinted, the answer below
it with the model's name, its Markdown rendered, its citations linked and its sources listed.

A change to a message re-renders only that message's frame (a streamed token costs one message,
not the conversation). Colours come from the palette and follow it when it changes. Nothing remote
is ever fetched and no link is opened: the links only emit signals.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor, QTextDocument, QTextFrame, QWheelEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop_gpt.core.chat.conversations import Message
from desktop_gpt.ui.chat.turns import TurnRenderer, char_format
from desktop_gpt.ui.models import ConversationModel

# Text zoom, in steps of :data:`ZOOM_STEP`; kept for the session (a new view starts at it).
ZOOM_STEP = 1.125
ZOOM_RANGE = (-4, 8)
_session_zoom = 0


class ConversationView(QTextBrowser):
    source_activated = Signal(int, int)  # message row, source number
    retry_requested = Signal(int)  # the row of a failed answer
    copy_requested = Signal(int)  # the row of an answer
    regenerate_requested = Signal(int)  # the row of the last answer
    edit_requested = Signal(int)  # the row of the last question
    link_refused = Signal(str)
    zoom_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self._model: ConversationModel | None = None
        self._frames: list[QTextFrame] = []
        self._show_all: set[int] = set()  # answers whose every retrieved passage is listed
        self._renderer: TurnRenderer | None = None
        self._base_point_size = self.font().pointSizeF()
        self._zoom = 0
        self.zoom_actions: list[QAction] = []
        for keys, step in (
            ((QKeySequence.StandardKey.ZoomIn, "Ctrl+="), 1),
            ((QKeySequence.StandardKey.ZoomOut,), -1),
            (("Ctrl+0",), 0),
        ):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, s=step: self.zoom(s) if s else self.set_zoom(0))
            self.addAction(action)
            self.zoom_actions.append(action)
        self.set_zoom(_session_zoom)

    def setModel(self, model: ConversationModel) -> None:
        self._model = model
        model.modelReset.connect(self._reset)
        model.rowsInserted.connect(self._inserted)
        model.dataChanged.connect(self._changed)
        model.rowsRemoved.connect(self._reset)
        self._reset()

    def model(self) -> ConversationModel | None:
        return self._model

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        """Never fetch anything: no remote images, stylesheets or files."""
        return None

    # -- zoom ----------------------------------------------------------------------------------

    @property
    def zoom_level(self) -> int:
        return self._zoom

    def zoom(self, steps: int) -> None:
        self.set_zoom(self._zoom + steps)

    def set_zoom(self, level: int) -> None:
        global _session_zoom
        level = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], level))
        changed = level != self._zoom
        self._zoom = _session_zoom = level
        font = self.font()
        font.setPointSizeF(self._base_point_size * ZOOM_STEP**level)
        self.setFont(font)  # the document's default font follows: the whole text scales
        if changed:
            self.zoom_changed.emit(level)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = round(event.angleDelta().y() / 120)
            if steps:
                self.zoom(steps)
            event.accept()
            return
        super().wheelEvent(event)

    # -- links ---------------------------------------------------------------------------------

    def _on_anchor(self, url: QUrl) -> None:
        scheme, path = url.scheme(), url.path()
        signals = {
            "retry": self.retry_requested,
            "copy": self.copy_requested,
            "regenerate": self.regenerate_requested,
            "edit": self.edit_requested,
        }
        if scheme in signals and path.isdigit():
            signals[scheme].emit(int(path))
            return
        if scheme == "sources" and path.isdigit():
            self._show_all ^= {int(path)}
            self._render_rows(int(path), int(path))
            return
        if scheme == "source":
            row, _, number = path.partition("/")
            if row.isdigit() and number.isdigit():
                self.source_activated.emit(int(row), int(number))
            return
        self.link_refused.emit(url.toString())

    # -- rendering -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._renderer = None
            if event.type() == QEvent.Type.PaletteChange and self._model is not None:
                self._reset()  # every message in the new colours

    def renderer(self) -> TurnRenderer:
        if self._renderer is None:
            self._renderer = TurnRenderer(self.palette(), self.document().defaultFont())
        return self._renderer

    def _reset(self, *_: Any) -> None:
        """Render every message into a new document, then show it (a document on screen relays out
        after each insertion; one built aside is laid out once)."""
        self._frames = []
        self._show_all.clear()
        old = self.document()
        ours = old.parent() is self  # the first document belongs to the text control, which deletes it
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(old.documentMargin())
        model = self._model
        if model is None or model.rowCount() == 0:
            self._hint(doc)
        else:
            self._append_frames(0, model.rowCount() - 1, doc)
        self.setDocument(doc)
        if ours:
            old.deleteLater()
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())  # a chat opens at its latest turn

    def _hint(self, doc: QTextDocument) -> None:
        hint = self.tr(
            "Ask a question about your documents. Answers cite the page they come from; click a source to open it."
        )
        QTextCursor(doc).insertText(hint, char_format(self.renderer().colours.muted, italic=True))

    def _inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if first != len(self._frames):
            self._reset()
            return
        if not self._frames:
            self.document().clear()  # the hint goes
        self._append_frames(first, last)
        self._render_rows(max(0, first - 2), first - 1)  # the turn before loses its Edit, Regenerate, Retry

    def _changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_: Any) -> None:
        if top_left.isValid():
            self._render_rows(top_left.row(), bottom_right.row())

    def _append_frames(self, first: int, last: int, doc: QTextDocument | None = None) -> None:
        doc = doc or self.document()
        with self._kept_at_bottom():
            cursor = QTextCursor(doc)
            for row in range(first, last + 1):
                cursor.movePosition(QTextCursor.MoveOperation.End)
                self._frames.append(cursor.insertFrame(self.renderer().frame_format(self._message(row))))
                self._fill(row, doc)

    def _render_rows(self, first: int, last: int) -> None:
        with self._kept_at_bottom():
            for row in range(max(0, first), min(last, len(self._frames) - 1) + 1):
                self._fill(row)

    def _fill(self, row: int, doc: QTextDocument | None = None) -> None:
        """Replace the contents of one message's frame (the only part of the document that changes)."""
        assert self._model is not None
        message = self._message(row)
        count = self._model.rowCount()
        last_question = message.role == "user" and row >= count - 2
        fragment = self.renderer().render(
            row, message, last_question=last_question, last_answer=row == count - 1,
            show_all_sources=row in self._show_all,
        )  # fmt: skip
        frame = self._frames[row]
        frame.setFrameFormat(self.renderer().frame_format(message))
        cursor = QTextCursor(doc or self.document())
        cursor.setPosition(frame.firstPosition())
        cursor.setPosition(frame.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertFragment(fragment)

    def _message(self, row: int) -> Message:
        assert self._model is not None
        return self._model.message(row)

    def _kept_at_bottom(self) -> _Bottom:
        return _Bottom(self)

    # -- for tests and tools -------------------------------------------------------------------

    def message_range(self, row: int) -> tuple[int, int]:
        """Where one message is in the document (character positions)."""
        frame = self._frames[row]
        return frame.firstPosition(), frame.lastPosition()


class _Bottom:
    """Keeps the view scrolled to the end across a change when it was there before."""

    def __init__(self, view: ConversationView) -> None:
        self.bar = view.verticalScrollBar()
        self.at_bottom = False

    def __enter__(self) -> None:
        self.at_bottom = self.bar.value() >= self.bar.maximum() - 4

    def __exit__(self, *_: object) -> None:
        if self.at_bottom:
            self.bar.setValue(self.bar.maximum())
