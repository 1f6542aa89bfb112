"""Cold start, measured from outside the process.

With ``DESKTOP_GPT_START_PROBE=1`` in its environment, the app (from source or frozen) prints
``SHOWN <monotonic seconds>`` once its main window is shown and ``READY <monotonic seconds>`` once
its library is open (``FAILED <seconds>`` if it cannot open), then closes the window and exits. On
a first start it prints ``WELCOME <monotonic seconds>`` once the welcome is shown, and skips it.
A benchmark notes the monotonic clock before it starts the process: the clock is the system's, so
the differences are the start-up times. Without the variable nothing of this runs.

    python -m desktop_gpt.diagnostics.coldstart [DATA_DIR]   # the source tree's app, probed
    DESKTOP_GPT_START_PROBE=1 QT_QPA_PLATFORM=offscreen dist/desktop-gpt/desktop-gpt --data-dir DIR
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from desktop_gpt.ui.main_window import MainWindow

PROBE_ENV = "DESKTOP_GPT_START_PROBE"


def probe(window: MainWindow) -> None:
    """Report when ``window`` (just shown) has been drawn and when its library is open, then close it."""
    from PySide6.QtCore import QTimer

    def say(what: str) -> None:
        print(f"{what} {time.monotonic():.6f}", flush=True)

    def ready() -> None:
        say("READY")
        window.close()

    def failed(_exc: object) -> None:
        say("FAILED")
        window.close()

    def shown() -> None:  # the first turn of the event loop: the show and its first paint are done
        say("SHOWN")
        controller = window.controller
        if controller.workspace is not None:
            ready()
            return
        controller.workspace_ready.connect(ready)
        controller.workspace_failed.connect(failed)

    QTimer.singleShot(0, shown)


def probe_welcome(dialog: QDialog) -> None:
    """On a first start: report when the welcome (the first window a new user sees) is shown, then
    skip it, as a person who wants the defaults does."""
    from PySide6.QtCore import QTimer

    def shown() -> None:
        print(f"WELCOME {time.monotonic():.6f}", flush=True)
        dialog.reject()

    QTimer.singleShot(0, shown)


def main(argv: list[str]) -> int:
    os.environ[PROBE_ENV] = "1"
    from desktop_gpt.main import main as app_main

    data = Path(argv[0]) if argv else Path.home() / ".cache" / "desktop-gpt-coldstart"
    return app_main(["--data-dir", str(data)])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
