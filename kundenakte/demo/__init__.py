"""The demo company: a realistic German mid-size company as interchange files (spec/interchange.md).

`generate_demo` writes a CSV folder (and, for the small size, raw inbound files
in `inbound/`) that `kundenakte import` loads. Same seed and same `today` give
byte-identical files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

SIZES = ("small", "large")


@dataclass(frozen=True)
class DemoSummary:
    """What a generation wrote: rows per table, inbound files, bytes on disk and seconds taken."""

    folder: Path
    size: str
    seed: int
    today: date
    rows: dict[str, int] = field(default_factory=dict)
    inbound: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def folder_bytes(folder: Path) -> int:
    """Total size of the files below folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def generate_demo(folder: Path, *, size: str = "small", seed: int = 42, today: date) -> DemoSummary:
    """Write the demo company into folder (created if missing); `size` is `small` or `large`."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, not {size!r}")
    started = time.perf_counter()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    inbound: dict[str, int] = {}
    if size == "small":
        from kundenakte.demo.inbound import write_inbound
        from kundenakte.demo.small import build_small, write_small

        ctx = build_small(seed, today)
        rows = write_small(ctx, folder)
        s = write_inbound(ctx, folder / "inbound")
        inbound = {"eml": s.eml, "mbox": s.mbox, "events": s.events, "calls": s.calls,
                   **{f"expected_{k}": v for k, v in sorted(s.misses.items())}}
    else:
        from kundenakte.demo.large import write_large

        rows = write_large(folder, seed=seed, today=today)
    return DemoSummary(folder=folder, size=size, seed=seed, today=today, rows=rows, inbound=inbound,
                       bytes=folder_bytes(folder), seconds=round(time.perf_counter() - started, 2))


__all__ = ["SIZES", "DemoSummary", "folder_bytes", "generate_demo"]
