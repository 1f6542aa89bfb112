"""GGUF model files: read their header, check them before the engine sees them, fix known aliases.

The bundled engine (gpt4all 2.8.2, llama.cpp of mid-2024) aborts the whole process on some
inputs it does not know, so every file is inspected here first.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from desktop_gpt.core.app.errors import ModelFileError
from desktop_gpt.core.models.gguf_header import GgufFormatError, read_header

GGUF_MAGIC = b"GGUF"

#: Architectures the bundled engine can run (read from its library's architecture table).
SUPPORTED_CHAT_ARCHITECTURES = frozenset(
    {
        "llama", "falcon", "gpt2", "gptneox", "mpt", "baichuan", "starcoder", "refact", "bloom",
        "stablelm", "qwen", "qwen2", "qwen2moe", "phi2", "phi3", "codeshell", "orion",
        "internlm2", "gemma", "gemma2", "starcoder2", "xverse", "command-r", "olmo",
        "openelm", "deepseek2", "chatglm", "jais",
    }
)  # fmt: skip
SUPPORTED_EMBEDDING_ARCHITECTURES = frozenset({"bert", "nomic-bert"})

#: BPE pre-tokenizers the bundled engine knows by name.
SUPPORTED_PRE_TOKENIZERS = frozenset(
    {
        "default", "llama3", "llama-v3", "llama-bpe", "deepseek-llm", "deepseek-coder", "falcon",
        "mpt", "starcoder", "gpt-2", "refact", "command-r", "stablelm2", "qwen2", "olmo", "dbrx",
        "smaug-bpe", "poro-chat", "jais", "viking", "chatglm-bpe", "jina-v2-es", "jina-v2-de",
        "jina-es", "jina-de", "jina-v2-code", "tekken",
    }
)  # fmt: skip

#: Newer pre-tokenizer names that are the same split rule as one the engine knows.
PRE_TOKENIZER_ALIASES = {"smollm": "starcoder"}


@dataclass(frozen=True)
class GgufInfo:
    """What the header of a GGUF file says about the model inside."""

    path: Path
    architecture: str
    name: str
    file_size: int
    context_length: int
    pre_tokenizer: str | None
    chat_template: str | None
    bos_token: str | None
    eos_token: str | None
    embedding_length: int
    add_bos_token: bool = False
    block_count: int = 0
    head_count: int = 0
    head_count_kv: int = 0
    file_type: int | None = None
    tokenizer_model: str | None = None
    languages: tuple[str, ...] = ()  # general.languages, when the file names them
    parameters: int = 0  # the weights' count, summed over the tensor table

    @property
    def quantization(self) -> str:
        if self.file_type is None:
            return "unknown"
        import gguf

        try:
            return gguf.LlamaFileType(self.file_type).name.removeprefix("MOSTLY_").removeprefix("ALL_")
        except ValueError:
            return f"type {self.file_type}"

    def ram_estimate(self, context_length: int) -> int:
        """Bytes to run: the weights (memory-mapped) plus an f16 KV cache for the context, plus slack."""
        if self.is_embedding_model or not self.block_count or not self.head_count:
            return self.file_size + 64 * 2**20
        head_dim = self.embedding_length // self.head_count
        kv_heads = self.head_count_kv or self.head_count
        kv_cache = 2 * self.block_count * context_length * kv_heads * head_dim * 2
        return self.file_size + kv_cache + 256 * 2**20

    @property
    def is_embedding_model(self) -> bool:
        return self.architecture in SUPPORTED_EMBEDDING_ARCHITECTURES


def inspect_gguf(path: str | os.PathLike[str]) -> GgufInfo:
    """Read and check a GGUF header. Raises :class:`ModelFileError` in plain words."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"Model file not found: {path}")
    size = path.stat().st_size
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic != GGUF_MAGIC:
        raise ModelFileError(f"{path.name} is not a GGUF model file (wrong magic number).")
    try:
        header = read_header(path)
    except (GgufFormatError, OSError, ValueError) as exc:
        raise ModelFileError(f"{path.name} is damaged or incomplete: {exc}.") from exc
    end = max((t.offset + t.n_bytes for t in header.tensors), default=0)
    if end > size:
        raise ModelFileError(f"{path.name} is incomplete: its tensors need {end:,} bytes but the file has {size:,}.")
    meta = header.metadata
    arch = meta.get("general.architecture")
    if not arch or not isinstance(arch, str):
        raise ModelFileError(f"{path.name} does not say which architecture it is.")
    tokens = meta.get("tokenizer.ggml.tokens") or []

    def token(key: str) -> str | None:
        idx = meta.get(key)
        return str(tokens[idx]) if isinstance(idx, int) and 0 <= idx < len(tokens) else None

    return GgufInfo(
        path=path,
        architecture=arch,
        name=str(meta.get("general.name") or path.stem),
        file_size=size,
        context_length=int(meta.get(f"{arch}.context_length") or 2048),
        pre_tokenizer=meta.get("tokenizer.ggml.pre"),
        chat_template=meta.get("tokenizer.chat_template"),
        bos_token=token("tokenizer.ggml.bos_token_id"),
        eos_token=token("tokenizer.ggml.eos_token_id"),
        embedding_length=int(meta.get(f"{arch}.embedding_length") or 0),
        add_bos_token=bool(meta.get("tokenizer.ggml.add_bos_token")),
        block_count=int(meta.get(f"{arch}.block_count") or 0),
        head_count=_first_int(meta.get(f"{arch}.attention.head_count")),
        head_count_kv=_first_int(meta.get(f"{arch}.attention.head_count_kv")),
        file_type=meta.get("general.file_type") if isinstance(meta.get("general.file_type"), int) else None,
        tokenizer_model=meta.get("tokenizer.ggml.model"),
        parameters=sum(math.prod(t.shape) for t in header.tensors),
        languages=tuple(map(str, meta.get("general.languages") or ()))
        if isinstance(meta.get("general.languages"), list)
        else (),
    )


def _first_int(value: object) -> int:
    """Some models store per-layer head counts as an array; the first layer's is enough here."""
    if isinstance(value, list):
        value = value[0] if value else 0
    return int(value) if isinstance(value, int) else 0


def check_runnable(info: GgufInfo) -> None:
    """Raise :class:`ModelFileError` if the bundled engine would reject or crash on this model."""
    arch = info.architecture
    if arch not in SUPPORTED_CHAT_ARCHITECTURES and arch not in SUPPORTED_EMBEDDING_ARCHITECTURES:
        raise ModelFileError(f"{info.path.name}: architecture '{arch}' is newer than the bundled engine supports.")
    if not info.tokenizer_model:
        raise ModelFileError(f"{info.path.name} has no tokenizer, so it cannot be a chat or embedding model.")
    pre = info.pre_tokenizer
    if pre and not info.is_embedding_model and pre not in SUPPORTED_PRE_TOKENIZERS:
        if pre in PRE_TOKENIZER_ALIASES:
            raise ModelFileError(
                f"{info.path.name}: pre-tokenizer '{pre}' must be rewritten to "
                f"'{PRE_TOKENIZER_ALIASES[pre]}' first (import the model to fix it)."
            )
        raise ModelFileError(f"{info.path.name}: pre-tokenizer '{pre}' is newer than the bundled engine supports.")


def rewrite_metadata(src: Path, dst: Path, changes: dict[str, str]) -> None:
    """Copy a GGUF file to ``dst`` with some string metadata values replaced. Atomic."""
    import gguf

    reader = gguf.GGUFReader(src, "r")
    arch = read_header(src).metadata["general.architecture"]
    fd, tmp_name = tempfile.mkstemp(dir=dst.parent, prefix=".tmp-", suffix=".gguf")
    os.close(fd)
    try:
        writer = gguf.GGUFWriter(tmp_name, arch=arch, endianess=reader.endianess)
        alignment_field = reader.get_field("general.alignment")
        alignment = alignment_field.contents() if alignment_field is not None else None
        if alignment is not None:
            writer.data_alignment = alignment
        for field in reader.fields.values():
            if field.name == "general.architecture" or field.name.startswith("GGUF."):
                continue
            val_type = field.types[0]
            sub_type = field.types[-1] if val_type == gguf.GGUFValueType.ARRAY else None
            value = changes.get(field.name, field.contents())
            writer.add_key_value(field.name, value, val_type, sub_type=sub_type)
        for tensor in reader.tensors:
            writer.add_tensor_info(
                tensor.name, tensor.data.shape, tensor.data.dtype, tensor.data.nbytes, tensor.tensor_type
            )
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_ti_data_to_file()
        for tensor in reader.tensors:
            writer.write_tensor_data(tensor.data, tensor_endianess=reader.endianess)
        writer.close()
        del reader
        os.replace(tmp_name, dst)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def import_model_file(src: Path, models_dir: Path) -> GgufInfo:
    """Validate a GGUF file, then place it in ``models_dir``, fixing known pre-tokenizer aliases.

    Every check runs before anything is written: a refused file leaves the models folder untouched.
    """
    info = inspect_gguf(src)
    alias = None if info.is_embedding_model else PRE_TOKENIZER_ALIASES.get(info.pre_tokenizer or "")
    check_runnable(replace(info, pre_tokenizer=alias) if alias else info)
    models_dir.mkdir(parents=True, exist_ok=True)
    dst = models_dir / src.name
    if dst.exists() and dst.resolve() != src.resolve():
        raise ModelFileError(f"A model named {src.name} is already installed.")
    if alias:
        rewrite_metadata(src, dst, {"tokenizer.ggml.pre": alias})
    elif src.resolve() != dst.resolve():
        tmp = dst.with_name(f".tmp-{dst.name}")
        try:
            shutil.copyfile(src, tmp)
            os.replace(tmp, dst)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    dst.chmod(0o644)
    return inspect_gguf(dst)
