"""Real HTTP servers on loopback that speak the protocols of Ollama and of Hugging Face's chat endpoints.

No Ollama server or Hugging Face endpoint can be installed here, so these implement the parts of the
wire protocols the back ends use, byte for byte as the real servers send them: Ollama's streamed
NDJSON ``/api/chat`` with chunked transfer encoding, ``/api/tags``, ``/api/version`` and its JSON
error bodies; and the server-sent-events stream of ``/v1/chat/completions``. The reply quotes the
first source passage it received, so a test can see the retrieved passages arrive, and cites [1].
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SOURCE_TEXT = re.compile(r'<source id="(\d+)"[^>]*>\s*(.*?)\s*</source>', re.DOTALL)


def reply_for(messages: list[dict[str, Any]]) -> list[str]:
    """The words of the reply: the sentence, from any of the numbered passages it was sent, that shares
    the most words with the question, cited with that passage's own number. So a test sees whether every
    passage reached the server with its number, not merely the first one."""
    user = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
    question = set(re.findall(r"\w+", user.rsplit("Question:", 1)[-1].lower()))
    candidates = [
        (int(number), sentence)
        for number, text in SOURCE_TEXT.findall(user)
        for sentence in re.split(r"(?<=[.!?])\s+", text)
    ]
    if not candidates:
        return ["I ", "have ", "no ", "sources. "]
    number, quoted = max(candidates, key=lambda c: len(question & set(re.findall(r"\w+", c[1].lower()))))
    return [f"{word} " for word in f"The documents say: {quoted} [{number}]".split()]


@dataclass
class ServerLog:
    requests: list[dict[str, Any]] = field(default_factory=list)  # method, path, headers, body
    cut_after: int | None = None  # close the connection after this many streamed pieces
    hold_after: int | None = None  # pause the stream after this many pieces until ``release`` is set
    release: threading.Event = field(default_factory=threading.Event)
    pieces: int | None = None  # stream this many pieces instead of the quoted reply
    client_went_away: threading.Event = field(default_factory=threading.Event)
    status: int | None = None  # answer every chat request with this HTTP status


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log: ServerLog

    def log_message(self, *args: object) -> None:
        pass

    def _record(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        headers = {k.lower(): v for k, v in self.headers.items()}
        entry = {"method": self.command, "path": self.path, "headers": headers, "body": body}
        self.log.requests.append(entry)
        return entry

    def _json(self, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, content_type: str, lines: Iterator[bytes]) -> None:
        """Chunked transfer encoding, one chunk per line, as Ollama and TGI send them."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for n, line in enumerate(lines):
                if self.log.cut_after is not None and n >= self.log.cut_after:
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)  # the stream is cut: no closing chunk
                    return
                if n == self.log.hold_after:
                    self.log.release.wait(60)  # a ceiling: the test releases the stream
                self.wfile.write(f"{len(line):x}\r\n".encode() + line + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.log.client_went_away.set()
            self.close_connection = True

    def _words(self, messages: list[dict[str, Any]]) -> list[str]:
        if self.log.pieces is not None:
            return [f"word{i} " for i in range(self.log.pieces)]
        return reply_for(messages)


class OllamaHandler(_Handler):
    models: list[str]

    def do_GET(self) -> None:
        self._record()
        if self.path == "/api/version":
            self._json(200, {"version": "0.12.6"})
        elif self.path == "/api/tags":
            entries = [
                {
                    "name": name,
                    "model": name,
                    "modified_at": "2026-11-20T10:00:00.000000000Z",
                    "size": 91739413,
                    "digest": "c" * 64,
                    "details": {"format": "gguf", "family": "llama", "parameter_size": "135M"},
                }
                for name in self.models
            ]
            self._json(200, {"models": entries})
        elif self.path == "/":
            body = b"Ollama is running"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self._json(404, {"error": "404 page not found"})

    def do_POST(self) -> None:
        entry = self._record()
        if self.path != "/api/chat":
            self._json(404, {"error": "404 page not found"})
            return
        body = entry["body"] or {}
        model = body.get("model", "")
        if self.log.status is not None:
            self._json(self.log.status, {"error": "forbidden"})
            return
        if model not in self.models:
            self._json(404, {"error": f'model "{model}" not found, try pulling it first'})
            return

        def lines() -> Iterator[bytes]:
            for word in self._words(body.get("messages", [])):
                part = {
                    "model": model,
                    "created_at": "2026-11-26T10:00:00.000000000Z",
                    "message": {"role": "assistant", "content": word},
                    "done": False,
                }
                yield json.dumps(part).encode() + b"\n"
            final = {
                "model": model,
                "created_at": "2026-11-26T10:00:01.000000000Z",
                "message": {"role": "assistant", "content": ""},
                "done_reason": "stop",
                "done": True,
                "total_duration": 1000000,
                "prompt_eval_count": 100,
                "eval_count": 10,
            }
            yield json.dumps(final).encode() + b"\n"

        self._stream("application/x-ndjson", lines())


class ChatCompletionsHandler(_Handler):
    token: str

    def do_POST(self) -> None:
        entry = self._record()
        if not self.path.endswith("/v1/chat/completions"):
            self._json(404, {"error": "Not Found"})
            return
        if self.headers.get("Authorization") != f"Bearer {self.token}":
            self._json(401, {"error": "Invalid credentials in Authorization header"})
            return
        body = entry["body"] or {}

        def event(delta: dict[str, str], finish: str | None) -> bytes:
            chunk = {
                "id": "chatcmpl-1",
                "object": "chat.completion.chunk",
                "created": 1764151200,
                "model": body.get("model") or "tgi",
                "system_fingerprint": "3.3.6-native",
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
            }
            return b"data: " + json.dumps(chunk).encode() + b"\n\n"

        def lines() -> Iterator[bytes]:
            words = self._words(body.get("messages", []))[: int(body.get("max_tokens") or 10**6)]
            for word in words:
                yield event({"role": "assistant", "content": word}, None)
            yield event({"role": "assistant", "content": ""}, "stop")
            yield b"data: [DONE]\n\n"

        self._stream("text/event-stream", lines())


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up mid-stream is part of the tests


@contextmanager
def serve(handler: type[_Handler], **attributes: Any) -> Iterator[tuple[str, ServerLog]]:
    log = ServerLog()
    bound = type("Handler", (handler,), {"log": log, **attributes})
    httpd = _QuietServer(("127.0.0.1", 0), bound)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", log
    finally:
        httpd.shutdown()
        httpd.server_close()
