"""One ingestion run in its own process (so its peak memory is its own). Prints one JSON object.

python -m benchmarks.ingest_worker {ours|naive} DATA_DIR MODELS_DIR PDF...
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from desktop_gpt.core.app.privacy import lock_down

lock_down()  # the naive pipeline loads the same native libraries: keep them as quiet as the app's


def ours(data_dir: Path, models_dir: Path, pdfs: list[str], embedding_model: str = "") -> dict[str, object]:
    """The app's pipeline at default settings (``embedding_model``: another embedding model)."""
    from desktop_gpt.core.app.paths import AppPaths
    from desktop_gpt.core.app.settings import Settings
    from desktop_gpt.core.app.workspace import Workspace

    paths = AppPaths(data_dir, data_dir / "config").ensure()
    for model in models_dir.iterdir():
        (paths.models_dir / model.name).symlink_to(model.resolve())
    settings = Settings(cpu_threads=2)
    if embedding_model:
        settings = settings.with_changes(embedding_model=embedding_model)
    workspace = Workspace(paths, settings.validate())
    _ = workspace.store  # opened at start-up in the app (it opens lazily): not part of ingesting
    started = time.perf_counter()
    report = workspace.ingest(pdfs)
    seconds = time.perf_counter() - started
    workspace.close()
    return {
        "seconds": seconds, "pages": report.pages, "chunks": report.chunks, "tokens": report.tokens_embedded,
        "phases": report.phase_seconds, "engine": workspace.embedding_model_id,
    }  # fmt: skip


def naive(data_dir: Path, models_dir: Path, pdfs: list[str]) -> dict[str, object]:
    """The pipeline the LangChain tutorials build: pypdf page by page, RecursiveCharacterTextSplitter,
    GPT4All embeddings one text per call, LanceDB. Downloads are off; everything else is default."""
    import lancedb
    from gpt4all import Embed4All
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from pypdf import PdfReader

    phases = {"parse": 0.0, "split": 0.0, "embed": 0.0, "write": 0.0}
    started = time.perf_counter()
    t0 = time.perf_counter()
    documents = []
    for pdf in pdfs:
        for number, page in enumerate(PdfReader(pdf).pages, start=1):
            documents.append(Document(page.extract_text(), metadata={"source": pdf, "page": number}))
    phases["parse"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=150).split_documents(documents)
    phases["split"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    embedder = Embed4All("all-MiniLM-L6-v2.f16.gguf", model_path=str(models_dir), allow_download=False)
    vectors, tokens = [], 0
    for chunk in splits:
        result = embedder.embed(chunk.page_content, prefix="", return_dict=True)
        vectors.append(result["embeddings"])
        tokens += result["n_prompt_tokens"]
    phases["embed"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    db = lancedb.connect(str(data_dir / "naive"))
    rows = [
        {"text": c.page_content, "source": c.metadata["source"], "page": c.metadata["page"], "vector": v}
        for c, v in zip(splits, vectors, strict=True)
    ]
    db.create_table("docs", data=rows, mode="overwrite")
    phases["write"] = time.perf_counter() - t0
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds, "pages": len(documents), "chunks": len(splits), "tokens": tokens, "phases": phases,
        "engine": "gpt4all:all-MiniLM-L6-v2.f16.gguf (one call per text)",
    }  # fmt: skip


ONNX_EMBEDDING_MODEL = "all-MiniLM-L6-v2-int8.onnx"  # "English, fastest"


def main() -> int:
    mode, data_dir, models_dir, *pdfs = sys.argv[1:]
    run = {"ours": ours, "naive": naive, "ours-minilm": lambda *a: ours(*a, embedding_model=ONNX_EMBEDDING_MODEL)}[mode]
    result = run(Path(data_dir), Path(models_dir), pdfs)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
