"""``ask``: a question answered from the library, streamed, then its sources."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from desktop_gpt.cli.output import print_json
from desktop_gpt.cli.session import workspace
from desktop_gpt.core.chat.llm import BackendChoice


def cmd_ask(args: argparse.Namespace) -> int:
    stream = not args.json

    def on_token(text: str) -> None:
        if stream:
            sys.stdout.write(text)
            sys.stdout.flush()

    def on_extract(text: str) -> None:
        if stream:
            print(text, end="\n\n", flush=True)

    with workspace(args) as ws:
        if args.quotes or args.model_only:  # for this question only; the saved setting is left alone
            ws.settings = replace(ws.settings, answer_style="quotes first" if args.quotes else "model only")
        chat = ws.find_chat(args.chat) if args.chat else None
        # --backend/--model win; else a chat answers with its own back end (None lets the core decide).
        shown = ws.choice(args.backend, args.model)
        choice: BackendChoice | None = shown
        if chat is not None and not (args.backend or args.model):
            choice, shown = None, ws.choice(chat.backend or None, chat.model or None)
        if shown.is_cloud and ws.settings.cloud_allowed:
            print(f"☁ cloud: this question and its passages go to {shown.model or 'the endpoint'}.", file=sys.stderr)
        if chat is not None:
            reply = ws.ask_in_chat(
                chat.conversation_id, args.question, choice=choice, on_token=on_token, on_extract=on_extract
            ).result
            answer, as_json = reply.answer, reply.to_json()
        else:
            answer = ws.answerer(choice).ask(args.question, on_token=on_token, on_extract=on_extract)
            as_json = answer.to_json()
    if args.json:
        print_json(as_json)
        return 0
    print()
    unsupported = [c for c in answer.sentences if not c.supported]
    if unsupported:
        print("\nNo source says this (check before you rely on it):")
        for check in unsupported:
            print(f"  ✗ {' '.join(check.text.split())}")
    if answer.notice:
        print(f"\ndesktop-gpt: {answer.notice}", file=sys.stderr)
    if answer.sources:
        print("\nSources:")
        for s in answer.sources:
            print(f"  [{s.number}] {s.document}, {s.place} — {s.snippet[:160]}")
    return 0
