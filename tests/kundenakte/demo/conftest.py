"""One generated small demo per test session (generation takes about a second)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kundenakte.demo import DemoSummary, generate_demo

TODAY = date(2026, 3, 15)


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """The small demo, seed 42, history up to TODAY."""
    return generate_demo(tmp_path_factory.mktemp("demo") / "small", size="small", seed=42, today=TODAY)


@pytest.fixture(scope="session")
def small_folder(small_demo: DemoSummary) -> Path:
    return small_demo.folder


@pytest.fixture(scope="session")
def small_tables(small_folder: Path) -> dict[str, list[dict[str, str]]]:
    """The small demo's CSV tables as text rows (read once)."""
    from tests.kundenakte.demo.checks import read_folder

    return read_folder(small_folder)
