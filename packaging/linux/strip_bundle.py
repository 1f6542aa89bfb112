"""Strip the frozen app's libraries that strip safely:  strip_bundle.py DIST_DIR

Stripping drops symbol tables and debugging data, which nothing loads at run time: about a sixth
of the bundle. Some of the wheels' libraries were rewritten by auditwheel with patchelf, which
leaves their segments laid out in a way ``strip`` does not keep: stripped, numpy's OpenBLAS no
longer loads ("ELF load command address/offset not page-aligned"). So each library is stripped as
a copy, and the copy replaces it only if everything the loader maps is unchanged: the same program
headers (but for their file offsets), every loadable segment byte for byte the same, and each
segment's offset still congruent with its address. A library that fails this is kept as it is.

PyInstaller's executable is never touched (its Python archive is appended to it, and strip would
cut it off): only the files under ``_internal`` are. Prints one line (the folders of the libraries
kept as they are); exits non-zero only if ``strip`` is missing.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

PT_LOAD = 1


def program_headers(data: bytes) -> list[tuple[int, ...]] | None:
    """The program headers of a 64-bit little-endian ELF file: (type, flags, offset, vaddr, paddr,
    filesz, memsz, align) each; None for any other file."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    (phoff,) = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    return [struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize) for i in range(phnum)]


def _without_section_table(data: bytes) -> bytes:
    """The file with its ELF header's pointer to the section headers blanked: strip rewrites it, and
    the loader never reads it (the header is mapped with the first segment)."""
    return data[:0x28] + bytes(8) + data[0x30:0x3C] + bytes(4) + data[0x40:]


def same_image(before: bytes, after: bytes) -> bool:
    """True when ``after`` maps into memory exactly as ``before`` does."""
    old, new = program_headers(before), program_headers(after)
    if old is None or new is None or len(old) != len(new):
        return False
    before, after = _without_section_table(before), _without_section_table(after)
    for o, n in zip(old, new, strict=True):
        if o[:2] != n[:2] or o[3:] != n[3:]:  # all but the file offset
            return False
        if o[0] != PT_LOAD:
            continue
        align = n[7] or 1
        if n[2] % align != n[3] % align:
            return False
        if before[o[2] : o[2] + o[5]] != after[n[2] : n[2] + n[5]]:
            return False
    return True


def strip_safely(path: Path, strip: str, scratch: Path) -> int:
    """Strip ``path`` in place if that is safe; the bytes saved (0 when kept), -1 when unsafe."""
    before = path.read_bytes()
    if program_headers(before) is None:
        return 0
    copy = scratch / "copy"
    copy.write_bytes(before)
    if subprocess.run([strip, "--strip-unneeded", str(copy)], capture_output=True).returncode != 0:
        return -1
    after = copy.read_bytes()
    if len(after) >= len(before):
        return 0
    if not same_image(before, after):
        return -1
    shutil.copymode(path, copy)
    os.replace(copy, path)
    return len(before) - len(after)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    strip = shutil.which("strip")
    if strip is None:
        print("strip_bundle: strip (binutils) is not installed", file=sys.stderr)
        return 1
    internal = Path(argv[0]) / "_internal"
    saved, stripped, kept = 0, 0, []
    with tempfile.TemporaryDirectory(dir=internal, prefix=".strip-") as tmp:
        for folder, _dirs, files in os.walk(internal):
            if Path(folder).is_relative_to(tmp):
                continue
            for name in files:
                path = Path(folder) / name
                if path.is_symlink() or not (name.endswith(".so") or ".so." in name):
                    continue
                result = strip_safely(path, strip, Path(tmp))
                if result > 0:
                    saved += result
                    stripped += 1
                elif result < 0:
                    kept.append(path.relative_to(internal))
    folders = sorted({path.parts[0] for path in kept})
    print(
        f"strip_bundle: stripped {stripped} libraries ({saved / 2**20:.0f} MB saved); {len(kept)} kept as they "
        f"are because stripping would move what they map (in {', '.join(folders) or 'none'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
