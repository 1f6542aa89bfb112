"""The helper process that runs GPT4All's engine (role ``gpt4all``; see desktop_gpt/child.py)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.child import Channel, encode_floats
from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.models.gpt4all_runner import LocalRunner


def serve(channel: Channel) -> None:
    runner: LocalRunner | None = None
    current = {"id": None}
    stop = threading.Event()

    def on_stop(message: dict[str, Any]) -> None:
        if message.get("id") == current["id"]:
            stop.set()

    def send_piece(piece: str) -> bool:
        channel.reply({"token": piece})
        return True

    channel.stop_requested = on_stop
    while (request := channel.next_request()) is not None:
        try:
            op = request["op"]
            if op == "load":
                runner = LocalRunner(
                    Path(request["path"]), n_ctx=request["n_ctx"], n_threads=request["n_threads"],
                    embedding=request["embedding"],
                )  # fmt: skip
                channel.reply({"ok": {}})
            elif runner is None:
                raise DesktopGptError("No model is loaded.")
            elif op == "generate":
                stop.clear()
                current["id"] = request["id"]
                error = runner.generate(request["prompt"], request["params"], send_piece, stop.is_set)
                channel.reply({"done": {"error": error}})
            elif op == "embed":
                vector, tokens = runner.embed(request["text"], request["prefix"])
                channel.reply({"ok": {"vector": encode_floats(vector), "tokens": tokens}})
        except DesktopGptError as exc:
            channel.reply({"error": {"type": type(exc).__name__, "message": str(exc)}})
        except Exception as exc:
            channel.reply({"error": {"type": "ModelError", "message": f"The engine failed: {exc}"}})
    if runner is not None:
        runner.close()
