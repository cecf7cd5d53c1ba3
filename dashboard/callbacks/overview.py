"""Start page: one callback per tile group (each loads on its own), the reminders, the warnings, an external's
own organisation; each calls its service with the signed-in user and the shell's as-of date."""

from __future__ import annotations

from typing import Any

from dash import MATCH, Input, Output

from core.vocabulary import Area, Aspect
from dashboard.callbacks.registry import callback
from dashboard.components.overview import (
    external_panel,
    group_caption,
    group_tiles,
    reminders_list,
    warnings_parts,
)
from dashboard.context import current_user, engine, parse_as_of
from dashboard.ids import Overview, Shell
from services.overview import abc_tiles, attention_warnings, external_start, reminders


@callback(Area.MASTER_DATA,
          Output(Overview.tiles(MATCH), "children"), Output(Overview.caption(MATCH), "children"),
          Input(Overview.aspect(MATCH), "data"), Input(Shell.AS_OF, "date"))
def show_group(aspect: str, as_of: str | None) -> tuple[Any, str]:
    """A, B, C and "no letter" of one relationship, each a link to its list filtered to that letter."""
    day = parse_as_of(as_of)
    tiles = abc_tiles(engine(), current_user(), Aspect(aspect), day)
    return group_tiles(tiles, day.isoformat() if day else None), group_caption(tiles)


@callback(Area.ACTIVITIES, Output(Overview.REMINDERS, "children"), Input(Shell.AS_OF, "date"))
def show_reminders(as_of: str | None) -> Any:
    """The user's open reminders at the as-of date, soonest due first."""
    return reminders_list(reminders(engine(), current_user(), parse_as_of(as_of)))


@callback(Area.MASTER_DATA, Output(Overview.WARNINGS, "children"), Input(Shell.AS_OF, "date"))
def show_warnings(as_of: str | None) -> Any:
    """Declining A-customers and stale revenue potentials the user may see."""
    return warnings_parts(attention_warnings(engine(), current_user(), parse_as_of(as_of)))


@callback(Area.MASTER_DATA, Output(Overview.EXTERNAL, "children"), Input(Shell.AS_OF, "date"))
def show_external(as_of: str | None) -> Any:
    """An external user's own organisation and its tickets."""
    return external_panel(external_start(engine(), current_user(), parse_as_of(as_of)))


__all__ = ["show_external", "show_group", "show_reminders", "show_warnings"]
