"""Render resources/icons/desktop-gpt.svg to the icon files each platform needs.

    .venv/bin/python packaging/make_icons.py

Writes packaging/linux/icons/hicolor/NxN/apps/desktop-gpt.png, packaging/windows/desktop-gpt.ico
and packaging/macos/desktop-gpt.icns (the last two with Pillow, which the test tools bring).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int) -> QImage:
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "desktop-gpt.svg"))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841 - Qt needs it for rendering
    pngs = []
    for size in SIZES:
        target = ROOT / "packaging" / "linux" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "desktop-gpt.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        render(size).save(str(target))
        pngs.append(target)
    from PIL import Image

    largest = Image.open(pngs[-1])
    ico_sizes = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    largest.save(ROOT / "packaging" / "windows" / "desktop-gpt.ico", sizes=ico_sizes)
    largest.save(ROOT / "packaging" / "macos" / "desktop-gpt.icns")
    print("\n".join(str(p.relative_to(ROOT)) for p in pngs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
