"""The record page's state in its address: `/organisation/<id>?tab=timeline&types=ticket,invoice&from=...&to=...`.

Read by the page's layout; the clientside callback of assets/record.js writes it back as it changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote

from core.errors import InvalidInput
from dashboard.context import engine, request_user
from services.record_timeline import TimelineFilter, TimelineType, offered_types

#: the tabs of the record (value, German label), the first is the default
TABS: tuple[tuple[str, str], ...] = (("timeline", "Verlauf"), ("reminders", "Erinnerungen"),
                                     ("chart", "Organigramm"), ("group", "Konzern"), ("documents", "Dokumente"))
TAB_VALUES = tuple(v for v, _ in TABS)


@dataclass(frozen=True)
class RecordState:
    """The organisation and the page's filters; anything the address holds that makes no sense is left out."""

    organisation_id: str | None
    tab: str
    types: tuple[str, ...]
    since: date | None
    until: date | None

    def filter_data(self, readable: Sequence[str]) -> dict[str, object]:
        """The timeline's filter as the page keeps it (`types` None: all readable types), as assets/record.js
        writes it."""
        every = set(readable) <= set(self.types)
        return {"types": None if every else list(self.types),
                "from": self.since.isoformat() if self.since else None,
                "to": self.until.isoformat() if self.until else None}

    @classmethod
    def from_query(cls, organisation_id: str | None, query: Mapping[str, object],
                   readable: Sequence[str]) -> RecordState:
        """From the path variable (URL-encoded) or the old `?id=`, and `tab`, `types`, `from`, `to`."""
        org = unquote(organisation_id) if isinstance(organisation_id, str) and organisation_id else None
        if org is None:
            old = query.get("id")
            org = old if isinstance(old, str) and old else None
        tab = query.get("tab")
        words = query.get("types")
        asked = set(words.split(",")) if isinstance(words, str) else set()
        chosen = tuple(t for t in readable if t in asked)
        if asked == {"none"}:  # every type unticked
            return cls(org, _tab(tab), (), *_range(query))
        return cls(org, _tab(tab), chosen or tuple(readable), *_range(query))


def _tab(tab: object) -> str:
    return tab if isinstance(tab, str) and tab in TAB_VALUES else TAB_VALUES[0]


def _range(query: Mapping[str, object]) -> tuple[date | None, date | None]:
    since, until = _day(query.get("from")), _day(query.get("to"))
    if since and until and since > until:
        since, until = until, since
    return since, until


def offered_types_of_request() -> tuple[str, ...]:
    """The timeline types the signed-in user may read (all outside a request: Dash's start-up validation)."""
    user = request_user()
    return tuple(t.value for t in (offered_types(engine(), user) if user is not None else TimelineType))


def _day(value: object) -> date | None:
    """An ISO date of the address; anything else is no date."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return TimelineFilter.parse(since=value).since
    except InvalidInput:
        return None


__all__ = ["TABS", "TAB_VALUES", "RecordState", "offered_types_of_request"]
