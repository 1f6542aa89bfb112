"""Small helpers shared by the panes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget


def name_widget(widget: QWidget, object_name: str, accessible_name: str) -> QWidget:
    """Give a widget its stable handle for automation and its name for screen readers."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget


def make_button(text: str, object_name: str, accessible_name: str, on_click: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    name_widget(button, object_name, accessible_name)
    button.clicked.connect(lambda _checked=False: on_click())
    return button
