"""``ask``: a question answered from the library, streamed, then its sources."""

from __future__ import annotations

import argparse
import sys

from desktop_gpt.cli.output import print_json
from desktop_gpt.cli.session import workspace


def cmd_ask(args: argparse.Namespace) -> int:
    stream = not args.json

    def on_token(text: str) -> None:
        if stream:
            sys.stdout.write(text)
            sys.stdout.flush()

    with workspace(args) as ws:
        chat = ws.find_chat(args.chat) if args.chat else None
        chosen = args.backend or args.model
        choice = ws.choice(args.backend, args.model) if chosen or chat is None else None
        shown = choice or ws.choice(chat.backend or None, chat.model or None) if chat else choice
        if shown is not None and shown.is_cloud and ws.settings.cloud_allowed:
            print(f"☁ cloud: this question and its passages go to {shown.model or 'the endpoint'}.", file=sys.stderr)
        if chat is not None:
            reply = ws.ask_in_chat(chat.conversation_id, args.question, choice=choice, on_token=on_token).result
            answer, as_json = reply.answer, reply.to_json()
        else:
            answer = ws.answerer(choice).ask(args.question, on_token=on_token)
            as_json = answer.to_json()
    if args.json:
        print_json(as_json)
        return 0
    print()
    if answer.notice:
        print(f"\ndesktop-gpt: {answer.notice}", file=sys.stderr)
    if answer.sources:
        print("\nSources:")
        for s in answer.sources:
            print(f"  [{s.number}] {s.document}, {s.place} — {s.snippet[:160]}")
    return 0
