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


#: What each core package may import from the others (the workspace, the composition root, may import all).
LAYERS = {
    "app": {"app"},
    "documents": {"app", "documents"},
    "models": {"app", "models"},
    "index": {"app", "documents", "models", "index"},
    "chat": {"app", "documents", "models", "index", "chat"},
}
#: Modules the window must not reach into: it goes through the controller and the workspace's actions.
UI_FORBIDDEN = (
    "desktop_gpt.core.index.store", "desktop_gpt.core.index.embeddings", "desktop_gpt.core.models.engine",
    "lancedb", "gpt4all", "onnxruntime", "desktop_gpt.cli",
)  # fmt: skip


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return names


def test_core_packages_import_only_the_layers_below_them() -> None:
    offenders = []
    for package, allowed in LAYERS.items():
        for path in sorted((CORE / package).rglob("*.py")):
            if path == CORE / "app" / "workspace.py":
                continue
            for name in _imports(path):
                if name.startswith("desktop_gpt.core."):
                    target = name.split(".")[2]
                    if target not in allowed:
                        offenders.append(f"{path.relative_to(CORE)} imports {name}")
    assert offenders == []
    assert set(LAYERS) == {p.name for p in CORE.iterdir() if (p / "__init__.py").exists()}


def test_the_window_reaches_the_core_through_the_controller_and_the_workspace() -> None:
    ui = CORE.parent / "ui"
    offenders = []
    for path in sorted(ui.rglob("*.py")):
        for name in _imports(path):
            if name.startswith(UI_FORBIDDEN):
                offenders.append(f"{path.name} imports {name}")
            if name == "desktop_gpt.core.app.workspace.Workspace" and path.name != "controller.py":
                offenders.append(f"{path.name} uses the Workspace directly instead of the controller")
    assert offenders == []


def test_the_command_line_never_imports_qt_or_the_window() -> None:
    cli = CORE.parent / "cli"
    offenders = [
        f"{p.name} imports {n}" for p in sorted(cli.rglob("*.py")) for n in _imports(p) if n.startswith(FORBIDDEN)
    ]
    assert offenders == []
    code = (
        "import sys\n"
        "from desktop_gpt.cli import build_parser, run_command\n"
        "args = build_parser().parse_args(['settings', 'top_k'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'desktop_gpt.ui'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
