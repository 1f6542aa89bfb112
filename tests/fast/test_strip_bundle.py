"""The build's safe strip (packaging/linux/strip_bundle.py): a plain library is stripped and still loads;
one that auditwheel rewrote with patchelf (numpy's OpenBLAS), which strip would break, is left as it is."""

from __future__ import annotations

import _decimal
import ctypes
import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import numpy
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("strip") is None, reason="Linux with binutils' strip"
)


def _strip_bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location("strip_bundle", ROOT / "packaging" / "linux" / "strip_bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_plain_library_is_stripped_and_still_loads(tmp_path: Path) -> None:
    strip_bundle = _strip_bundle()
    library = tmp_path / Path(_decimal.__file__).name  # the interpreter's, built with its symbols
    shutil.copyfile(_decimal.__file__, library)
    before = library.read_bytes()
    saved = strip_bundle.strip_safely(library, shutil.which("strip"), tmp_path)
    assert saved > 0 and library.stat().st_size == len(before) - saved
    assert strip_bundle.same_image(before, library.read_bytes())
    ctypes.CDLL(str(library))


def test_a_library_rewritten_by_patchelf_is_kept_as_it_is(tmp_path: Path) -> None:
    strip_bundle = _strip_bundle()
    libs = Path(numpy.__file__).parent.parent / "numpy.libs"
    openblas = next(libs.glob("libscipy_openblas*.so"), None)
    if openblas is None:
        pytest.skip("this numpy wheel carries no OpenBLAS of its own")
    library = tmp_path / openblas.name
    shutil.copyfile(openblas, library)
    (tmp_path / "scratch").mkdir()
    assert strip_bundle.strip_safely(library, shutil.which("strip"), tmp_path / "scratch") == -1
    assert library.read_bytes() == openblas.read_bytes()


def test_a_changed_loaded_byte_is_seen(tmp_path: Path) -> None:
    strip_bundle = _strip_bundle()
    before = Path(_decimal.__file__).read_bytes()
    load = next(h for h in strip_bundle.program_headers(before) if h[0] == strip_bundle.PT_LOAD and h[5] > 0x100)
    changed = bytearray(before)
    changed[load[2] + load[5] - 1] ^= 0xFF
    assert strip_bundle.same_image(before, before)
    assert not strip_bundle.same_image(before, bytes(changed))
