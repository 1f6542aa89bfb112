from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_gpt.core.paths import AppPaths, default_cache_dir
from desktop_gpt.core.settings import Settings
from desktop_gpt.core.starter import prepare_starter_models


@pytest.fixture(scope="session")
def starter_models() -> dict[str, Path]:
    """The real starter models (SmolLM2-135M chat, all-MiniLM-L6-v2 embedding), prepared once."""
    return prepare_starter_models(default_cache_dir())


@pytest.fixture
def app_paths(tmp_path: Path, starter_models: dict[str, Path]) -> AppPaths:
    paths = AppPaths(data_dir=tmp_path / "data", config_dir=tmp_path / "data" / "config").ensure()
    for model in starter_models.values():
        (paths.models_dir / model.name).symlink_to(model)
    return paths


@pytest.fixture
def settings() -> Settings:
    return Settings(cpu_threads=2, temperature=0.0, max_answer_tokens=64).validate()


@pytest.fixture
def workspace(app_paths: AppPaths, settings: Settings) -> Iterator[object]:
    from desktop_gpt.core.workspace import Workspace

    ws = Workspace(app_paths, settings)
    yield ws
    ws.close()
