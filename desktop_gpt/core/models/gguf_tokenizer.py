"""Count tokens the way a GGUF chat model does, from the vocabulary inside the file.

GPT4All's Python bindings do not expose the model's tokenizer, but the GGUF header carries it:
``tokenizer.ggml.model`` "gpt2" (byte-level BPE: tokens and merges, e.g. SmolLM2, Qwen, Llama 3)
or "llama" (SentencePiece: tokens and scores, with byte fallback, e.g. Llama 2, Mistral). Either
is rebuilt here for the ``tokenizers`` library, only to count: a Hangul syllable costs a byte-level
model two or three tokens, which a rule of thumb per byte cannot know.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from desktop_gpt.core.models.gguf_header import GgufFormatError, read_header

log = logging.getLogger(__name__)
_CONTROL, _BYTE = 3, 6  # tokenizer.ggml.token_type values
_cache: dict[tuple[str, float], Any] = {}
_cache_lock = threading.Lock()


def gguf_tokenizer(path: Path) -> Any | None:
    """A ``tokenizers.Tokenizer`` equivalent to the model's for counting, or None when its kind of
    vocabulary is not known here (callers then estimate). Cached per file and modification time."""
    try:
        key = (str(path.resolve()), path.stat().st_mtime)
    except OSError:
        return None
    with _cache_lock:
        if key not in _cache:
            try:
                _cache[key] = _build(read_header(path).metadata)
            except (GgufFormatError, OSError, ValueError, KeyError, TypeError) as exc:
                log.info("no tokenizer from %s: %s", path.name, exc)
                _cache[key] = None
        return _cache[key]


def _build(meta: dict[str, Any]) -> Any | None:
    from tokenizers import AddedToken, Regex, Tokenizer, models, normalizers, pre_tokenizers

    kind = meta.get("tokenizer.ggml.model")
    tokens: list[str] = list(meta.get("tokenizer.ggml.tokens") or [])
    types: list[int] = list(meta.get("tokenizer.ggml.token_type") or [1] * len(tokens))
    if not tokens:
        return None
    if kind == "gpt2":
        merges = [tuple(m.split(" ", 1)) for m in meta.get("tokenizer.ggml.merges") or [] if " " in m]
        tokenizer = Tokenizer(models.BPE({t: i for i, t in enumerate(tokens)}, merges, ignore_merges=False))
        # GPT-2's pre-split (words, numbers, punctuation, spaces), then bytes as printable characters.
        tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    elif kind == "llama":
        scores = list(meta.get("tokenizer.ggml.scores") or [0.0] * len(tokens))
        unk = int(meta.get("tokenizer.ggml.unknown_token_id", 0))
        tokenizer = Tokenizer(
            models.Unigram(list(zip(tokens, map(float, scores), strict=True)), unk, byte_fallback=True)
        )
        steps: list[Any] = [normalizers.Replace(Regex(" "), "\u2581")]
        if meta.get("tokenizer.ggml.add_space_prefix", True):
            steps.insert(0, normalizers.Prepend("\u2581"))
        tokenizer.normalizer = normalizers.Sequence(steps)
    else:
        return None
    control = [t for t, kind_ in zip(tokens, types, strict=False) if kind_ == _CONTROL and kind_ != _BYTE and t]
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in control])
    return tokenizer


def count_tokens(tokenizer: Any, text: str) -> int:
    return len(tokenizer.encode(text, add_special_tokens=False).ids)
