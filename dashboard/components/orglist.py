"""The organisation list's columns (`/organisations`), in the user's language."""

from __future__ import annotations

from typing import Any

from core.vocabulary import Aspect
from dashboard.components.grid import MONEY_FORMAT, NUMBER_FILTER, TEXT_FILTER, YES_NO_FILTER, YES_NO_FORMAT
from dashboard.i18n import _


def org_columns() -> list[dict[str, Any]]:
    """Every column of the list (the page keeps those the user may see); money empty for non-customers."""
    return [
        {"field": "name", "headerName": _("Name"), "cellRenderer": "OrganisationLink", "flex": 3, "minWidth": 220,
         "pinned": "left", "sort": "asc", **TEXT_FILTER},
        {"field": "city", "headerName": _("Ort"), "flex": 1, **TEXT_FILTER},
        {"field": "country", "headerName": _("Land"), "width": 90, **TEXT_FILTER},
        {"field": Aspect.CUSTOMER, "headerName": _("Kunde"), "width": 100, "valueFormatter": YES_NO_FORMAT,
         **YES_NO_FILTER},
        {"field": Aspect.SUPPLIER, "headerName": _("Lieferant"), "width": 110, "valueFormatter": YES_NO_FORMAT,
         **YES_NO_FILTER},
        {"field": Aspect.PROSPECT, "headerName": _("Interessent"), "width": 120, "valueFormatter": YES_NO_FORMAT,
         **YES_NO_FILTER},
        {"field": "customer_number", "headerName": _("Kunden-Nr."), "width": 120, **TEXT_FILTER},
        {"field": "key_account_manager", "headerName": _("Key Account"), "flex": 1, **TEXT_FILTER},
        {"field": "revenue_12m", "headerName": _("Umsatz 12 Mon."), "width": 150, "type": "rightAligned",
         "valueFormatter": MONEY_FORMAT, **NUMBER_FILTER},
        {"field": "open_amount", "headerName": _("Offene Posten"), "width": 140, "type": "rightAligned",
         "valueFormatter": MONEY_FORMAT, **NUMBER_FILTER},
    ]


__all__ = ["org_columns"]
