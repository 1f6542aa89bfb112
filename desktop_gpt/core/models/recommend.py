"""What this computer has (memory, disk) and which chat model to recommend for it.

The welcome shown on first launch and ``desktop-gpt models recommend`` are adapters over these
functions: the measurement and the recommendation are written once, here. Nothing here opens a
connection.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop_gpt.core.models.model_manager import CatalogEntry

#: Room left for the system and the app itself when judging whether a model fits in free memory.
RAM_HEADROOM = 0.5 * 2**30
#: Room left on the disk after a download (the index and chats grow too).
DISK_HEADROOM = 1 * 2**30


@dataclass(frozen=True)
class Machine:
    """What this computer has now, measured (0 when the system would not say)."""

    total_ram: int
    free_ram: int
    free_disk: int  # on the disk that holds the library
    cpu_count: int


def _meminfo() -> tuple[int, int]:
    """(total, available) bytes from Linux's /proc/meminfo."""
    values: dict[str, int] = {}
    with open("/proc/meminfo", encoding="ascii") as info:
        for line in info:
            name, _, rest = line.partition(":")
            parts = rest.split()
            if parts and parts[0].isdigit():
                values[name] = int(parts[0]) * 1024
    return values.get("MemTotal", 0), values.get("MemAvailable", values.get("MemFree", 0))


def _windows_memory() -> tuple[int, int]:
    class MemoryStatus(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]  # fmt: skip

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return 0, 0
    return int(status.ullTotalPhys), int(status.ullAvailPhys)


def memory() -> tuple[int, int]:
    """(total, free) physical memory in bytes; "free" counts what the system can hand out now
    (Linux's MemAvailable: free plus reclaimable cache)."""
    try:
        if sys.platform.startswith("linux"):
            return _meminfo()
        if sys.platform == "win32":
            return _windows_memory()
        page = os.sysconf("SC_PAGE_SIZE")
        total = os.sysconf("SC_PHYS_PAGES") * page
        free = os.sysconf("SC_AVPHYS_PAGES") * page if "SC_AVPHYS_PAGES" in os.sysconf_names else 0
        return total, free
    except (OSError, ValueError, AttributeError):
        return 0, 0


def free_disk(folder: Path) -> int:
    """Free bytes on the disk that holds ``folder`` (or its nearest existing parent: a library folder
    is made on first start)."""
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return 0


def measure_machine(library: Path) -> Machine:
    total, free = memory()
    return Machine(total_ram=total, free_ram=free, free_disk=free_disk(library), cpu_count=os.cpu_count() or 1)


@dataclass(frozen=True)
class ModelFit:
    """Whether one catalog model fits this computer now."""

    entry: CatalogEntry
    ram_needed: int
    disk_needed: int
    fits_ram: bool
    fits_disk: bool

    @property
    def fits(self) -> bool:
        return self.fits_ram and self.fits_disk


def fit_of(entry: CatalogEntry, machine: Machine) -> ModelFit:
    """Memory and disk ``entry`` needs against what ``machine`` has. Unknown memory (0) counts as
    enough: the model manager says the same when the model is used."""
    ram_needed = int(entry.ram_gb * 2**30)
    disk_needed = entry.size
    fits_ram = machine.free_ram == 0 or machine.free_ram >= ram_needed + RAM_HEADROOM
    fits_disk = machine.free_disk >= disk_needed + DISK_HEADROOM
    return ModelFit(entry, ram_needed, disk_needed, fits_ram, fits_disk)


def recommended_chat_model(catalog: list[CatalogEntry], machine: Machine) -> ModelFit | None:
    """The catalog's recommended multilingual chat model that fits this computer: the first by the
    catalog's ``recommended`` order that fits, else the smallest recommended one (it says why not)."""
    ranked = sorted(
        (e for e in catalog if e.kind == "chat" and e.recommended > 0 and e.multilingual),
        key=lambda e: e.recommended,
    )
    if not ranked:
        return None
    fits = [fit_of(entry, machine) for entry in ranked]
    return next((fit for fit in fits if fit.fits), min(fits, key=lambda fit: fit.entry.size))
