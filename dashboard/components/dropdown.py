"""The texts of Dash 4's dropdowns in the user's language (their defaults are English: "Search", "Select All")."""

from __future__ import annotations

from dashboard.i18n import _


def dropdown_labels() -> dict[str, str]:
    """`labels=` for every `dcc.Dropdown` of the dashboard."""
    return {"select_all": _("Alle auswählen"), "deselect_all": _("Auswahl aufheben"),
            "selected_count": _("{num_selected} ausgewählt"), "search": _("Suchen"),
            "clear_search": _("Suche leeren"), "clear_selection": _("Auswahl leeren"),
            "no_options_found": _("Nichts gefunden")}


__all__ = ["dropdown_labels"]
