"""The start page's parts: a tile group per relationship (A, B, C, no letter: each a link to the filtered list),
the user's reminders, the warnings that need attention, and an external user's own organisation."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from dash import dcc, html

from core.vocabulary import MODEL_UNITS, AbcModel, Aspect, MetricUnit
from dashboard.components.format import fixed, money, number, percent, record_href, when
from dashboard.i18n import _
from dashboard.ids import Overview
from services.overview import AbcTiles, AbcWarning, AttentionWarnings, ExternalStart, LetterTile, Reminders

#: the list page of each relationship (it takes `abc` = A, B, C or none, and keeps `as_of`)
LIST_PATHS = {Aspect.CUSTOMER: "/customers", Aspect.PROSPECT: "/prospects", Aspect.SUPPLIER: "/suppliers"}
#: warnings of one kind shown at most (the heading says how many there are)
WARNINGS_SHOWN = 10


def aspect_label(aspect: Aspect) -> str:
    return {Aspect.CUSTOMER: _("Kunden"), Aspect.PROSPECT: _("Interessenten"),
            Aspect.SUPPLIER: _("Lieferanten")}[aspect]


def model_label(model: AbcModel) -> str:
    """What the letters rank by, in a few words."""
    return {
        AbcModel.INVOICES: _("nach Rechnungsumsatz"), AbcModel.PROJECT_HOURS: _("nach Projektstunden"),
        AbcModel.REVENUE_POTENTIAL: _("nach Umsatzpotenzial"), AbcModel.QUOTES: _("nach Angebotswert"),
        AbcModel.OPPORTUNITIES: _("nach Verkaufschancen"),
        AbcModel.POTENTIAL_AND_OPPORTUNITIES: _("nach Potenzial und Verkaufschancen"),
        AbcModel.RATINGS: _("nach Lieferantenbewertung"), AbcModel.INCOMING_INVOICES: _("nach Einkaufsvolumen"),
    }[model]


def list_href(aspect: Aspect, key: str, as_of: str | None = None) -> str:
    """The list of `aspect` filtered to one letter (`key`: A, B, C or none), the as-of date kept."""
    query = [("abc", key)] + ([("as_of", as_of)] if as_of else [])
    return f"{LIST_PATHS[aspect]}?{urlencode(query)}"


def group_section(aspect: Aspect) -> html.Section:
    """The frame of one relationship's tiles; its callback fills caption and tiles (`Overview.aspect` names it)."""
    return html.Section([
        dcc.Store(id=Overview.aspect(aspect.value), data=aspect.value),
        html.Div([html.H2(aspect_label(aspect)), html.Span(id=Overview.caption(aspect.value), className="muted")],
                 className="overview-group-head"),
        dcc.Loading(html.Div(id=Overview.tiles(aspect.value), className="overview-tiles"), type="dot"),
    ], className="panel overview-group", **{"aria-label": _("ABC-Klassen: {aspect}", aspect=aspect_label(aspect))})


def _value_text(model: AbcModel, tile: LetterTile) -> str:
    """The metric behind a letter: a sum of euros or hours, the mean of a rating score; none without a letter."""
    if tile.letter is None:
        return _("ohne Bewegung")
    unit = MODEL_UNITS.get(model, MetricUnit.EUR)
    if tile.count == 0:
        return "–"
    if unit is MetricUnit.SCORE:
        return _("Ø {score}", score=fixed(tile.mean))
    if unit is MetricUnit.HOURS:
        return _("{hours} h", hours=fixed(tile.value))
    return money(tile.value)


def letter_tile(tiles: AbcTiles, tile: LetterTile, as_of: str | None) -> dcc.Link:
    """One letter as a link to the filtered list: the letter (or "no letter"), count, share, value."""
    name = tile.letter or _("ohne Buchstabe")
    aspect = aspect_label(tiles.aspect)
    value = _value_text(tiles.model, tile)
    label = _("{aspect} {letter}: {count} ({share}), {value}: Liste öffnen", aspect=aspect, letter=name,
              count=number(tile.count), share=percent(tile.share), value=value)
    return dcc.Link([
        html.Span(tile.letter or "–", className="overview-letter", **{"aria-hidden": "true"}),
        html.Span(name if tile.letter is None else _("Klasse {letter}", letter=tile.letter),
                  className="overview-tile-name"),
        html.Span(number(tile.count), className="overview-count"),
        html.Span(percent(tile.share), className="overview-share"),
        html.Span(value, className="overview-value"),
    ], href=list_href(tiles.aspect, tile.key, as_of), title=label,
        className=f"overview-tile letter-{tile.key.lower()}",
        id=Overview.tile(tiles.aspect.value, tile.key))


def group_tiles(tiles: AbcTiles, as_of: str | None) -> list[dcc.Link] | html.P:
    """The four tiles of one relationship, or what to do when nobody holds it."""
    if tiles.total == 0:
        return html.P(_("Keine Organisation mit dieser Beziehung zum Stichtag – ein Import bringt sie."),
                      className="empty")
    return [letter_tile(tiles, t, as_of) for t in tiles.letters]


def group_caption(tiles: AbcTiles) -> str:
    return _("{n} · {model}", n=number(tiles.total), model=model_label(tiles.model))


def attention_section(activities: bool) -> html.Section:
    """What needs attention: the user's reminders (with the activities area) and the warnings."""
    parts = []
    if activities:
        parts.append(html.Div([html.H3(_("Meine Erinnerungen")),
                               dcc.Loading(html.Div(id=Overview.REMINDERS), type="dot")], className="overview-part"))
    parts.append(dcc.Loading(html.Div(id=Overview.WARNINGS, className="overview-warnings"), type="dot"))
    return html.Section([html.H2(_("Was Aufmerksamkeit braucht")), html.Div(parts, className="overview-attention")],
                        id=Overview.ATTENTION, className="panel")


def reminders_list(found: Reminders) -> html.Div | html.P:
    """The open reminders, soonest due first: due date (overdue marked in words and an icon), subject, organisation."""
    if not found.items:
        return html.P(_("Keine offenen Erinnerungen. Aufgaben mit Fälligkeit erscheinen hier."), className="empty")
    rows = []
    for r in found.items:
        due = when(r.due_at)
        badge = [html.Span("⚠ " + _("überfällig"), className="overview-overdue")] if r.overdue else []
        importance = [html.Span(_("wichtig"), className="overview-important")] if r.importance == "high" else []
        org = (dcc.Link(r.organisation_name or r.organisation_id, href=record_href(r.organisation_id),
                        className="org-link") if r.organisation_id else html.Span(_("ohne Organisation"),
                                                                                 className="muted"))
        rows.append(html.Li([
            html.Span(due, className="overview-due"), *badge, *importance,
            html.Span(r.subject or _("(ohne Betreff)"), className="overview-subject"), org,
        ], className="overview-reminder" + (" overdue" if r.overdue else "")))
    more = ([html.P(_("{shown} von {total} gezeigt", shown=number(len(found.items)), total=number(found.total)),
                    className="muted")] if found.total > len(found.items) else [])
    return html.Div([html.Ul(rows, className="overview-list"), *more])


def _warning_list(title: str, warnings: Sequence[AbcWarning], detail: str, empty: str) -> html.Div:
    shown = list(warnings)[:WARNINGS_SHOWN]
    head = html.H3(_("{title} ({n})", title=title, n=number(len(warnings))))
    if not shown:
        return html.Div([head, html.P(empty, className="empty")], className="overview-part")
    items = [html.Li([
        dcc.Link(w.name or w.organisation_id, href=record_href(w.organisation_id), className="org-link"),
        html.Span(_warning_detail(detail, w), className="muted"),
    ], className="overview-warning") for w in shown]
    more = [html.P(_("die ersten {n} gezeigt", n=number(len(shown))), className="muted")] if len(warnings) > len(
        shown) else []
    return html.Div([head, html.Ul(items, className="overview-list"), *more], className="overview-part")


def _warning_detail(kind: str, w: AbcWarning) -> str:
    if kind == "declining":
        return _("Umsatz sinkt um {amount} je Quartal", amount=money(None if w.slope is None else -w.slope))
    return _("Potenzial {amount}", amount=money(w.value))


def warnings_parts(found: AttentionWarnings) -> list[html.Div]:
    """Declining A-customers and stale potentials, each only where the user may read its relationship."""
    parts = []
    if found.declining is not None:
        parts.append(_warning_list(_("Sinkende A-Kunden"), found.declining, "declining",
                                   _("Kein A-Kunde mit sinkendem Umsatz.")))
    if found.stale is not None:
        parts.append(_warning_list(_("Veraltete Umsatzpotenziale"), sorted(
            found.stale, key=lambda w: (-(w.value or 0.0), w.organisation_id)), "stale",
            _("Alle Umsatzpotenziale sind aktuell.")))
    return parts


def external_panel(start: ExternalStart) -> html.Div:
    """An external user's own organisation (a link to its record) and its tickets."""
    org = dcc.Link(start.name, href=record_href(start.organisation_id), className="org-link overview-own-org")
    if start.open_tickets is None:
        return html.Div([html.P([_("Ihre Organisation: "), org])])
    sla = (_("keine SLA") if start.tightest_due_at is None else
           (_("SLA verletzt seit {when}", when=when(start.tightest_due_at)) if start.breached
            else _("nächste SLA bis {when}", when=when(start.tightest_due_at))))
    return html.Div([
        html.P([_("Ihre Organisation: "), org]),
        html.Div([
            html.Div([html.Div(_("Offene Tickets"), className="tile-title"),
                      html.Div(number(start.open_tickets), className="tile-value"),
                      html.Div(sla, className="tile-detail")], className="tile" + (" bad" if start.breached else "")),
            html.Div([html.Div(_("Tickets insgesamt"), className="tile-title"),
                      html.Div(number(start.tickets), className="tile-value"),
                      html.Div(_("bis zum Stichtag"), className="tile-detail")], className="tile"),
        ], className="tiles"),
    ])


def external_section() -> html.Section:
    """The frame of an external user's start page; its callback fills it."""
    return html.Section([html.H2(_("Ihre Organisation")),
                         dcc.Loading(html.Div(id=Overview.EXTERNAL), type="dot")], className="panel")


__all__ = [
    "LIST_PATHS", "attention_section", "external_panel", "external_section", "group_caption", "group_section",
    "group_tiles", "letter_tile", "list_href", "model_label", "reminders_list", "warnings_parts",
]
