"""The cited page of a PDF with the whole passage marked, and the sentence that best answers the
question marked more strongly (issue 16, item 4). The viewer shows it when it opens a source; the
whole document is one click away."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPen, QPolygonF, QResizeEvent, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget

from desktop_gpt.core.chat.highlight import best_sentence, passage_span

#: The page is rendered at this many pixels per point at most (2 = 144 dpi): sharp, and bounded.
MAX_SCALE = 2.0


class _Page(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.page_size = QSize()  # in points
        self.passage: list[QPolygonF] = []  # in points
        self.sentence: list[QPolygonF] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def scale(self) -> float:
        return self.width() / max(1.0, float(self.page_size.width()))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return int(width * self.page_size.height() / max(1, self.page_size.width()))

    def sizeHint(self) -> QSize:
        return QSize(self.page_size.width(), self.page_size.height())

    def mapped(self, polygons: list[QPolygonF]) -> list[QPolygonF]:
        k = self.scale()
        return [QTransform.fromScale(k, k).map(polygon) for polygon in polygons]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(QRectF(0, 0, self.width(), self.heightForWidth(self.width())), self.image)
        mark = self.palette().color(QPalette.ColorRole.Highlight)
        light, strong = QColor(mark), QColor(mark)
        light.setAlpha(60)
        strong.setAlpha(120)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(light)
        for polygon in self.mapped(self.passage):
            painter.drawPolygon(polygon)
        painter.setBrush(strong)
        outline = QPen(mark)
        outline.setWidthF(1.5)
        for polygon in self.mapped(self.sentence):
            painter.drawPolygon(polygon)
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for polygon in self.mapped(self.sentence):
            painter.drawPolygon(polygon)
        painter.end()


class CitedPageView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = _Page()
        self.setWidget(self.page)
        self.setWidgetResizable(True)
        self.setBackgroundRole(QPalette.ColorRole.Dark)

    def show_passage(self, document: QPdfDocument, page: int, passage: str, question: str = "", near: int = 0) -> bool:
        """Render ``page`` (0-based) with ``passage`` marked; False when the page does not show it."""
        text = document.getAllText(page).text()
        span = passage_span(text, passage, near)
        if span is None:
            return False
        start, end = span
        selection = document.getSelectionAtIndex(page, start, end - start)
        if not selection.isValid() or not selection.bounds():
            return False
        size = document.pagePointSize(page)
        self.page.page_size = QSize(int(size.width()), int(size.height()))
        self.page.image = document.render(page, QSize(int(size.width() * MAX_SCALE), int(size.height() * MAX_SCALE)))
        self.page.passage = list(selection.bounds())
        self.page.sentence = []
        best = best_sentence(text[start:end], question) if question else None
        if best is not None:
            strong = document.getSelectionAtIndex(page, start + best[0], best[1] - best[0])
            if strong.isValid():
                self.page.sentence = list(strong.bounds())
        self.page.setMinimumHeight(self.page.heightForWidth(self.viewport().width()))
        self.page.updateGeometry()
        self.page.update()
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.page.setMinimumHeight(self.page.heightForWidth(self.viewport().width()))

    def passage_rect(self) -> QRectF:
        """The marked passage's bounding box on screen (in the page widget's pixels)."""
        return _bounding(self.page.mapped(self.page.passage))

    def sentence_rect(self) -> QRectF:
        return _bounding(self.page.mapped(self.page.sentence))

    def scroll_to_passage(self) -> None:
        rect = self.passage_rect()
        if not rect.isEmpty():
            self.ensureVisible(int(rect.center().x()), int(rect.top()), 0, int(self.viewport().height() * 0.3))


def _bounding(polygons: list[QPolygonF]) -> QRectF:
    rect = QRectF()
    for polygon in polygons:
        rect = rect.united(polygon.boundingRect())
    return rect
