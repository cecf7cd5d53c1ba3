"""Movements between two dates (transition matrix, new/lost, who moved) on the help's Ingo example."""

from __future__ import annotations

from sqlalchemy import Engine

from analytics.abc import movements, transition
from tests.analytics.abc.rows import INGO_NEW, INGO_REJECTED, INGO_STANDARD_QUOTE, invoice, org
from tests.support import seed


def test_transition_labels() -> None:
    """Movements: no letter before = new, no letter after = lost, otherwise e.g. A->B."""
    assert [transition("-", "B"), transition("A", "-"), transition("A", "B"), transition("C", "C"),
            transition("-", "-")] == ["new", "lost", "A->B", "stay", "none"]


def test_movements_side_by_side_and_matrix(ingo: Engine) -> None:
    """Movements: Ingo B->A at Standard quote pushes p1 A->B; at Rejected Ingo is lost, p1 A again, p4 C->B."""
    with ingo.connect() as conn:
        up = movements(conn, "prospect", INGO_NEW, INGO_STANDARD_QUOTE, "opportunities")
        out = movements(conn, "prospect", INGO_STANDARD_QUOTE, INGO_REJECTED, "opportunities")
    assert dict(zip(up.moved["organisation_id"], up.moved["transition"], strict=True)) == {
        "ingo": "B->A", "p1": "A->B"}
    assert up.matrix.loc["B", "A"] == 1 and up.matrix.loc["A", "B"] == 1 and up.matrix.loc["B", "B"] == 2
    assert int(up.matrix.to_numpy().sum()) == 5
    assert dict(zip(out.moved["organisation_id"], out.moved["transition"], strict=True)) == {
        "ingo": "lost", "p1": "B->A", "p4": "C->B"}
    assert out.matrix.loc["A", "-"] == 1


def test_new_customer_appears_as_new(engine: Engine) -> None:
    """Movements: an organisation without a letter at the first date and with one at the second is `new`."""
    from datetime import date

    seed(engine, {"organisations": [org("a"), org("b")],
                  "invoices": [invoice("i1", "a", "2025-01-10", 100), invoice("i2", "b", "2025-03-10", 50)]})
    with engine.connect() as conn:
        result = movements(conn, "customer", date(2025, 2, 1), date(2025, 4, 1))
    assert dict(zip(result.moved["organisation_id"], result.moved["transition"], strict=True)) == {"b": "new"}
    assert result.table.set_index("organisation_id").loc["a", "transition"] == "stay"
