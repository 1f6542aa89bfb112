"""``settings``, ``cloud`` and ``token``: the choices a person makes, kept by the core's settings model."""

from __future__ import annotations

import argparse
import json
import sys

from desktop_gpt.cli.output import print_json
from desktop_gpt.cli.session import workspace
from desktop_gpt.core.app.errors import DesktopGptError


def cmd_settings(args: argparse.Namespace) -> int:
    with workspace(args, writes=args.key is not None and args.value is not None) as ws:
        settings = ws.settings
        if args.key is None:
            print_json(settings.to_json())
            return 0
        if args.value is None:
            print(json.dumps(settings.value_of(args.key)))
            return 0
        change = ws.change_setting(args.key, args.value)
    print(f"{args.key} = {json.dumps(getattr(change.settings, args.key))}")
    if change.documents_to_reindex:
        print(f"{len(change.documents_to_reindex)} document(s) need re-indexing: desktop-gpt reindex")
    return 0


def cmd_cloud(args: argparse.Namespace) -> int:
    from desktop_gpt.core.app.settings import HF_ENDPOINT
    from desktop_gpt.core.chat.registry import backend_spec

    with workspace(args, writes=args.action != "status") as ws:
        settings = ws.settings
        if args.action == "status":
            state = "on" if settings.hf_endpoint_consent else "off"
            blocked = (
                " (blocked: offline mode is on)" if settings.hf_endpoint_consent and not settings.cloud_allowed else ""
            )
            print(f"Hugging Face endpoint: {state}{blocked}; endpoint: {settings.hf_endpoint or 'not set'}")
            return 0
        if args.action == "disable":
            ws.set_cloud(False)
            print("The Hugging Face endpoint is off. Nothing will be sent.")
            return 0
        print(backend_spec(HF_ENDPOINT).consent, file=sys.stderr)
        if not args.yes:
            if not sys.stdin.isatty():
                raise DesktopGptError("Confirm with --yes, or run this in a terminal to answer the question.")
            if input("Type yes to turn it on: ").strip().lower() != "yes":
                print("Left off. Nothing will be sent.")
                return 1
        change = ws.set_cloud(True)
    note = "" if change.settings.cloud_allowed else " Offline mode is on, so it stays blocked until you turn that off."
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
