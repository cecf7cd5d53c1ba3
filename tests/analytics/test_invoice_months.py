"""Window sums from the maintained month aggregate give exactly the invoices' own answer (spec/analytics.md:
revenue = the sum of amount_net of non-cancelled outgoing invoices dated in the window), on both databases."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, delete, insert, literal, select, update

from analytics.invoice_months import (
    cached_window_sums,
    cover_window,
    invoice_months_select,
    months_between,
    split_window,
    window_invoice_sums,
)
from analytics.period import Window, window
from core.schema import Invoice, InvoiceMonth, InvoiceRunningTotal, InvoiceWindow, InvoiceWindowSum
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


def test_cover_window_reads_the_fewer_days_at_each_end() -> None:
    """A window ending on the 24th takes its month whole and subtracts the 6 days after; one starting on the
    25th adds its 6 days; a window inside one month is that month less the days around it when they are fewer;
    together always exactly the window's days."""
    c = cover_window(Window(date(2025, 11, 25), date(2026, 11, 24)))
    assert (c.first_month, c.last_month) == (date(2025, 12, 1), date(2026, 11, 1))
    assert c.plus == (Window(date(2025, 11, 25), date(2025, 11, 30)),)
    assert c.minus == (Window(date(2026, 11, 25), date(2026, 11, 30)),)
    inside = cover_window(Window(date(2025, 3, 2), date(2025, 3, 30)))
    assert (inside.first_month, inside.plus) == (date(2025, 3, 1), ())
    assert inside.minus == (Window(date(2025, 3, 1), date(2025, 3, 1)), Window(date(2025, 3, 31), date(2025, 3, 31)))
    short = cover_window(Window(date(2025, 3, 10), date(2025, 3, 12)))
    assert (short.first_month, short.plus, short.minus) == (None, (Window(date(2025, 3, 10), date(2025, 3, 12)),), ())
    for first in (date(2024, 1, 1) + timedelta(days=n) for n in range(0, 400, 7)):
        for days in (1, 3, 20, 31, 45, 90, 365):
            w = Window(first, first + timedelta(days=days - 1))
            cover = cover_window(w)
            counted: dict[date, int] = {}
            if cover.first_month is not None and cover.last_month is not None:
                d = cover.first_month
                while d <= cover.last_month + timedelta(days=31) and d.replace(day=1) <= cover.last_month:
                    counted[d] = counted.get(d, 0) + 1
                    d += timedelta(days=1)
            for edge, sign in [(e, 1) for e in cover.plus] + [(e, -1) for e in cover.minus]:
                for n in range(edge.days):
                    day = edge.first + timedelta(days=n)
                    counted[day] = counted.get(day, 0) + sign
            assert {d for d, n in counted.items() if n} == {w.first + timedelta(days=n) for n in range(w.days)}
            assert set(counted.values()) <= {0, 1}


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
    assert _sums(engine, w, set(), cached=True) == {"a": (90.0, 2)}  # the import brought the cache up to date
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


#: one change a later import makes: (invoice number, what) with what one of the kinds below
CHANGES = st.lists(st.tuples(st.integers(0, 14), st.sampled_from(("amount", "date", "organisation", "cancel",
                                                                   "uncancel", "same"))), min_size=1, max_size=8)
FIRST = st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, DAYS - 1), st.integers(-500, 2000),
                           st.sampled_from(("paid", "open", "cancelled"))), min_size=1, max_size=12)


def _invoice_rows(state: dict[str, tuple[str, int, int, str]]) -> list[dict[str, str]]:
    return [{"id": n, "organisation_id": org, "invoice_date": (START + timedelta(days=day)).isoformat(),
             "amount_net": f"{amount}.00", "status": status} for n, (org, day, amount, status) in state.items()]


def _months_equal_a_full_recompute(engine: Engine) -> None:
    """invoice_months as the invoices give it; the running totals as their months give them, dense up to the
    horizon (the greatest month held)."""
    with engine.connect() as conn:
        kept = {(r.organisation_id, r.month): (float(r.revenue), int(r.invoices))
                for r in conn.execute(select(InvoiceMonth))}
        full = {(r.organisation_id, r.month): (float(r.revenue), int(r.invoices))
                for r in conn.execute(invoice_months_select())}
        running = {(r.organisation_id, r.month): (float(r.revenue), int(r.invoices))
                   for r in conn.execute(select(InvoiceRunningTotal))}
    assert kept == full
    if not full:
        assert running == {}
        return
    horizon = max(month for _, month in running)
    expected = {}
    for org in {o for o, _ in full}:
        first = min(month for o, month in full if o == org)
        revenue, count = 0.0, 0
        for month in months_between(first, horizon):
            r, n = full.get((org, month), (0.0, 0))
            revenue, count = revenue + r, count + n
            expected[(org, month)] = (revenue, count)
    assert running == expected
    assert horizon >= max(month for _, month in full)


def test_the_months_follow_imports_that_add_correct_move_and_cancel(engine: Engine, tmp_path: Path) -> None:
    """issue 22: for random invoices and random later imports (a new invoice, a corrected amount, a backdated
    or moved date, an invoice moved to another organisation, a cancellation and its reversal, the same row
    again), the maintained months equal a full recompute from the invoices after every import, and window
    sums at random as-of dates (inside months too) equal the detail rows' answer, the cached ones as well."""
    orgs = [{"id": o, "name": f"{o.upper()} GmbH"} for o in "abc"]
    runs = iter(range(10_000))

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(FIRST, st.lists(CHANGES, min_size=1, max_size=2), st.integers(0, DAYS + 30), st.integers(1, 500))
    def check(first: list[tuple[str, int, int, str]], later: list[list[tuple[int, str]]], as_of_day: int,
              days: int) -> None:
        with engine.begin() as conn:
            for table in (InvoiceWindowSum, InvoiceWindow, InvoiceRunningTotal, InvoiceMonth, Invoice):
                conn.execute(delete(table))
        state = {f"R{n}": row for n, row in enumerate(first)}
        run = next(runs)
        run_import(engine, write_interchange(tmp_path / f"{run}-0", {"organisations": orgs,
                                                                     "invoices": _invoice_rows(state)}))
        _months_equal_a_full_recompute(engine)
        w = window(START + timedelta(days=as_of_day), days)
        for step, changes in enumerate(later, 1):
            ensure_window_sums(engine, w)  # a cached window the import must keep right
            batch: dict[str, tuple[str, int, int, str]] = {}
            for number, what in changes:
                key = f"R{number}"
                org, day, amount, status = state.get(key, ("a", number * 37 % DAYS, 10 * number, "open"))
                if what == "amount":
                    amount += 7
                elif what == "date":
                    day = (day + 45 * (number + 1)) % DAYS
                elif what == "organisation":
                    org = {"a": "b", "b": "c", "c": "a"}[org]
                elif what == "cancel":
                    status = "cancelled"
                elif what == "uncancel":
                    status = "paid"
                batch[key] = state[key] = (org, day, amount, status)
            run_import(engine, write_interchange(tmp_path / f"{run}-{step}", {"organisations": orgs,
                                                                              "invoices": _invoice_rows(batch)}))
            _months_equal_a_full_recompute(engine)
            rows = [(org, day, amount, status, None) for org, day, amount, status in state.values()]
            assert _sums(engine, w, set()) == _reference(rows, w, set())
            assert _sums(engine, w, set(), cached=True) == _reference(rows, w, set())

    check()


def test_an_import_that_changes_no_invoice_leaves_the_months_alone(engine: Engine, tmp_path: Path) -> None:
    """A re-import of the same invoices touches no organisation: the aggregates are not recomputed (their rows
    stay as they were, the cached window sums too), a changed invoice recomputes its organisation only."""
    orgs = [{"id": o, "name": o} for o in "ab"]
    rows = [{"id": "1", "organisation_id": "a", "invoice_date": "2025-03-10", "amount_net": "100.00", "status": "paid"},
            {"id": "2", "organisation_id": "b", "invoice_date": "2025-03-11", "amount_net": "40.00", "status": "paid"}]
    folder = write_interchange(tmp_path / "one", {"organisations": orgs, "invoices": rows})
    run_import(engine, folder)
    w = Window(date(2025, 1, 1), date(2025, 12, 31))
    ensure_window_sums(engine, w)
    with engine.begin() as conn:  # a marker only a recompute of b would overwrite
        conn.execute(update(InvoiceRunningTotal).where(InvoiceRunningTotal.organisation_id == "b").values(revenue=41))
    run_import(engine, folder)
    assert _sums(engine, w, set())["b"] == (41.0, 1)
    assert _sums(engine, w, set(), cached=True) == {"a": (100.0, 1), "b": (40.0, 1)}
    changed = [rows[0] | {"amount_net": "150.00"}, rows[1]]
    run_import(engine, write_interchange(tmp_path / "two", {"organisations": orgs, "invoices": changed}))
    assert _sums(engine, w, set()) == {"a": (150.0, 1), "b": (41.0, 1)}  # a recomputed, b left alone
    assert _sums(engine, w, set(), cached=True) == {"a": (150.0, 1), "b": (40.0, 1)}
