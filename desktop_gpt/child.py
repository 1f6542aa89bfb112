"""Entry point of a helper process: ``python -m desktop_gpt.child ROLE`` (see core/app/child.py).

The protocol is one JSON object per line. The native library may print to stdout, so the protocol
gets its own copy of stdout and file descriptor 1 is pointed at stderr before anything loads.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys

from desktop_gpt.core.app.child import Channel

#: role -> "module:function(channel)" run in the helper.
ROLES = {
    "gpt4all": "desktop_gpt.core.models.engine_host:serve",
    "reader": "desktop_gpt.core.documents.isolated:serve",
    "ocr": "desktop_gpt.core.documents.ocr:serve",
}


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
    serve(Channel(sys.stdin, protocol))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ROLES:
        sys.exit(f"usage: python -m desktop_gpt.child {{{','.join(ROLES)}}}")
    sys.exit(run(sys.argv[1]))
