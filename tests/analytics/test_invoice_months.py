"""Window sums from the maintained month aggregate give exactly the invoices' own answer (spec/analytics.md:
revenue = the sum of amount_net of non-cancelled outgoing invoices dated in the window), on both databases."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, delete, insert, literal, select

from analytics.invoice_months import cached_window_sums, split_window, window_invoice_sums
from analytics.period import Window, window
from core.schema import Invoice, InvoiceMonth, InvoiceWindow
from services.commands.imports import run_import
from services.commands.maintained import KEPT_WINDOWS, ensure_window_sums, refresh_invoice_months
from tests.support import write_interchange

START = date(2024, 1, 1)
DAYS = 800
STATUSES = ("paid", "open", "cancelled")
PROJECTS = (None, "p1", "p2")

invoices = st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, DAYS - 1), st.integers(-500, 2000),
                              st.sampled_from(STATUSES), st.sampled_from(PROJECTS)), max_size=60)


def _reference(rows: list[tuple[str, int, int, str, str | None]], w: Window,
               hidden: set[str]) -> dict[str, tuple[float, int]]:
    out: dict[str, tuple[float, int]] = {}
    for org, day, amount, status, project in rows:
        if w.contains(START + timedelta(days=day)) and status != "cancelled" and project not in hidden:
            revenue, count = out.get(org, (0.0, 0))
            out[org] = (revenue + amount, count + 1)
    return out


def _sums(engine: Engine, w: Window, hidden: set[str], ids: list[str] | None = None, *,
          cached: bool = False) -> dict[str, tuple[float, int]]:
    hidden_projects = select(literal("p1")) if hidden else None
    if cached:
        ensure_window_sums(engine, w)
    q = (cached_window_sums if cached else window_invoice_sums)(w, ids, hidden_projects)
    with engine.connect() as conn:
        return {r.organisation_id: (float(r.revenue), int(r.invoices)) for r in conn.execute(select(q))}


def test_split_window_cuts_whole_months_and_edges() -> None:
    """A window is its whole calendar months plus at most two runs of edge days, together exactly its days."""
    s = split_window(Window(date(2025, 1, 15), date(2025, 4, 10)))
    assert (s.first_month, s.end_month) == (date(2025, 2, 1), date(2025, 4, 1))
    assert s.edges == (Window(date(2025, 1, 15), date(2025, 1, 31)), Window(date(2025, 4, 1), date(2025, 4, 10)))
    whole = split_window(Window(date(2024, 2, 1), date(2024, 2, 29)))
    assert (whole.first_month, whole.end_month, whole.edges) == (date(2024, 2, 1), date(2024, 3, 1), ())
    inside = split_window(Window(date(2025, 3, 2), date(2025, 3, 30)))
    assert inside.first_month is None and inside.edges == (Window(date(2025, 3, 2), date(2025, 3, 30)),)


def test_window_sums_equal_the_detail_rows_for_random_data_and_dates(engine: Engine) -> None:
    """For random invoices (credit notes, cancellations, restricted projects) and random as-of dates and
    window lengths, months + edges give the same sum and count per organisation as the invoices themselves."""

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(invoices, st.integers(0, DAYS + 30), st.integers(1, 500), st.booleans())
    def check(rows: list[tuple[str, int, int, str, str | None]], as_of_day: int, days: int, hide: bool) -> None:
        with engine.begin() as conn:
            conn.execute(delete(Invoice))
            if rows:
                conn.execute(insert(Invoice), [
                    {"id": f"i{n}", "organisation_id": org, "invoice_date": START + timedelta(days=day),
                     "amount_net": amount, "status": status, "dunning_level": 0, "project_id": project}
                    for n, (org, day, amount, status, project) in enumerate(rows)])
            refresh_invoice_months(conn)
        w = window(START + timedelta(days=as_of_day), days)
        hidden = {"p1"} if hide else set()
        expected = _reference(rows, w, hidden)
        assert _sums(engine, w, hidden) == expected
        assert _sums(engine, w, hidden, ["a"]) == {k: v for k, v in expected.items() if k == "a"}
        assert _sums(engine, w, hidden, cached=True) == expected

    check()


def test_imports_that_add_correct_and_cancel_keep_the_months_right(engine: Engine, tmp_path: Path) -> None:
    """Every import recomputes the month aggregate in its transaction: a backdated invoice, a corrected amount
    and a cancellation in a second import show in the next window sum."""
    orgs = [{"id": "a", "name": "A GmbH"}]
    first = [
        {"id": "1", "organisation_id": "a", "invoice_date": "2025-03-10", "amount_net": "100.00", "status": "paid"},
        {"id": "2", "organisation_id": "a", "invoice_date": "2025-05-20", "amount_net": "50.00", "status": "open"},
    ]
    run_import(engine, write_interchange(tmp_path / "one", {"organisations": orgs, "invoices": first}),
               as_of=date(2025, 6, 1))
    w = Window(date(2025, 1, 1), date(2025, 5, 31))
    assert _sums(engine, w, set()) == {"a": (150.0, 2)}
    second = [{**first[0], "amount_net": "120.00"}, {**first[1], "status": "cancelled"},
              {"id": "3", "organisation_id": "a", "invoice_date": "2025-01-05", "amount_net": "-30.00",
               "status": "paid"}]
    assert _sums(engine, w, set(), cached=True) == {"a": (150.0, 2)}
    run_import(engine, write_interchange(tmp_path / "two", {"organisations": orgs, "invoices": second}),
               as_of=date(2025, 6, 1))
    assert _sums(engine, w, set()) == {"a": (90.0, 2)}
    assert _sums(engine, w, set(), cached=True) == {"a": (90.0, 2)}  # the import emptied the cache
    with engine.connect() as conn:
        months = conn.execute(select(InvoiceMonth.month, InvoiceMonth.revenue).order_by(InvoiceMonth.month)).all()
    assert [tuple(m) for m in months] == [(date(2025, 1, 1), -30.0), (date(2025, 3, 1), 120.0)]


def test_the_cache_keeps_the_newest_windows_only(engine: Engine) -> None:
    """Cached window sums: one entry per window asked for, the oldest dropped beyond KEPT_WINDOWS."""
    for n in range(KEPT_WINDOWS + 3):
        ensure_window_sums(engine, window(date(2025, 1, 1) + timedelta(days=n), 30))
    ensure_window_sums(engine, window(date(2025, 1, 1) + timedelta(days=KEPT_WINDOWS + 2), 30))  # held: no new one
    with engine.connect() as conn:
        lasts = sorted(conn.execute(select(InvoiceWindow.last)).scalars())
    assert lasts == [date(2025, 1, 1) + timedelta(days=n) for n in range(3, KEPT_WINDOWS + 3)]


def test_a_database_that_takes_no_write_reads_the_invoices(sqlite_engine: Engine, tmp_path: Path) -> None:
    """Cached window sums: where the database refuses the cache's write (SQLite held by another writer), the
    list does not fail: `ensure_window_sums` says so and the caller reads months and edges instead."""
    import sqlite3

    path = sqlite_engine.url.database
    assert path
    blocker = sqlite3.connect(path)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        slow = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.1})
        assert ensure_window_sums(slow, window(date(2025, 6, 1), 365)) is False
        slow.dispose()
    finally:
        blocker.rollback()
        blocker.close()
    assert ensure_window_sums(sqlite_engine, window(date(2025, 6, 1), 365)) is True
