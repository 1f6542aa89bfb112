"""``chat``, ``collection`` and ``summarize``: saved chats with their scope, named groups of
documents, and a document's summary; thin adapters over the workspace's actions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_gpt.cli.output import print_json
from desktop_gpt.cli.session import workspace
from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.files import atomic_write_text
from desktop_gpt.core.app.workspace import Workspace
from desktop_gpt.core.chat.conversations import SCOPE_COLLECTION, SCOPE_DOCUMENTS, Conversation
from desktop_gpt.core.chat.export import chat_markdown, citation, cited_sources
from desktop_gpt.core.chat.summary import SummaryProgress


def describe_scope(ws: Workspace, conversation: Conversation) -> str:
    """What a chat answers from, in words: "the whole library", "collection Matter 12 (3 documents)"."""
    scope = conversation.scope
    if scope.kind == SCOPE_COLLECTION:
        found = [c for c in ws.list_collections() if c.collection_id == scope.collection]
        if not found:
            return "a deleted collection"
        return f"collection {found[0].name} ({len(found[0].doc_ids)} documents)"
    if scope.kind == SCOPE_DOCUMENTS:
        names = {r.doc_id: r.name for r in ws.store.list_documents()}
        chosen = [names.get(d, "(removed)") for d in scope.documents]
        return ", ".join(chosen) if len(chosen) <= 3 else f"{len(chosen)} documents"
    return "the whole library"


def _chat_json(ws: Workspace, c: Conversation) -> dict[str, object]:
    return {
        "id": c.conversation_id, "name": c.title, "scope": c.scope.to_json(), "answers_from": describe_scope(ws, c),
        "messages": len(c.messages), "updated": c.updated,
    }  # fmt: skip


def cmd_chat(args: argparse.Namespace) -> int:
    if args.action != "list" and not args.name:
        raise DesktopGptError(f"chat {args.action} needs a NAME.")
    with workspace(args) as ws:
        if args.action == "list":
            chats = ws.conversations.list()
            if args.json:
                print_json([_chat_json(ws, c) for c in chats])
            elif not chats:
                print('No chats yet. Start one with: desktop-gpt chat new NAME, then desktop-gpt ask "…" --chat NAME')
            for c in chats if not args.json else ():
                print(f"{c.title}  ({len(c.messages) // 2} questions; answers from {describe_scope(ws, c)})")
            return 0
        if args.action == "new":
            scope = ws.scope_of(args.docs or (), args.collection or "")
            conversation = ws.new_chat(args.name, scope).result
            if args.json:
                print_json(_chat_json(ws, conversation))
            else:
                print(f"Chat {conversation.title!r} answers from {describe_scope(ws, conversation)}.")
            return 0
        conversation = ws.find_chat(args.name)
        if args.action == "delete":
            ws.delete_chat(conversation.conversation_id)
            print(f"Deleted the chat {conversation.title!r}.")
            return 0
        if args.action == "export":
            text = chat_markdown(conversation, describe_scope(ws, conversation))
            if args.output:
                out = Path(args.output).expanduser()
                atomic_write_text(out, text, lambda why: DesktopGptError(f"{out} could not be written: {why}."))
                print(f"Exported {conversation.title!r} to {out}.", file=sys.stderr)
            else:
                sys.stdout.write(text)
            return 0
        _show(ws, conversation, args.json)
        return 0


def _show(ws: Workspace, conversation: Conversation, as_json: bool) -> None:
    if as_json:
        print_json({**_chat_json(ws, conversation), "messages": [m.to_json() for m in conversation.messages]})
        return
    print(f"{conversation.title} — answers from {describe_scope(ws, conversation)}")
    for m in conversation.messages:
        if m.role == "user":
            print(f"\nYou: {m.text}")
            continue
        print(f"\nDesktop GPT: {m.extract + chr(10) if m.extract else ''}{m.text}")
        if m.interrupted:
            print("  (interrupted before it was complete)")
        if m.error:
            print(f"  (failed: {m.error})")
        for s in cited_sources(m):
            print(f"  {citation(s)}")


def cmd_collection(args: argparse.Namespace) -> int:
    if args.action != "list" and not args.name:
        raise DesktopGptError(f"collection {args.action} needs a NAME.")
    with workspace(args) as ws:
        if args.action == "list":
            collections = ws.list_collections()
            names = {r.doc_id: r.name for r in ws.store.list_documents()}
            if args.json:
                print_json(
                    [{"id": c.collection_id, "name": c.name, "documents": [names[d] for d in c.doc_ids]}
                     for c in collections]
                )  # fmt: skip
            elif not collections:
                print("No collections yet. Make one with: desktop-gpt collection create NAME [DOC...]")
            for c in collections if not args.json else ():
                print(f"{c.name}  ({len(c.doc_ids)} documents)")
                for d in c.doc_ids:
                    print(f"  {names[d]}")
            return 0
        docs = args.docs or []
        if args.action in ("add", "remove") and not docs:
            raise DesktopGptError(f"collection {args.action} needs the documents: collection {args.action} NAME DOC...")
        if args.action == "create":
            done = ws.create_collection(args.name, docs)
            print(f"Made the collection {done.result.name!r} with {len(done.result.doc_ids)} documents.")
        elif args.action == "add":
            done = ws.add_to_collection(args.name, docs)
            print(f"{done.result.name!r} now has {len(done.result.doc_ids)} documents.")
        elif args.action == "remove":
            done = ws.remove_from_collection(args.name, docs)
            print(f"{done.result.name!r} now has {len(done.result.doc_ids)} documents.")
        else:
            done = ws.delete_collection(args.name)
            print(f"Deleted the collection {done.result.name!r}; its documents stay in the library.")
        return 0


def cmd_summarize(args: argparse.Namespace) -> int:
    def progress(p: SummaryProgress) -> None:
        if args.json:
            return
        left = f", about {p.seconds_left:.0f} s left" if p.seconds_left is not None else ""
        print(f"\r  {p.stage} {p.done}/{p.total}{left}   ", end="", file=sys.stderr, flush=True)

    with workspace(args) as ws:
        summary, conversation = ws.summarize(args.doc, chat=args.chat, on_progress=progress).result
    if args.json:
        print_json({**summary.to_json(), "chat": {"id": conversation.conversation_id, "name": conversation.title}})
        return 0
    print(file=sys.stderr)
    print(summary.text)
    print("\nSources:")
    for s in summary.sources:
        print(f"  {citation(s)}")
    print(f"\nKept in the chat {conversation.title!r}.", file=sys.stderr)
    return 0
