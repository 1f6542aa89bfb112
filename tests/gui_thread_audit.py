"""Fails a GUI test when the window's thread touches the disk or the library itself.

A Python audit hook sees every file open, listing, rename and removal, and the core's own
``desktop_gpt.store`` event (raised whenever the library's store is reached). An event counts
when it happens on the GUI thread, on a path under the test's temporary folder (or is the store
event), and was started by the app: walking out from the event, the app's frames are followed by
the event loop (pytest-qt, Qt), not by the test's own code calling in.
"""

from __future__ import annotations

import sys
import threading
import traceback
from pathlib import Path
from typing import Any

EVENTS = frozenset(
    {"open", "os.listdir", "os.scandir", "os.rename", "os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree",
     "shutil.move", "shutil.copyfile", "os.truncate", "desktop_gpt.store"}
)  # fmt: skip
APP = str(Path(__file__).resolve().parent.parent / "desktop_gpt")
TESTS = str(Path(__file__).resolve().parent)
EXEMPT = (f"{APP}/diagnostics",)  # the sample-PDF writer the tests use to make documents


class GuiThreadAudit:
    def __init__(self) -> None:
        self.root: str | None = None
        self.thread = threading.main_thread().ident
        self.violations: list[str] = []

    def arm(self, root: Path) -> None:
        self.root, self.violations = str(root), []

    def disarm(self) -> list[str]:
        self.root = None
        return self.violations

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if self.root is None or event not in EVENTS or threading.get_ident() != self.thread:
            return
        if event != "desktop_gpt.store":
            target = args[0] if args else None
            if isinstance(target, bytes):
                target = target.decode(errors="replace")
            if not isinstance(target, str | Path) or not str(target).startswith(self.root):
                return
        frame = sys._getframe(1)
        frames = []
        while frame is not None:
            frames.append(frame)
            frame = frame.f_back
        files = [f.f_code.co_filename for f in frames]
        first_app = next((i for i, name in enumerate(files) if name.startswith(APP)), None)
        if first_app is None or files[first_app].startswith(EXEMPT):
            return  # the test's own files, or a library's
        for name in files[first_app:]:
            if name.startswith(TESTS):
                return  # the test called the app directly (not through the event loop)
            if "site-packages" in name:
                break  # the event loop (pytest-qt, Qt) called the app: the app did this on its own
        where = "".join(traceback.format_list(traceback.extract_stack(frames[first_app], limit=4)))
        self.violations.append(f"{event} {args[0] if args and event != 'desktop_gpt.store' else ''}\n{where}")


AUDIT = GuiThreadAudit()
sys.addaudithook(AUDIT.hook)
