"""Find files in ``resources/`` from a source checkout, an installed package or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(relative: str) -> Path:
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    candidates.append(Path(__file__).resolve().parents[3] / "resources")  # desktop_gpt/core/app/ -> the checkout
    candidates.append(Path(sys.prefix) / "share" / "desktop-gpt" / "resources")
    for root in candidates:
        if (root / relative).exists():
            return root / relative
    return candidates[-1] / relative
