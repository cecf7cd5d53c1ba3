"""ABC page callbacks as plain functions: explain panel, movements, warnings, models (spec/analytics.md, ABC)."""

from __future__ import annotations

from datetime import date

import pytest
from dash.exceptions import PreventUpdate
from flask import Flask

from dashboard.callbacks.abc import choose_models, show_abc, show_explain, show_movements, show_warnings
from kundenakte.web import resolve_user
from tests.dashboard.components_text import component_text
from tests.kundenakte.orgdata import AS_OF, org_list_data
from tests.support import seed

BEFORE = date(2025, 12, 31)


_text = component_text


@pytest.fixture
def seeded(app: Flask) -> Flask:
    seed(app.extensions["kundenakte"]["engine"], org_list_data())
    return app


def test_metric_column_follows_the_models_unit(seeded: Flask) -> None:
    """ABC models (spec/analytics.md): money models format as euros, the supplier ratings as a 2-decimal score."""
    with seeded.test_request_context():
        resolve_user()
        _, money_cols, _ = show_abc("customer", "invoices", AS_OF.isoformat())
        _, rating_cols, _ = show_abc("supplier", "ratings", AS_OF.isoformat())
        _, fallback_cols, summary = show_abc("customer", "ratings", AS_OF.isoformat())  # not a customer model
    metric = {c["field"]: c for c in money_cols}["metric"]
    assert metric["valueFormatter"]["function"].startswith("euro(") and "€" in metric["headerName"]
    assert {c["field"]: c for c in rating_cols}["metric"]["valueFormatter"]["function"].startswith("fixed2(")
    assert {c["field"]: c for c in fallback_cols}["metric"]["valueFormatter"]["function"].startswith("euro(")
    assert "Rechnungen" in summary


def test_model_choice_follows_the_aspect() -> None:
    """ABC models per relationship (spec/analytics.md): only the aspect's models; another aspect's model resets."""
    options, value = choose_models("supplier", "invoices")
    assert [o["value"] for o in options] == ["ratings", "incoming_invoices"] and value is None
    assert choose_models("customer", "project_hours")[1] == "project_hours"


def test_explain_panel_shows_metric_rank_thresholds_and_documents(seeded: Flask) -> None:
    """ABC explain (spec/analytics.md): metric, rank of n, lowest A and B metrics, the invoices behind the metric."""
    with seeded.test_request_context():
        resolve_user()
        hint = show_explain(None, "customer", None, AS_OF.isoformat())
        alpha = _text(show_explain([{"id": "o01", "name": "Alpha GmbH"}], "customer", None, AS_OF.isoformat()))
        epsilon = _text(show_explain([{"id": "o05", "name": "Epsilon Ltd"}], "customer", None, AS_OF.isoformat()))
    assert "Zeile anklicken" in _text(hint)
    assert "Alpha GmbH: Klasse A" in alpha and "1 von 4" in alpha
    assert "6.234,56\xa0€" in alpha  # 5000 + 1234.56, the two invoices of the window
    assert "A ab 6.234,56\xa0€" in alpha and "B ab 800,00\xa0€" in alpha
    assert "i01" in alpha and "i02" in alpha and "Belege (2)" in alpha
    # o05's only invoice lies one day before the 365-day window: customer without a letter
    assert "keine Klasse" in epsilon and "Keine Bewegung" in epsilon


def test_movements_matrix_and_who_moved(seeded: Flask) -> None:
    """ABC movements (spec/analytics.md): classes at two dates side by side, the matrix and new/lost/moved rows."""
    with seeded.test_request_context():
        resolve_user()
        with pytest.raises(PreventUpdate):
            show_movements("classes", "customer", None, None, None, AS_OF.isoformat())
        matrix, rows, columns, before, after = show_movements(
            "movements", "customer", None, BEFORE.isoformat(), None, AS_OF.isoformat())
        _, _, _, default_before, _ = show_movements("movements", "customer", None, None, None, AS_OF.isoformat())
    moves = {r["id"]: (r["class_before"], r["class_after"], r["transition"]) for r in rows}
    # at 31.12.2025: o02 3000 A, o05 999 B, o04 800 B; at 15.03.2026: o01 A, o02 and o03 B, o04 B, o05 no movement
    assert moves == {"o01": ("ohne", "A", "neu"), "o02": ("A", "B", "A->B"), "o03": ("ohne", "B", "neu"),
                     "o05": ("B", "ohne", "verloren")}
    assert "abgestiegen 1" in _text(matrix) and "neu 2" in _text(matrix) and "verloren 1" in _text(matrix)
    assert (before, after) == ("31.12.2025", "15.03.2026")
    assert default_before == "31.12.2025"  # the end of the quarter before the as-of date
    assert [c["field"] for c in columns][:3] == ["name", "class_before", "class_after"]


def test_warnings_list_names_the_organisations(seeded: Flask) -> None:
    """ABC warnings (spec/analytics.md): a share of 10 % or more of the volume is listed with the name."""
    with seeded.test_request_context():
        resolve_user()
        with pytest.raises(PreventUpdate):
            show_warnings("classes", "customer", AS_OF.isoformat())
        table, title = show_warnings("warnings", "customer", AS_OF.isoformat())
    text = _text(table)
    assert "Hoher Anteil" in text and "Alpha GmbH" in text and "Delta SE" not in text
    assert title == "Warnungen: Kunden"


def test_warnings_follow_the_chosen_aspect(seeded: Flask) -> None:
    """Issue 20: the warnings tab lists the chosen relationship's warnings only (spec/analytics.md, ABC): Eta's
    and Alpha's equal purchases are the suppliers' high shares, Alpha's revenue share is a customer's, and the
    prospects (Theta's quote, no potential) have none."""
    with seeded.test_request_context():
        resolve_user()
        customers, _ = show_warnings("warnings", "customer", AS_OF.isoformat())
        suppliers, supplier_title = show_warnings("warnings", "supplier", AS_OF.isoformat())
        prospects, _ = show_warnings("warnings", "prospect", AS_OF.isoformat())
    assert "des Kundenumsatzes" in _text(customers) and "Einkaufsvolumens" not in _text(customers)
    assert _text(suppliers).count("des Einkaufsvolumens") == 2 and "Kundenumsatzes" not in _text(suppliers)
    assert "Eta GmbH" in _text(suppliers) and "Eta GmbH" not in _text(customers)
    assert supplier_title == "Warnungen: Lieferanten"
    assert "Keine Warnungen für Interessenten" in _text(prospects)


def test_reversed_movement_dates_are_refused_with_a_message(seeded: Flask) -> None:
    """Issue 20: "before" after "after" is refused (InvalidInput in the service), and the page says which date to
    change instead of comparing the dates the other way round."""
    with seeded.test_request_context():
        resolve_user()
        matrix, rows, _, before, after = show_movements(
            "movements", "customer", None, AS_OF.isoformat(), BEFORE.isoformat(), AS_OF.isoformat())
    assert rows == [] and (before, after) == ("15.03.2026", "31.12.2025")
    assert _text(matrix).startswith("„vorher“ (15.03.2026) liegt nach „nachher“ (31.12.2025)")
    assert matrix.role == "alert"


def test_explain_names_invoices_by_their_number_as_the_record_does(app: Flask) -> None:
    """Issue 20: an invoice is named by its `number` (interchange.md, invoices), what the record's timeline shows,
    not by its import id; an invoice without a number by its id."""
    data = org_list_data()
    data["invoices"][0]["number"] = "RE-2026-000001"
    seed(app.extensions["kundenakte"]["engine"], data)
    with app.test_request_context():
        resolve_user()
        alpha = _text(show_explain([{"id": "o01", "name": "Alpha GmbH"}], "customer", None, AS_OF.isoformat()))
    assert "RE-2026-000001" in alpha and "i01" not in alpha
    assert "i02" in alpha  # no number: the id
