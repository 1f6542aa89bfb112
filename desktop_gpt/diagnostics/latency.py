"""Diagnostic: how responsive the GUI thread stays while indexing and while an answer streams.

A precise 5 ms heartbeat timer runs on the GUI thread; every tick that arrives late measures how
long the event loop was blocked. Run it as ``python -m desktop_gpt.diagnostics.latency [PDF]`` (offscreen
unless a display is set). It uses a temporary data folder with the starter models.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop_gpt.core.app.paths import AppPaths, default_cache_dir
from desktop_gpt.core.models.starter import install_starter_models

TICK_MS = 5
STALL_MS = 100


class Heartbeat:
    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.samples: dict[str, list[float]] = {}
        self.phase = "idle"
        self.stalls: list[dict[str, object]] = []  # when each tick came more than STALL_MS late
        self._last = 0

    def start(self) -> None:
        self.clock.start()
        self._last = self.clock.nsecsElapsed()
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        late_ms = (now - self._last) / 1e6 - TICK_MS
        self._last = now
        self.samples.setdefault(self.phase, []).append(max(0.0, late_ms))
        if late_ms > STALL_MS:
            self.stalls.append({"phase": self.phase, "at_s": round(now / 1e9, 3), "ms": round(late_ms, 1)})

    def summary(self) -> dict[str, dict[str, float]]:
        out = {}
        for phase, values in self.samples.items():
            ordered = sorted(values)
            out[phase] = {
                "ticks": len(ordered),
                "p50_ms": round(statistics.median(ordered), 2),
                "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 2),
                "max_ms": round(ordered[-1], 2),
            }
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdf", nargs="?", help="a PDF to index (default: a generated 60-page PDF)")
    parser.add_argument("--question", default="What did the survey record about roads and bridges?")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Desktop GPT latency diagnostic")
    from desktop_gpt.ui.app import create_window  # after QApplication: keeps start-up honest

    with tempfile.TemporaryDirectory(prefix="desktop-gpt-latency-") as tmp:
        paths = AppPaths(Path(tmp), Path(tmp) / "config").ensure()
        install_starter_models(paths.models_dir, default_cache_dir(), link=True)
        pdf = Path(args.pdf) if args.pdf else _generated_pdf(Path(tmp) / "sample.pdf")
        beat = Heartbeat()
        window = create_window(paths)
        window.show()
        beat.start()
        result: dict[str, object] = {}

        def wait_for(signal, condition=lambda: False) -> None:
            """Run the real event loop until ``signal`` fires (or ``condition`` already holds)."""
            if condition():
                return
            loop = QEventLoop()
            signal.connect(loop.quit)
            loop.exec()

        def pause(seconds: float) -> None:
            loop = QEventLoop()
            QTimer.singleShot(int(seconds * 1000), loop.quit)
            loop.exec()

        controller = window.controller
        wait_for(controller.workspace_ready, lambda: controller.workspace is not None)
        wait_for(controller.model_state, lambda: "loading" not in window.chat.model_label.text())
        beat.phase = "idle"
        pause(2)
        beat.phase = "indexing"
        started = time.monotonic()
        job = window.library.add_paths([str(pdf)])
        assert job is not None
        wait_for(job.finished)
        result["indexing_seconds"] = round(time.monotonic() - started, 1)
        pause(0.5)
        beat.phase = "streaming"
        window.chat.input.setPlainText(args.question)
        started = time.monotonic()
        answer_job = window.chat.send()
        assert answer_job is not None
        wait_for(answer_job.finished)
        result["answer_seconds"] = round(time.monotonic() - started, 1)
        beat.phase = "after"
        result["latency"] = beat.summary()
        result["stalls"] = beat.stalls
        result["pdf"] = str(pdf)
        window.close()
    print(json.dumps(result, indent=2))
    return 0


def _generated_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    try:
        from fpdf import FPDF
    except ImportError:  # pragma: no cover - fpdf2 comes with the test extras
        writer = PdfWriter()
        writer.add_blank_page(612, 792)
        writer.write(path)
        return path
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    sentence = (
        "The survey of the northern districts recorded the condition of roads, bridges, granaries "
        "and ferries, together with notes on weather, harvests and the cost of lamp oil. "
    )
    for page in range(60):
        pdf.add_page()
        pdf.multi_cell(180, 5.5, f"Page {page + 1}. " + sentence * 14)
    pdf.output(str(path))
    return path


if __name__ == "__main__":
    sys.exit(main())
