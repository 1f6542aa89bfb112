"""Model files are checked before the native engine sees them (it aborts the process on some)."""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np
import pytest

from desktop_gpt.core.app.errors import ModelFileError, ModelLoadError
from desktop_gpt.core.chat.backends.gpt4all import Gpt4AllChatModel as ChatModel
from desktop_gpt.core.index.embeddings import Gpt4AllEmbeddingEngine, prefixes_for
from desktop_gpt.core.models.modelfiles import check_runnable, import_model_file, inspect_gguf


def test_starter_models_pass_validation(starter_models: dict[str, Path]) -> None:
    chat = inspect_gguf(starter_models["chat"])
    check_runnable(chat)
    assert (chat.architecture, chat.pre_tokenizer, chat.is_embedding_model) == ("llama", "starcoder", False)
    assert chat.chat_template and "<|im_start|>" in chat.chat_template
    embed = inspect_gguf(starter_models["embedding"])
    check_runnable(embed)
    assert (embed.architecture, embed.embedding_length, embed.is_embedding_model) == ("bert", 384, True)


def test_truncated_model_is_refused(tmp_path: Path, starter_models: dict[str, Path]) -> None:
    data = starter_models["embedding"].read_bytes()
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match="incomplete"):
        inspect_gguf(broken)
    with pytest.raises(ModelFileError):
        import_model_file(broken, tmp_path / "models")
    assert not (tmp_path / "models" / "broken.gguf").exists()


def test_wrong_magic_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"GGML" + b"\0" * 100)
    with pytest.raises(ModelFileError, match="magic"):
        inspect_gguf(fake)


def _tiny_gguf(path: Path, arch: str, pre: str | None = None) -> Path:
    writer = gguf.GGUFWriter(str(path), arch=arch)
    writer.add_context_length(128)
    writer.add_tokenizer_model("gpt2")
    writer.add_token_list(["a", "b", "c", "d"])
    if pre:
        writer.add_tokenizer_pre(pre)
    writer.add_tensor("token_embd.weight", np.zeros((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_architecture_newer_than_the_engine_is_refused_before_loading(tmp_path: Path) -> None:
    model = _tiny_gguf(tmp_path / "new.gguf", "gemma3")
    with pytest.raises(ModelFileError, match="architecture 'gemma3' is newer"):
        check_runnable(inspect_gguf(model))
    with pytest.raises(ModelFileError, match="gemma3"):
        ChatModel(model, context_length=512, n_threads=1, batch_size=8)


def test_unknown_pre_tokenizer_is_refused_and_alias_is_fixed(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="pre-tokenizer 'qwen3'"):
        check_runnable(inspect_gguf(_tiny_gguf(tmp_path / "q.gguf", "llama", pre="qwen3")))
    (tmp_path / "src").mkdir()
    aliased = _tiny_gguf(tmp_path / "src" / "s.gguf", "llama", pre="smollm")
    info = import_model_file(aliased, tmp_path / "models")
    assert info.pre_tokenizer == "starcoder"
    assert inspect_gguf(aliased).pre_tokenizer == "smollm", "the user's original file is untouched"


def test_chat_model_refuses_an_embedding_model(starter_models: dict[str, Path]) -> None:
    with pytest.raises(ModelLoadError, match="not a chat model"):
        ChatModel(starter_models["embedding"], context_length=512, n_threads=1, batch_size=8)


def test_minilm_gguf_reproduces_the_sentence_transformers_reference(starter_models: dict[str, Path]) -> None:
    engine = Gpt4AllEmbeddingEngine(starter_models["embedding"], n_threads=2)
    try:
        a = np.array(engine.embed_query("A man is eating food."))
        b = np.array(engine.embed_query("A man is eating a piece of bread."))
        cosine = float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
        assert engine.dimension == 384
        assert cosine == pytest.approx(0.755, abs=0.005)
        assert engine.tokens_embedded > 0
    finally:
        engine.close()


def test_task_prefixes() -> None:
    assert prefixes_for("nomic-embed-text-v1.5.f16.gguf").query == "search_query"
    assert prefixes_for("nomic-embed-text-v1.5.f16.gguf").document == "search_document"
    assert prefixes_for("all-MiniLM-L6-v2.f16.gguf").query == ""
