"""The built-in document viewer: PDFs in QtPdf's ``QPdfView`` at the cited page with the passage
found; every other document (text, Word, slides, sheets, books) as its text with its headings, the
cited passage selected."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_gpt.core.chat.answer import Source
from desktop_gpt.core.documents.view import DocumentView
from desktop_gpt.ui.cited_page import CitedPageView
from desktop_gpt.ui.core_text import place_text
from desktop_gpt.ui.errors import plain_words
from desktop_gpt.ui.tasks import Job
from desktop_gpt.ui.widgets import name_widget


def _weight(token: str) -> int:
    """How specific a word is: a Hangul syllable or a CJK ideograph says about as much as two Latin letters."""
    return sum(2 if ord(c) >= 0x1100 and unicodedata.category(c) == "Lo" else 1 for c in token)


def search_phrase(passage: str, words: int = 6) -> str:
    """A short run of words from the start of the passage, long enough to be specific, short enough to
    match across the PDF's own line breaks. Korean words are short, so a syllable counts double."""
    tokens = passage.split()
    for start in range(0, max(1, len(tokens) - words)):
        chosen = tokens[start : start + words]
        if sum(_weight(t) for t in chosen) >= 20:
            return " ".join(chosen)
    return " ".join(tokens[:words])


def _compact(text: str) -> str:
    """Text without spaces or line breaks, in one normal form and case: the PDF engine and the reader
    that indexed the file agree on the characters, not always on the spaces between them."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def occurrence_on_page(page_text: str, passage: str, phrase: str, start: int = 0) -> int:
    """Which occurrence of ``phrase`` on the page (0 for the first) begins the cited passage, found in
    the viewer's own text of the page; 0 when the passage cannot be placed. ``start`` is where the
    passage begins in the indexed text of the page: it settles wording the page repeats."""
    page, whole, key = _compact(page_text), _compact(passage), _compact(phrase)
    offset = whole.find(key)
    if not key or offset < 0:
        return 0
    near = start * len(page) // max(1, len(" ".join(page_text.split())))  # the same place, spaces left out
    # The longest stretch of the passage the page shows; a passage that begins with words the page does
    # not show (a heading added to it) is placed by a stretch further in.
    probes = [(0, 400), (0, 160), (0, 80), *((begin, 80) for begin in range(40, len(whole) - 40, 40))]
    for probe_start, length in probes:
        probe = whole[probe_start : probe_start + length]
        found = [m.start() for m in re.finditer(f"(?={re.escape(probe)})", page)]
        if found:
            at = min(found, key=lambda at: abs(at - probe_start - near))
            return page.count(key, 0, max(0, at - probe_start + offset))
    return 0


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def qt_positions(text: str) -> Callable[[int], int]:
    """Turns offsets in ``text`` into Qt's positions, which count UTF-16 units: a character beyond
    the Basic Multilingual Plane (an emoji, a rare Han character) takes two."""
    astral = [match.start() for match in _ASTRAL.finditer(text)]
    return lambda index: index + bisect_left(astral, index)


class DocumentViewer(QDialog):
    text_shown = Signal()  # a document that is not a PDF is on screen with the cited passage selected

    def __init__(self, read_view: Callable[[Path], Job], parent: QWidget | None = None) -> None:
        """``read_view`` reads a document that is not a PDF off the GUI thread (the controller's
        file lane); its job's result is a :class:`DocumentView`."""
        super().__init__(parent)
        self._read_view = read_view
        self._text_job: Job | None = None
        self.setObjectName("documentViewer")
        self.setWindowTitle(self.tr("Document"))
        self.resize(820, 960)
        self.document = QPdfDocument(self)
        self.search_model = QPdfSearchModel(self)
        self.search_model.setDocument(self.document)
        self.pdf_view = QPdfView(self)
        name_widget(self.pdf_view, "pdfViewer", self.tr("PDF viewer"))
        self.pdf_view.setDocument(self.document)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setSearchModel(self.search_model)
        self.text_view = QTextEdit(self)
        self.text_view.setReadOnly(True)
        self.text_view.setAcceptRichText(False)
        name_widget(self.text_view, "textViewer", self.tr("Text viewer"))
        self.cited_view = CitedPageView(self)
        name_widget(self.cited_view, "citedPageView", self.tr("The cited page, with the passage marked"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pdf_view)
        self.stack.addWidget(self.text_view)
        self.stack.addWidget(self.cited_view)
        self.whole_button = QPushButton(self.tr("&Whole document"))
        name_widget(self.whole_button, "wholeDocumentButton", self.tr("Show the whole document, or the cited page"))
        self.whole_button.clicked.connect(self._toggle_whole)

        self.find_box = QLineEdit()
        name_widget(self.find_box, "viewerFind", self.tr("Find in document"))
        self.find_box.setPlaceholderText(self.tr("Find in document"))
        self.find_box.returnPressed.connect(self.find_next)
        find_button = QPushButton(self.tr("Find &next"))
        find_button.clicked.connect(self.find_next)
        self.location = QLabel()
        self.location.setObjectName("viewerLocation")
        top = QHBoxLayout()
        top.addWidget(self.location, 1)
        top.addWidget(self.whole_button)
        top.addWidget(self.find_box)
        top.addWidget(find_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.find_box.setFocus)
        self.search_model.countChanged.connect(self._on_search_results)
        self._target_page = 0
        self._cited_phrase = ""  # searched for when a source opens; its hits follow the passage
        self._occurrence = 0  # which hit of the phrase on the cited page begins the passage
        self._shown_result = -1
        self._pdf_path: Path | None = None
        self._question = ""
        self.whole_button.hide()

    # -- opening -------------------------------------------------------------------------------

    def show_source(self, source: Source, question: str = "") -> None:
        """Open the document of ``source`` at the passage; ``question`` picks the sentence marked most."""
        path = Path(source.path)
        self._question = question
        self.whole_button.hide()
        self.setWindowTitle(self.tr("{name} — {place}").format(name=path.name, place=place_text(source)))
        if path.suffix.lower() == ".pdf":
            self._show_pdf(path, source)
        else:
            self._show_text(path, source)
        self.show()
        self.raise_()
        self.activateWindow()

    def _show_pdf(self, path: Path, source: Source) -> None:
        self.stack.setCurrentWidget(self.pdf_view)
        if self.document.status() != QPdfDocument.Status.Ready or self._pdf_path != path:
            self.document.close()
            error = self.document.load(str(path))
            if error != QPdfDocument.Error.None_:
                self._pdf_path = None
                self.location.setText(self.tr("Cannot open {name}: {error}").format(name=path.name, error=error.name))
                return
            self._pdf_path = path
        self._target_page = max(0, source.page - 1)
        self.pdf_view.pageNavigator().jump(self._target_page, QPointF(0, 0), 0)
        page_text = self.document.getAllText(self._target_page).text()  # in memory: the loaded document's
        if not page_text.strip():  # a scanned page: its text was recognised (OCR), there is nothing to highlight
            self._cited_phrase = ""
            self.find_box.clear()
            self.search_model.setSearchString("")
            self.location.setText(
                self.tr("Page {page} of {count} — a scanned page; the cited passage is recognised text (OCR)").format(
                    page=source.page, count=self.document.pageCount()
                )
            )
            self.location.setToolTip(source.text)
            self._settle_on_target()
            return
        self.location.setToolTip("")
        if self.cited_view.show_passage(self.document, self._target_page, source.text, self._question, source.start):
            self.stack.setCurrentWidget(self.cited_view)
            self.whole_button.setText(self.tr("&Whole document"))
            self.whole_button.show()
            QTimer.singleShot(0, self.cited_view.scroll_to_passage)
        phrase = search_phrase(source.text)
        self._occurrence = occurrence_on_page(page_text, source.text, phrase, source.start)
        self._shown_result = -1
        self._cited_phrase = phrase
        self.find_box.setText(phrase)
        self.search_model.setSearchString(phrase)
        self._on_search_results()  # the same phrase as last time: its results are already there
        self.location.setText(
            self.tr("Page {page} of {count} — the cited passage is highlighted").format(
                page=source.page, count=self.document.pageCount()
            )
        )

    def _toggle_whole(self) -> None:
        """Between the cited page (the passage marked) and the whole document (at that page)."""
        if self.stack.currentWidget() is self.cited_view:
            self.stack.setCurrentWidget(self.pdf_view)
            self.whole_button.setText(self.tr("&Cited page"))
            self._settle_on_target()
        else:
            self.stack.setCurrentWidget(self.cited_view)
            self.whole_button.setText(self.tr("&Whole document"))

    def _settle_on_target(self) -> None:
        """Jump to the cited page once the window is shown: a jump made before, right after loading,
        is lost when the view lays the document out (on a page with text, search results jump later)."""
        QTimer.singleShot(0, lambda: self.pdf_view.pageNavigator().jump(self._target_page, QPointF(0, 0), 0))

    def _on_search_results(self) -> None:
        """Highlight the passage's own words on the cited page (the same words may occur earlier on
        it) and jump there, as results arrive."""
        if self.search_model.searchString() != self._cited_phrase:
            return  # the person searches for something else: Find next moves through those hits
        on_page = [
            i for i in range(self.search_model.rowCount(QModelIndex()))
            if self.search_model.resultAtIndex(i).page() == self._target_page
        ]  # fmt: skip
        if not on_page:
            return
        index = on_page[min(self._occurrence, len(on_page) - 1)]
        if index != self._shown_result:
            self._shown_result = index
            self.pdf_view.setCurrentSearchResultIndex(index)
            self.pdf_view.pageNavigator().jump(self.search_model.resultAtIndex(index))

    def _show_text(self, path: Path, source: Source) -> None:
        self.stack.setCurrentWidget(self.text_view)
        self.text_view.setPlainText("")
        self.location.setText(self.tr("Opening {name}…").format(name=path.name))
        job = self._text_job = self._read_view(path).owned_by(self)
        job.succeeded.connect(lambda view: self._text_read(job, path, source, view))
        job.failed.connect(lambda exc: self._text_failed(job, exc))

    def _text_failed(self, job: Job, exc: BaseException) -> None:
        if job is self._text_job:
            self.location.setText(plain_words(exc))

    def _text_read(self, job: Job, path: Path, source: Source, view: DocumentView) -> None:
        if job is not self._text_job:  # another source was opened since
            return
        text = view.text
        self.text_view.setPlainText(text)
        qt_position = qt_positions(text)
        self._format_headings(view, qt_position)
        start, end = view.position(source.page, source.start), view.position(source.page, source.end)
        cursor = self.text_view.textCursor()
        cursor.setPosition(qt_position(start))
        cursor.setPosition(qt_position(end), QTextCursor.MoveMode.KeepAnchor)
        self.text_view.setTextCursor(cursor)
        self._center_cursor()
        self.location.setText(
            self.tr("{name}, {place} — the cited passage is selected").format(name=path.name, place=place_text(source))
        )
        self.text_shown.emit()

    def _format_headings(self, view: DocumentView, qt_position: Callable[[int], int]) -> None:
        """Headings in bold, larger the higher they are (the text view keeps the document's outline)."""
        base = self.text_view.font().pointSizeF()
        cursor = QTextCursor(self.text_view.document())
        for heading in view.headings:
            cursor.setPosition(qt_position(heading.start))
            cursor.setPosition(qt_position(heading.end), QTextCursor.MoveMode.KeepAnchor)
            char = QTextCharFormat()
            char.setFontWeight(QFont.Weight.Bold)
            char.setFontPointSize(base * {1: 1.5, 2: 1.3, 3: 1.15}.get(heading.level, 1.0))
            cursor.mergeCharFormat(char)
            block = QTextBlockFormat()
            block.setHeadingLevel(heading.level)
            block.setTopMargin(base * 0.6)
            cursor.mergeBlockFormat(block)

    def _center_cursor(self) -> None:
        self.text_view.ensureCursorVisible()
        bar = self.text_view.verticalScrollBar()
        middle = self.text_view.cursorRect().center().y() - self.text_view.viewport().height() // 2
        bar.setValue(bar.value() + middle)

    # -- finding -------------------------------------------------------------------------------

    def find_next(self) -> None:
        phrase = self.find_box.text().strip()
        if not phrase:
            return
        if self.stack.currentWidget() is self.text_view:
            if not self.text_view.find(phrase):
                self.text_view.moveCursor(QTextCursor.MoveOperation.Start)
                self.text_view.find(phrase)
            return
        if self.search_model.searchString() != phrase:
            self.search_model.setSearchString(phrase)
            return
        count = self.search_model.rowCount(QModelIndex())
        if count:
            index = (self.pdf_view.currentSearchResultIndex() + 1) % count
            self.pdf_view.setCurrentSearchResultIndex(index)
            self.pdf_view.pageNavigator().jump(self.search_model.resultAtIndex(index))

    def current_page(self) -> int:
        """1-based page shown in the PDF view."""
        return self.pdf_view.pageNavigator().currentPage() + 1

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
