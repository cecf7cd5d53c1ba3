"""The large (benchmark) demo at a tiny scale: same shape and integrity as the full 100,000 / 10 million set."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from kundenakte.demo import fastcsv as F
from kundenakte.demo.large import Scale, write_large
from tests.kundenakte.demo.checks import SPEC, problems, read_folder

TODAY = date(2026, 3, 15)
TINY = Scale(organisations=1000, invoices=10_000, agents=20)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("large") / "tiny"
    return folder, write_large(folder, seed=7, today=TODAY, scale=TINY)


def test_tiny_large_demo_follows_the_interchange_format(tiny: tuple[Path, dict[str, int]]) -> None:
    """interchange.md: every written table has its columns, valid values and resolvable references."""
    folder, _ = tiny
    tables = read_folder(folder)
    assert set(tables) >= {"organisations", "contacts", "agents", "invoices", "incoming_invoices", "quotes",
                           "opportunities", "opportunity_status_changes", "time_entries"}
    assert set(tables) <= set(SPEC)
    assert problems(folder, tables, TODAY) == []


def test_tiny_large_demo_has_the_requested_counts_and_proportions(tiny: tuple[Path, dict[str, int]]) -> None:
    """Scale: exactly the organisations and invoice lines asked for; the rest proportional."""
    folder, rows = tiny
    tables = read_folder(folder)
    assert len(tables["organisations"]) == rows["organisations"] == 1000
    assert len(tables["invoices"]) == rows["invoices"] == 10_000
    assert len(tables["incoming_invoices"]) == 1000 and len(tables["time_entries"]) == 2000
    assert 1000 <= len(tables["contacts"]) <= 5000
    assert {r["status"] for r in tables["invoices"]} == {"open", "paid", "cancelled"}
    assert any(float(r["amount_net"]) < 0 for r in tables["invoices"])
    per_org = Counter(r["organisation_id"] for r in tables["invoices"])
    counts = sorted(per_org.values(), reverse=True)
    assert sum(counts[: len(counts) // 5]) > 0.5 * sum(counts)  # Pareto-like: a few big customers


def test_large_demo_is_deterministic_per_seed(tiny: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    """Same seed and today: byte-identical files; another seed: different ones."""
    folder, _ = tiny
    write_large(tmp_path / "same", seed=7, today=TODAY, scale=TINY)
    write_large(tmp_path / "other", seed=8, today=TODAY, scale=TINY)
    for path in sorted(folder.glob("*.csv")):
        assert (tmp_path / "same" / path.name).read_bytes() == path.read_bytes(), path.name
    assert (tmp_path / "other" / "invoices.csv").read_bytes() != (folder / "invoices.csv").read_bytes()


def test_byte_matrix_writer_formats_numbers_dates_and_blanks() -> None:
    """fastcsv: cents as plain decimals (`-0.05`, `0.00`), ISO dates, empty cells for null."""
    import io

    buf = io.BytesIO()
    n = 4
    F.write_rows(buf, [
        F.ids("X-", np.arange(n), 3),
        F.cents(np.array([0, -5, 123456, 100])),
        F.blank_where(F.dates(date(2024, 2, 28), np.array([0, 1, 2, 3])), np.array([False, True, False, False])),
        F.digits(np.array([0, 7, 10, 305]), 4),
    ])
    assert buf.getvalue().decode() == ("X-000,0.00,2024-02-28,0\nX-001,-0.05,,7\nX-002,1234.56,2024-03-01,10\n"
                                       "X-003,1.00,2024-03-02,305\n")
    with pytest.raises(ValueError):
        F.lookup(["a,b"], np.array([0]))
