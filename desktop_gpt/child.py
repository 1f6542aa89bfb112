"""Entry point of a helper process: ``python -m desktop_gpt.child ROLE`` (see core/app/child.py).

The protocol is one JSON object per line. The native library may print to stdout, so the protocol
gets its own copy of stdout and file descriptor 1 is pointed at stderr before anything loads.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

#: role -> "module:function(channel)" run in the helper.
ROLES = {
    "gpt4all": "desktop_gpt.core.models.engine_host:serve",
    "reader": "desktop_gpt.core.documents.isolated:serve",
}


class Channel:
    """The helper's side: requests in (read by a thread, so a "stop" arrives mid-work), replies out."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self._ready = threading.Condition()
        self.stop_requested: Callable[[dict[str, Any]], None] = lambda _m: None

    def reply(self, message: dict[str, Any]) -> None:
        with self._lock:
            self._out.write(json.dumps(message) + "\n")
            self._out.flush()

    def next_request(self) -> dict[str, Any] | None:
        """The next request, or None when the app closed our input (time to exit)."""
        with self._ready:
            self._ready.wait_for(lambda: bool(self.requests))
            return self.requests.pop(0)

    def read_forever(self, source: IO[str]) -> None:
        for line in source:
            message = json.loads(line)
            if message.get("op") == "stop":
                self.stop_requested(message)
                continue
            with self._ready:
                self.requests.append(message)
                self._ready.notify()
        with self._ready:  # the app is gone or done with us
            self.requests.append(None)  # type: ignore[arg-type]
            self._ready.notify()


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def run(role: str) -> int:
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever the native code prints goes to stderr, never into the protocol
    sys.stdout = sys.stderr
    _die_with_parent()
    module_name, function_name = ROLES[role].split(":")
    serve = getattr(importlib.import_module(module_name), function_name)
    channel = Channel(protocol)
    threading.Thread(target=channel.read_forever, args=(sys.stdin,), daemon=True).start()
    serve(channel)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ROLES:
        sys.exit(f"usage: python -m desktop_gpt.child {{{','.join(ROLES)}}}")
    sys.exit(run(sys.argv[1]))
