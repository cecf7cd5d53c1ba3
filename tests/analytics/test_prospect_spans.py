"""The maintained prospect spans (spec/analytics.md, "Relationships": prospect at D = an open sales case at D
and no customer at D), checked as stored and as the prospects they give day by day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from analytics.relationships import holders
from core.schema.admin import FOREVER, ProspectSpan
from tests.analytics.abc.rows import change, invoice, opportunity, org, quote
from tests.support import seed


def spans(engine: Engine) -> dict[str, list[tuple[date, date]]]:
    with engine.connect() as conn:
        rows = conn.execute(select(ProspectSpan.organisation_id, ProspectSpan.since, ProspectSpan.until)
                            .order_by(ProspectSpan.organisation_id, ProspectSpan.since)).all()
    out: dict[str, list[tuple[date, date]]] = {}
    for oid, since, until in rows:
        out.setdefault(oid, []).append((since, until))
    return out


def prospects(engine: Engine, as_of: date) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(holders("prospect", as_of)).scalars())


def test_a_reopened_opportunity_is_a_prospect_again(engine: Engine) -> None:
    """Relationships: the latest status on or before D decides; won on 3 March and back to negotiation on
    6 March leaves a gap of exactly those days, and closed_at ends it for good."""
    seed(engine, {
        "organisations": [org("o")],
        "opportunities": [opportunity("op", "o", "2025-03-01", 1000, closed="2025-03-20")],
        "opportunity_status_changes": [change("op", "2025-03-03T10:00:00", "Won"),
                                       change("op", "2025-03-06T08:00:00", "Negotiation")],
    })
    assert spans(engine) == {"o": [(date(2025, 3, 1), date(2025, 3, 3)), (date(2025, 3, 6), date(2025, 3, 20))]}
    held = {day: "o" in prospects(engine, date(2025, 3, day)) for day in range(1, 22)}
    assert [day for day, yes in held.items() if yes] == [1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]


def test_the_days_last_change_decides_that_day(engine: Engine) -> None:
    """Relationships: "latest status on or before D" is the day's last change, to the second; at the same
    instant the change with the larger id (opportunity|changed_at|status) is the later one, as everywhere."""
    seed(engine, {
        "organisations": [org(x) for x in ("won_then_open", "open_then_won", "same_instant")],
        "opportunities": [opportunity("a", "won_then_open", "2025-03-01", 1),
                          opportunity("b", "open_then_won", "2025-03-01", 1),
                          opportunity("c", "same_instant", "2025-03-01", 1)],
        "opportunity_status_changes": [
            change("a", "2025-03-05T09:00:00", "Won"), change("a", "2025-03-05T17:00:00", "New"),
            change("b", "2025-03-05T09:00:00", "New"), change("b", "2025-03-05T17:00:00", "Won"),
            # "c|...|New" < "c|...|Won": Won is the later of the two
            change("c", "2025-03-05T12:00:00", "Won"), change("c", "2025-03-05T12:00:00", "New"),
        ],
    })
    assert spans(engine) == {"won_then_open": [(date(2025, 3, 1), FOREVER)],
                             "open_then_won": [(date(2025, 3, 1), date(2025, 3, 5))],
                             "same_instant": [(date(2025, 3, 1), date(2025, 3, 5))]}
    assert prospects(engine, date(2025, 3, 5)) == {"won_then_open"}
    assert prospects(engine, date(2025, 3, 4)) == {"won_then_open", "open_then_won", "same_instant"}


def test_quotes_open_until_decided_or_expired_and_touching_spans_merge(engine: Engine) -> None:
    """Relationships: a quote is open from quote_date while not decided on or before D and valid_until >= D;
    one organisation's overlapping and touching cases are one span; a quote valid until 9999-12-31 never ends."""
    seed(engine, {
        "organisations": [org(x) for x in ("merged", "gap", "forever")],
        "quotes": [quote("q1", "merged", "2025-01-01", 10, valid_until="2025-01-10"),
                   quote("q2", "merged", "2025-01-11", 10, decided_at="2025-01-20", status="accepted"),
                   quote("q3", "merged", "2025-01-05", 10, valid_until="2025-01-07"),
                   quote("q4", "gap", "2025-01-01", 10, valid_until="2025-01-10"),
                   quote("q5", "gap", "2025-01-12", 10, decided_at="2025-01-12", status="rejected"),
                   quote("q6", "gap", "2025-01-13", 10, valid_until="2025-01-13"),
                   quote("q7", "forever", "2025-01-01", 10, valid_until="9999-12-31")],
    })
    assert spans(engine) == {"merged": [(date(2025, 1, 1), date(2025, 1, 20))],
                             "gap": [(date(2025, 1, 1), date(2025, 1, 11)), (date(2025, 1, 13), date(2025, 1, 14))],
                             "forever": [(date(2025, 1, 1), FOREVER)]}
    assert prospects(engine, date(2025, 1, 12)) == {"merged", "forever"}
    assert prospects(engine, date(9999, 12, 31)) == {"forever"}


def test_a_span_ends_when_the_organisation_becomes_a_customer(engine: Engine) -> None:
    """Relationships: once a customer, never a prospect again, although its quote stays open."""
    seed(engine, {
        "organisations": [org("o"), org("old_customer")],
        "quotes": [quote("q1", "o", "2025-02-01", 10), quote("q2", "old_customer", "2025-02-01", 10)],
        "invoices": [invoice("i1", "o", "2025-02-15", 100), invoice("i2", "old_customer", "2024-12-01", 100),
                     invoice("i3", "o", "2025-01-01", 100, status="cancelled")],
    })
    assert spans(engine) == {"o": [(date(2025, 2, 1), date(2025, 2, 15))]}
    assert prospects(engine, date(2025, 2, 14)) == {"o"}
    assert prospects(engine, date(2025, 2, 15)) == set()
