"""Helper processes that speak JSON lines: native engines and file parsers run outside the app.

A native abort, a segfault, an out-of-memory kill or a hang in a helper costs that helper only:
the app sees :class:`ChildDiedError` with the reason (exit code or signal, and the last lines the
helper wrote to stderr) and starts a fresh one when it is needed again.

The helper is this same program started with a role (``python -m desktop_gpt.child ROLE``, or
``desktop-gpt --child ROLE`` in the frozen app). It inherits the environment, so the privacy
switches apply to it too, and it dies with the app (its stdin closes; on Linux also by signal).
"""

from __future__ import annotations

import base64
import collections
import json
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from typing import IO, Any, TypeVar

from desktop_gpt.core.app import errors
from desktop_gpt.core.app.errors import DesktopGptError

CHILD_FLAG = "--child"
_EOF = object()


class ChildDiedError(DesktopGptError):
    """A helper process ended while it had work: ``reason`` says how, in plain words."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


E = TypeVar("E", bound=DesktopGptError)


def error_class(name: str, base: type[E], default: type[E] | None = None) -> type[E]:
    """The error class a helper named in its reply, if it is a ``base``; else ``default`` (or ``base``)."""
    kind = getattr(errors, name, None)
    return kind if isinstance(kind, type) and issubclass(kind, base) else default or base


def child_command(role: str) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG, role]
    return [sys.executable, "-m", "desktop_gpt.child", role]


def describe_exit(returncode: int | None) -> str:
    if returncode is None:
        return "it stopped answering"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        meaning = {"SIGKILL": "killed, e.g. out of memory", "SIGSEGV": "crashed", "SIGABRT": "aborted"}.get(name)
        return f"{name}{f': {meaning}' if meaning else ''}"
    return f"exit code {returncode}"


def encode_floats(values: Sequence[float]) -> str:
    import array

    return base64.b64encode(array.array("f", values).tobytes()).decode("ascii")


def decode_floats(text: str) -> list[float]:
    import array

    values = array.array("f")
    values.frombytes(base64.b64decode(text))
    return values.tolist()


class ChildProcess:
    """One helper process. Not thread-safe: its owner serves one caller at a time."""

    def __init__(self, role: str, *, label: str) -> None:
        self.role = role
        self.label = label  # e.g. "the chat model", for messages
        self._process: subprocess.Popen[bytes] | None = None
        self._messages: queue.Queue[Any] = queue.Queue()
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=12)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        self._messages = queue.Queue()
        self._stderr_tail.clear()
        self._process = subprocess.Popen(
            child_command(self.role),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            close_fds=True,
        )
        threading.Thread(target=self._read_stdout, args=(self._process, self._messages), daemon=True).start()
        threading.Thread(target=self._read_stderr, args=(self._process,), daemon=True).start()

    def _read_stdout(self, process: subprocess.Popen[bytes], messages: queue.Queue[Any]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                messages.put(json.loads(line))
            except ValueError:
                self._stderr_tail.append(line.decode("utf-8", "replace").rstrip())
        messages.put(_EOF)

    def _read_stderr(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            text = line.decode("utf-8", "replace").rstrip()
            if text:
                self._stderr_tail.append(text)

    def send(self, message: dict[str, Any]) -> None:
        if self._process is None or self._process.stdin is None:
            raise self._died()
        try:
            self._process.stdin.write(json.dumps(message).encode("utf-8") + b"\n")
            self._process.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise self._died() from exc

    def receive(self, timeout: float | None = None) -> dict[str, Any] | None:
        """The next message, or None when ``timeout`` passes first. Raises when the helper is gone."""
        try:
            message = self._messages.get(timeout=timeout)
        except queue.Empty:
            return None
        if message is _EOF:
            self._messages.put(_EOF)  # every later call sees it too
            raise self._died()
        return message

    def _died(self) -> ChildDiedError:
        returncode = None
        if self._process is not None:
            try:
                returncode = self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()
        reason = describe_exit(returncode)
        tail = [line for line in self._stderr_tail if line.strip()]
        detail = f" Last words: {tail[-1][:300]}" if tail and returncode not in (0, None) else ""
        self._process = None
        return ChildDiedError(
            f"{self.label[:1].upper()}{self.label[1:]} stopped unexpectedly ({reason}).{detail}", reason
        )

    def kill(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def close(self, timeout: float = 5.0) -> None:
        """Ask the helper to finish, and kill it if it does not."""
        process = self._process
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()  # the helper exits when its input closes
            process.wait(timeout=timeout)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class Channel:
    """The helper's side of the pipe: requests in (read by a thread, so that a "stop" arrives while
    the helper works), replies out. ``next_request`` gives None once the app closed the pipe."""

    def __init__(self, source: IO[str], out: IO[str]) -> None:
        self._out = out
        self._lock = threading.Lock()
        self._requests: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        self.stop_requested: Callable[[dict[str, Any]], None] = lambda _message: None
        threading.Thread(target=self._read, args=(source,), daemon=True).start()

    def reply(self, message: dict[str, Any]) -> None:
        with self._lock:
            self._out.write(json.dumps(message) + "\n")
            self._out.flush()

    def next_request(self) -> dict[str, Any] | None:
        return self._requests.get()

    def _read(self, source: IO[str]) -> None:
        for line in source:
            message = json.loads(line)
            if message.get("op") == "stop":
                self.stop_requested(message)
            else:
                self._requests.put(message)
        self._requests.put(None)  # the app is gone or done with us
