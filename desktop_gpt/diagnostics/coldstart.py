"""Prints ``SHOWN <monotonic seconds>`` the moment the main window is first shown, then exits.

Used by the benchmark to measure cold start (process start to a shown window) from outside.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_gpt.core.app.paths import AppPaths
    from desktop_gpt.ui.app import create_window

    app = QApplication(sys.argv[:1])
    data = Path(argv[0]) if argv else Path.home() / ".cache" / "desktop-gpt-coldstart"
    window = create_window(AppPaths(data, data / "config"))
    window.show()

    def shown() -> None:
        print(f"SHOWN {time.monotonic():.6f}", flush=True)
        window.controller.workspace_ready.connect(window.close)
        if window.controller.workspace is not None:
            window.close()

    QTimer.singleShot(0, shown)
    app.lastWindowClosed.connect(app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
