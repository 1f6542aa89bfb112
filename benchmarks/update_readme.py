"""Copy benchmarks/results/summary.md into the README between its benchmark markers."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    summary = (ROOT / "benchmarks" / "results" / "summary.md").read_text(encoding="utf-8")
    body = summary.split("\n", 1)[1].strip()  # drop the title line
    body = re.sub(r"^## ", "#### ", body, flags=re.MULTILINE)
    body = re.sub(r"\]\((\w[\w.-]*\.png)\)", r"](benchmarks/results/\1)", body)
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- BENCHMARK TABLE START -->", "<!-- BENCHMARK TABLE END -->"
    new = text.split(start)[0] + start + "\n" + summary.split("\n", 1)[0].lstrip("# ") + "\n\n" + body + "\n" + end
    new += text.split(end)[1]
    readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
