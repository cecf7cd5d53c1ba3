"""The worked example from the product's help (spec/analytics.md, "Worked example ... sales opportunities")."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from analytics.abc import explain
from analytics.relationships import latest_status, relationships
from tests.analytics.abc.rows import INGO_NEW, INGO_REJECTED, INGO_STANDARD_QUOTE, classified


def ranking(engine: Engine, as_of: date) -> dict[str, tuple[str, float | None]]:
    """The prospects' letters and ranks by opportunities at D."""
    return classified(engine, "prospect", as_of, "opportunities", figure="rank")


def test_ingo_walks_new_standard_quote_rejected(ingo: Engine) -> None:
    """Help example: 550.00 EUR as a B-prospect at New, 1,100.00 and up at Standard quote, out at Rejected."""
    with ingo.connect() as conn:
        at_new = explain(conn, "ingo", "prospect", INGO_NEW, "opportunities")
        at_quote = explain(conn, "ingo", "prospect", INGO_STANDARD_QUOTE, "opportunities")
        at_rejected = explain(conn, "ingo", "prospect", INGO_REJECTED, "opportunities")
        latest = latest_status(INGO_REJECTED)
        probability = conn.execute(select(latest.c.probability).where(latest.c.opportunity_id == "opp-ingo")).scalar()
        prospects = relationships(conn, INGO_REJECTED).set_index("organisation_id")["prospect"]

    assert (at_new.metric, at_new.letter, at_new.rank, at_new.n) == (550.00, "B", 3, 5)
    assert (at_quote.metric, at_quote.letter, at_quote.rank) == (1100.00, "A", 1)
    assert [(d.id, d.amount) for d in at_quote.documents] == [("opp-ingo", 1100.00)]
    assert 11_000 * probability / 100 == 0
    assert not at_rejected.holds and at_rejected.metric is None and not bool(prospects["ingo"])

    assert ranking(ingo, INGO_NEW) == {"p1": ("A", 1), "p2": ("B", 2), "ingo": ("B", 3), "p3": ("B", 4),
                                         "p4": ("C", 5)}
    assert ranking(ingo, INGO_STANDARD_QUOTE)["p1"] == ("B", 2)
    after = ranking(ingo, INGO_REJECTED)
    assert "ingo" not in after
    assert after["p1"] == ("A", 1)
