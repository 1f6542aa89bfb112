"""Access tokens, kept in the system keyring (never in the settings file, never in a log).

Where the system has no keyring (a bare Linux session without a Secret Service), a token is kept in
memory for this session only, and :meth:`TokenStore.persistent` says so, so the UI can tell the user.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SERVICE = "Desktop GPT"
HF_TOKEN = "huggingface-token"


def _is_system_keyring(backend: Any) -> bool:
    """A keyring the operating system provides (Secret Service, KWallet, Keychain, Credential Locker).

    Those rank at priority 1 or above; keyrings.alt's file keyrings rank below 1 and store the
    token in a file, which is not what “kept in the system keyring” promises.
    """
    chained = getattr(backend, "backends", None)
    candidates = chained if isinstance(chained, list) else [backend]
    return any(float(getattr(b, "priority", 0)) >= 1 for b in candidates)


def _chosen_by_user() -> bool:
    """The user picked a keyring back end explicitly (keyring's documented variable or config file)."""
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    try:
        from keyring.util import platform_

        return (Path(platform_.config_root()) / "keyringrc.cfg").is_file()
    except Exception:
        return False


class TokenStore:
    def __init__(self, service: str = SERVICE) -> None:
        self.service = service
        self._memory: dict[str, str] = {}
        self._keyring: Any = None
        self._probed = False

    def _backend(self) -> Any:
        """The keyring module when a real backend is there, else None (probed once, lazily: it is slow)."""
        if not self._probed:
            self._probed = True
            try:
                import keyring
                from keyring.backends import fail

                backend = keyring.get_keyring()
                if not isinstance(backend, fail.Keyring) and (_chosen_by_user() or _is_system_keyring(backend)):
                    self._keyring = keyring
            except Exception as exc:  # a broken keyring setup must not break the app
                log.info("No usable system keyring: %s", type(exc).__name__)
        return self._keyring

    @property
    def persistent(self) -> bool:
        return self._backend() is not None

    def get(self, name: str) -> str | None:
        backend = self._backend()
        if backend is not None:
            try:
                value = backend.get_password(self.service, name)
                if value:
                    return str(value)
            except Exception as exc:
                log.warning("The keyring could not be read (%s); using this session's copy.", type(exc).__name__)
        return self._memory.get(name)

    def set(self, name: str, value: str) -> bool:
        """Store a token; True when it went to the keyring, False when it lives only until the app closes."""
        value = value.strip()
        if not value:
            self.delete(name)
            return self.persistent
        self._memory[name] = value
        backend = self._backend()
        if backend is None:
            return False
        try:
            backend.set_password(self.service, name, value)
        except Exception as exc:
            log.warning("The keyring could not store the token (%s); kept for this session only.", type(exc).__name__)
            return False
        return True

    def delete(self, name: str) -> None:
        self._memory.pop(name, None)
        backend = self._backend()
        if backend is not None:
            with contextlib.suppress(Exception):  # not there: nothing to delete
                backend.delete_password(self.service, name)
