"""The core stays free of Qt: the GUI sits on top of it, never inside it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import desktop_gpt.core

CORE = Path(desktop_gpt.core.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "desktop_gpt.ui", "desktop_gpt.gui")


def test_no_core_module_imports_qt_or_the_ui() -> None:
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []
    assert len(list(CORE.rglob("*.py"))) > 10


def test_importing_the_whole_core_loads_no_qt() -> None:
    modules = sorted(
        "desktop_gpt." + ".".join(p.relative_to(CORE.parent).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.stem != "__init__"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
