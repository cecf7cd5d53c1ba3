"""The timeline of one organisation: every touch, newest first, paged (spec/analytics.md, customer record)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine

from analytics.timeline import timeline
from tests.support import seed

D = date(2026, 3, 15)


def _data() -> dict[str, list[dict[str, object]]]:
    return {
        "organisations": [{"id": "o1", "name": "Heyer Plan GmbH"}, {"id": "o2", "name": "Other AG"}],
        "activities": [
            {"id": "a1", "kind": "call", "occurred_at": "2026-03-10T09:00:00", "organisation_id": "o1",
             "subject": "Rückruf"},
            {"id": "a2", "kind": "email", "occurred_at": "2026-03-15T23:59:00", "organisation_id": "o1",
             "subject": "Angebot"},
            {"id": "a3", "kind": "note", "occurred_at": "2026-03-16T00:00:00", "organisation_id": "o1"},
            {"id": "a4", "kind": "note", "occurred_at": "2026-03-12T00:00:00", "organisation_id": "o2"},
        ],
        "invoices": [
            {"id": "i1", "organisation_id": "o1", "number": "R-1", "invoice_date": "2026-03-12",
             "amount_net": 1000.5, "status": "open"},
            {"id": "i2", "organisation_id": "o1", "invoice_date": "2026-03-16", "amount_net": 1, "status": "open"},
        ],
        "quotes": [{"id": "q1", "organisation_id": "o1", "number": "A-1", "quote_date": "2026-03-11",
                    "amount_net": 500, "status": "open"}],
        "tickets": [{"id": "t1", "organisation_id": "o1", "subject": "Drucker", "status": "open",
                     "opened_at": "2026-03-12T08:30:00"}],
        "documents": [
            {"id": "d1", "organisation_id": "o1", "folder": "Verträge", "filename": "rahmen.pdf",
             "created_at": "2026-03-13T07:00:00"},
            {"id": "d2", "organisation_id": "o1", "folder": "Alt", "filename": "ohne-datum.pdf"},
        ],
    }


def test_timeline_is_newest_first_across_all_kinds(engine: Engine) -> None:
    """Customer record timeline: activities, invoices, quotes, tickets, documents up to D, newest first."""
    seed(engine, _data())
    with engine.connect() as conn:
        entries = timeline(conn, "o1", D)
    assert [(e.kind, e.ref) for e in entries] == [
        ("email", "a2"), ("document", "d1"), ("ticket", "t1"), ("invoice", "i1"), ("quote", "q1"),
        ("call", "a1"), ("document", "d2"),
    ]
    by_ref = {e.ref: e for e in entries}
    assert by_ref["i1"].at == datetime(2026, 3, 12) and by_ref["i1"].amount == 1000.5
    assert by_ref["i1"].title == "R-1" and by_ref["i1"].status == "open"
    assert by_ref["t1"].at == datetime(2026, 3, 12, 8, 30) and by_ref["t1"].title == "Drucker"
    assert by_ref["d1"].title == "Verträge/rahmen.pdf" and by_ref["d2"].at is None
    assert by_ref["a2"].title == "Angebot" and by_ref["a2"].amount is None


def test_timeline_pages_do_not_overlap(engine: Engine) -> None:
    """Customer record timeline: pages follow each other without gaps or repeats."""
    seed(engine, _data())
    with engine.connect() as conn:
        whole = timeline(conn, "o1", D)
        pages = [timeline(conn, "o1", D, limit=3, offset=k) for k in (0, 3, 6)]
    assert [e for p in pages for e in p] == whole
    assert [len(p) for p in pages] == [3, 3, 1]


def test_a_page_of_a_busy_organisation_is_the_slice_of_the_whole_order(engine: Engine) -> None:
    """Customer record timeline: with many touches of each kind on the same days (ties), every page is exactly
    the slice of the full newest-first order, though each kind brings only its newest rows to the page."""
    data = _data()
    data["invoices"] += [{"id": f"x{n:03d}", "organisation_id": "o1", "invoice_date": f"2026-03-{1 + n % 9:02d}",
                          "amount_net": n, "status": "paid"} for n in range(60)]
    data["activities"] += [{"id": f"b{n:03d}", "kind": "call", "organisation_id": "o1",
                            "occurred_at": f"2026-03-{1 + n % 9:02d}T00:00:00"} for n in range(40)]
    seed(engine, data)
    with engine.connect() as conn:
        whole = timeline(conn, "o1", D, limit=1000)
        pages = [timeline(conn, "o1", D, limit=7, offset=k) for k in range(0, len(whole), 7)]
    assert len(whole) == 107
    assert [e for p in pages for e in p] == whole
    assert [(e.kind, e.ref) for e in whole[5:9]] == [(e.kind, e.ref) for e in pages[0][5:7] + pages[1][:2]]
