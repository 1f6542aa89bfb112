"""The README's screenshots, taken from the running app.

``python -m desktop_gpt.diagnostics.screenshots --data-dir DIR --out DIR DOC...`` saves the welcome
shown on first launch (measured on this computer), then opens the window on a data folder that has
its models, adds the documents to a collection, starts a chat that answers
from it, asks a question and a follow-up, and saves the window in the light palette and in a dark
one. Run it under Xvfb (``xvfb-run -a``) for a real window, or offscreen.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

QUESTION = "Where does the name R come from?"
FOLLOW_UP = "And who were they?"


def _wait(app: object, condition: Callable[[], bool], seconds: float = 600) -> None:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = QDeadlineTimer(int(seconds * 1000))
    while not condition():
        if deadline.hasExpired():
            raise TimeoutError("the app did not get there in time")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def dark_palette() -> object:
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, "#202124"), (role.WindowText, "#e8eaed"), (role.Base, "#17181a"),
        (role.AlternateBase, "#26282b"), (role.Text, "#e8eaed"), (role.Button, "#2d2f33"),
        (role.ButtonText, "#e8eaed"), (role.Highlight, "#3d6fb4"), (role.HighlightedText, "#ffffff"),
        (role.Link, "#8ab4f8"), (role.ToolTipBase, "#2d2f33"), (role.ToolTipText, "#e8eaed"),
        (role.PlaceholderText, "#9aa0a6"),
    ):  # fmt: skip
        palette.setColor(r, QColor(colour))
    return palette


def save_welcome(app: object, paths: object, target: Path) -> None:
    """The welcome as a new user sees it, with this computer's memory and disk, the download refused
    while offline mode is on."""
    from desktop_gpt.core.app.paths import AppPaths
    from desktop_gpt.core.app.settings import Settings
    from desktop_gpt.ui.welcome import WelcomeDialog

    assert isinstance(paths, AppPaths)
    welcome = WelcomeDialog.for_paths(paths, Settings())
    welcome.show()
    welcome.request_download()
    _wait(app, lambda: welcome.isVisible())
    for _ in range(5):
        _wait(app, lambda: True)
    welcome.grab().save(str(target))
    welcome.close()
    print(f"Saved {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", required=True, help="a data folder with the models installed")
    parser.add_argument("--out", default="resources/screenshots", help="where the PNG files go")
    parser.add_argument("--welcome-only", action="store_true", help="save the welcome screen only")
    parser.add_argument("docs", nargs="*", help="documents to add")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from desktop_gpt.core.app.paths import AppPaths
    from desktop_gpt.ui.app import create_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    paths = AppPaths.resolve(args.data_dir)
    save_welcome(app, paths, out / "welcome.png")
    if args.welcome_only or not args.docs:
        return 0
    window = create_window(paths)
    window.resize(1500, 920)
    window.show()
    _wait(app, lambda: window.controller.workspace is not None)
    names = [Path(d).name for d in args.docs]
    window.library.add_paths([str(Path(d).resolve()) for d in args.docs])
    _wait(
        app, lambda: all(any(r.name == n and r.status == "ready" for r in window.library.model.rows()) for n in names)
    )
    window.library.view.selectAll()
    window.library.new_collection(name="R manuals")
    _wait(app, lambda: bool(window.library.collections.collections))
    collection = window.library.collections.collections[0]
    window.library.collections.choose(collection.collection_id)
    from desktop_gpt.core.chat.conversations import SCOPE_COLLECTION, ChatScope

    chat = window.chat
    chat.new_conversation(ChatScope(SCOPE_COLLECTION, collection=collection.collection_id))
    _wait(app, lambda: not window.controller.files_lane.busy)
    chat.rename_conversation(title="R: names and history")
    for question in (QUESTION, FOLLOW_UP):
        done: list[object] = []
        chat.answer_finished.connect(done.append)
        chat.input.setPlainText(question)
        chat.send()
        _wait(app, lambda done=done: bool(done))  # type: ignore[misc]
        chat.answer_finished.disconnect(done.append)
    _wait(app, lambda: not window.controller.files_lane.busy)
    window.grab().save(str(out / "main-window.png"))
    app.setPalette(dark_palette())  # type: ignore[arg-type]
    _wait(app, lambda: True)
    app.processEvents()
    window.grab().save(str(out / "main-window-dark.png"))
    print(f"Saved {out / 'main-window.png'} and {out / 'main-window-dark.png'}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
