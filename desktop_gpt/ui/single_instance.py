"""One window per data folder.

The window that holds the data folder's lock (:mod:`desktop_gpt.core.app.lock`) listens on a local
socket named after the folder and the user. A second ``desktop-gpt [FILE...]`` on the same folder
finds the lock taken, sends its files there (one JSON line), waits for the acknowledgement and
exits; the first window adds them and comes to the front. When a command holds the lock, or the
window does not answer, the second one says so and exits with an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QMessageBox

from desktop_gpt.core.app.errors import FolderBusyError
from desktop_gpt.core.app.lock import EXIT_BUSY, WINDOW
from desktop_gpt.ui.core_text import core_text

ANSWER_MS = 10_000  # how long the running window may take to acknowledge
STARTING_SECONDS = 5.0  # a window that has just taken the lock may not listen yet
MAX_MESSAGE = 1 << 20

log = logging.getLogger(__name__)


def server_name(data_dir: Path) -> str:
    """The socket's name: one per data folder and user."""
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{Path(data_dir).resolve()}".encode()).hexdigest()[:24]
    return f"desktop-gpt-{digest}"


class InstanceServer(QObject):
    """Listens for later starts on the same data folder; ``files_received`` carries their files."""

    files_received = Signal(list)  # absolute paths; empty when the second start only wants the window

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening. Only the holder of the lock calls it, so a socket left by a window that
        was killed is stale and removed first."""
        QLocalServer.removeServer(self.name)
        if not self.server.listen(self.name):
            log.warning("a second start cannot reach this window: %s", self.server.errorString())
            return False
        return True

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += socket.readAll().data()
        if b"\n" not in buffer:
            if len(buffer) > MAX_MESSAGE:
                socket.abort()
            return
        try:
            files = json.loads(bytes(buffer).split(b"\n", 1)[0])["files"]
            if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
                raise ValueError(files)
        except (ValueError, KeyError, TypeError):
            socket.write(b'{"ok": false}\n')
            socket.disconnectFromServer()
            return
        socket.write(b'{"ok": true}\n')
        socket.flush()
        socket.disconnectFromServer()
        self.files_received.emit(files)


def hand_over(data_dir: Path, files: list[str], starting: float = STARTING_SECONDS) -> bool:
    """Send ``files`` to the window running on ``data_dir``; True once it acknowledged them.

    Tries to connect for ``starting`` seconds: a window that has just started listens a moment after
    it took the lock."""
    message = json.dumps({"files": [str(Path(f).expanduser().resolve()) for f in files]}).encode() + b"\n"
    socket = QLocalSocket()
    deadline = time.monotonic() + starting
    while True:
        socket.connectToServer(server_name(data_dir))
        if socket.waitForConnected(1000):
            break
        socket.abort()
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    socket.write(message)
    if not socket.waitForBytesWritten(ANSWER_MS):
        return False
    reply = bytearray()
    while b"\n" not in reply:
        if not socket.waitForReadyRead(ANSWER_MS):
            return False
        reply += socket.readAll().data()
    try:
        return json.loads(bytes(reply).split(b"\n", 1)[0]).get("ok") is True
    except (ValueError, AttributeError):
        return False


def second_start(data_dir: Path, files: list[str], busy: FolderBusyError) -> int:
    """The lock is taken: hand the files to the window that holds it, or say who holds it. An exit code."""
    holder = busy.holder
    if (holder is None or holder.role == WINDOW) and hand_over(data_dir, files):
        return 0
    message = str(busy)
    if holder is not None and holder.role == WINDOW:
        message = f"{holder.who} is using this data folder but does not answer. Close it, then start again."
    print(f"desktop-gpt: {message}", file=sys.stderr)
    QMessageBox.warning(None, QCoreApplication.translate("App", "Desktop GPT is already running"), core_text(message))
    return EXIT_BUSY
