"""The Qt bindings keep Python's reference counts right: a long session must not abort the window.

PySide6 6.12.0 under Python 3.11 released ``None`` once more than it took it on every call of a
method that returns nothing (``setText``, ``processEvents``, a timer's slot…). ``None`` starts with a
few thousand references, so after a few minutes of use the window died with "Fatal Python error:
none_dealloc" (seen in the network audit's three-minute session). Python 3.12 and later make
``None`` immortal, which hides the bug. The check runs in its own process, in the Python the app
runs on, so that the bug it looks for fails this test instead of aborting the test run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

SESSION = """
import json, sys
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication([])
label, owner, fired = QLabel(), QObject(), []
values = {"None": None, "True": True, "False": False}
before = {name: sys.getrefcount(v) for name, v in values.items()}
for i in range(20_000):  # more calls than None has references on Python 3.11
    label.setText("x")
    label.setEnabled(i % 2 == 0)
    owner.setObjectName("o")
    app.processEvents()
for _ in range(500):
    QTimer.singleShot(0, lambda: fired.append(1))
while len(fired) < 500:
    app.processEvents()
print(json.dumps({name: sys.getrefcount(v) - before[name] for name, v in values.items()}))
"""


def test_a_long_session_of_void_calls_and_timer_slots_keeps_none_and_bools_alive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", SESSION], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    drift = json.loads(proc.stdout.strip().splitlines()[-1])
    if sys.version_info < (3, 12):  # immortal objects from 3.12 on report a fixed count
        assert all(abs(d) < 500 for d in drift.values()), drift
