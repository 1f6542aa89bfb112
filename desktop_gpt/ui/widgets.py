"""Small helpers shared by the panes."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def name_widget(widget: QWidget, object_name: str, accessible_name: str) -> QWidget:
    """Give a widget its stable handle for automation and its name for screen readers."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget
