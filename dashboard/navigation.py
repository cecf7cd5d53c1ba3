"""The navigation: each page registers itself with `nav` (its German label) and `areas`; the shell lists the
pages of which the user may read at least one area, in the pages' `order`."""

from __future__ import annotations

from dataclasses import dataclass

import dash

from core.vocabulary import Area


@dataclass(frozen=True)
class NavEntry:
    """One entry of the top bar: where it leads, its German label, and the areas it shows."""

    path: str
    label: str
    areas: frozenset[Area]
    order: int


def nav_entries() -> list[NavEntry]:
    """Every page that asks to be in the navigation (`dash.register_page(..., nav=..., areas=...)`)."""
    entries = [NavEntry(page["path"], page["nav"], frozenset(page["areas"]), page.get("order") or 0)
               for page in dash.page_registry.values() if page.get("nav")]
    return sorted(entries, key=lambda e: (e.order, e.path))


def visible_pages(areas: frozenset[Area]) -> list[NavEntry]:
    """The navigation entries of a user who may read `areas`."""
    return [e for e in nav_entries() if e.areas & areas]


__all__ = ["NavEntry", "nav_entries", "visible_pages"]
