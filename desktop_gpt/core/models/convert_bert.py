"""Convert a sentence-transformers BERT folder (safetensors + tokenizer.json) to a GGUF embedding model.

Follows llama.cpp's BERT conversion: WordPiece vocabulary as a "phantom space" list, mean pooling,
non-causal attention. ``token_types.weight`` stays F32: the bundled engine aborts otherwise.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

_SAFETENSORS_DTYPES: dict[str, Any] = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read a .safetensors file with numpy only (it is a JSON header followed by raw arrays)."""
    with open(path, "rb") as fh:
        (header_len,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(header_len))
        base = 8 + header_len
    data = np.memmap(path, dtype=np.uint8, mode="r")
    tensors: dict[str, np.ndarray] = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        raw = data[base + start : base + end]
        if meta["dtype"] == "BF16":
            arr = (raw.view(np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            arr = raw.view(_SAFETENSORS_DTYPES[meta["dtype"]])
        tensors[name] = np.asarray(arr).reshape(meta["shape"])
    return tensors


def _phantom(token: str) -> str:
    if token.startswith("[") and token.endswith("]"):
        return token
    if token.startswith("##"):
        return token[2:]
    return "\u2581" + token


def convert_bert_folder(model_dir: Path, out_path: Path, name: str | None = None) -> Path:
    import gguf

    config: dict[str, Any] = json.loads((model_dir / "config.json").read_text())
    tokenizer = json.loads((model_dir / "tokenizer.json").read_text())
    vocab: dict[str, int] = tokenizer["model"]["vocab"]
    tokens = [""] * len(vocab)
    for tok, idx in vocab.items():
        tokens[idx] = tok
    special = {t["content"]: t["id"] for t in tokenizer.get("added_tokens", [])}
    toktypes = [gguf.TokenType.CONTROL if tok in special else gguf.TokenType.NORMAL for tok in tokens]
    n_layers = int(config["num_hidden_layers"])
    pooling = gguf.PoolingType.MEAN
    pooling_cfg = model_dir / "1_Pooling" / "config.json"
    if pooling_cfg.exists() and json.loads(pooling_cfg.read_text()).get("pooling_mode_cls_token"):
        pooling = gguf.PoolingType.CLS

    fd, tmp_name = tempfile.mkstemp(dir=out_path.parent, prefix=".tmp-", suffix=".gguf")
    os.close(fd)
    try:
        writer = gguf.GGUFWriter(tmp_name, arch="bert")
        writer.add_name(name or model_dir.name)
        writer.add_context_length(int(config["max_position_embeddings"]))
        writer.add_embedding_length(int(config["hidden_size"]))
        writer.add_feed_forward_length(int(config["intermediate_size"]))
        writer.add_block_count(n_layers)
        writer.add_head_count(int(config["num_attention_heads"]))
        writer.add_layer_norm_eps(float(config.get("layer_norm_eps", 1e-12)))
        writer.add_causal_attention(False)
        writer.add_pooling_type(pooling)
        writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
        writer.add_tokenizer_model("bert")
        writer.add_token_list([_phantom(t) for t in tokens])
        writer.add_token_types(toktypes)
        writer.add_token_type_count(int(config.get("type_vocab_size", 2)))
        for key, setter in (
            ("[UNK]", writer.add_unk_token_id),
            ("[SEP]", writer.add_sep_token_id),
            ("[PAD]", writer.add_pad_token_id),
            # The bundled engine reads CLS from its own key; newer ones take BOS/EOS.
            ("[CLS]", lambda i: writer.add_uint32("tokenizer.ggml.cls_token_id", i)),
            ("[CLS]", writer.add_bos_token_id),
            ("[SEP]", writer.add_eos_token_id),
            ("[MASK]", writer.add_mask_token_id),
        ):
            if key in vocab:
                setter(vocab[key])

        name_map = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, n_layers)
        weights = read_safetensors(model_dir / "model.safetensors")
        for hf_name, array in weights.items():
            if hf_name.endswith("position_ids") or hf_name.startswith("pooler."):
                continue
            base = hf_name.removeprefix("bert.")
            new_name = name_map.get_name(base, try_suffixes=(".weight", ".bias"))
            if new_name is None:
                raise ValueError(f"Unexpected tensor {hf_name} in {model_dir}")
            data = array.astype(np.float32)
            keep_f32 = data.ndim == 1 or new_name == "token_types.weight"
            writer.add_tensor(new_name, data if keep_f32 else data.astype(np.float16))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        os.replace(tmp_name, out_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out_path
