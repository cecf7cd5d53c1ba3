"""The settings page's forms, built from what services/settings.py reads, and the words for its refusals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dash import dcc, html

from core.vocabulary import MODELS, SIGN_IN_ROLES, AbcModel, Area, Aspect, Level, Role, Scope
from dashboard.components.dropdown import dropdown_labels
from dashboard.components.format import number, when
from dashboard.context import engine, request_user
from dashboard.i18n import _
from dashboard.ids import Settings
from services.commands.settings import CRITERIA, LETTERS, Saved
from services.policy import readable_areas
from services.settings import (
    BusinessSettings,
    PermissionSettings,
    Problem,
    Rejection,
    UserSettings,
)

#: the tabs in their order: value in the URL (`?tab=`) and German label
TABS: tuple[tuple[str, str], ...] = (
    ("abc", "ABC-Modelle"), ("weights", "Bewertungsgewichte"), ("probabilities", "Wahrscheinlichkeiten"),
    ("retention", "Aufbewahrungsfrist"), ("permissions", "Berechtigungen"), ("users", "Benutzer"),
)
TAB_VALUES = tuple(v for v, _label in TABS)


def may_read_area(area: Area) -> bool:
    """Whether the signed-in user may read `area` (outside a request, Dash's start-up validation: yes, so that
    every layout holds every id); the page's callbacks are refused for anyone else anyway."""
    user = request_user()
    return user is None or area in readable_areas(engine(), user)


def tab_of(query: dict[str, str]) -> str:
    """The tab the URL names (`?tab=users`), else the first."""
    word = query.get("tab")
    return word if word in TAB_VALUES else TAB_VALUES[0]


def tab_label(tab: str) -> str:
    return {
        "abc": _("ABC-Modelle"), "weights": _("Bewertungsgewichte"), "probabilities": _("Wahrscheinlichkeiten"),
        "retention": _("Aufbewahrungsfrist"), "permissions": _("Berechtigungen"), "users": _("Benutzer"),
    }[tab]


def aspect_label(aspect: Aspect) -> str:
    return {Aspect.CUSTOMER: _("Kunden"), Aspect.PROSPECT: _("Interessenten"),
            Aspect.SUPPLIER: _("Lieferanten")}[aspect]


def model_label(model: AbcModel | str) -> str:
    """What a model ranks by, in words."""
    labels = {
        AbcModel.INVOICES: _("Ausgangsrechnungen (Nettoumsatz)"),
        AbcModel.PROJECT_HOURS: _("Gebuchte Projektstunden"),
        AbcModel.REVENUE_POTENTIAL: _("Gepflegtes Umsatzpotenzial"),
        AbcModel.QUOTES: _("Angebotssumme im Zeitfenster"),
        AbcModel.OPPORTUNITIES: _("Verkaufschancen (Zielwert × Wahrscheinlichkeit)"),
        AbcModel.POTENTIAL_AND_OPPORTUNITIES: _("Umsatzpotenzial plus Verkaufschancen"),
        AbcModel.RATINGS: _("Lieferantenbewertungen (gewichtet)"),
        AbcModel.INCOMING_INVOICES: _("Eingangsrechnungen (Einkaufsvolumen)"),
    }
    return labels.get(AbcModel(model), str(model)) if model in set(AbcModel) else str(model)


def criterion_label(criterion: str) -> str:
    return {"time": _("Termintreue"), "quality": _("Qualität"), "cost": _("Kosten")}.get(criterion, criterion)


def role_label(role: Role | str) -> str:
    labels = {
        Role.ADMIN: _("Administration"), Role.MANAGEMENT: _("Geschäftsleitung"), Role.SALES: _("Vertrieb"),
        Role.SUPPORT: _("Service"), Role.ACCOUNTING: _("Buchhaltung"), Role.PURCHASING: _("Einkauf"),
        Role.EXTERNAL: _("Extern (Kontakt)"),
    }
    return labels[Role(role)] if role in set(labels) else str(role)


def area_label(area: Area) -> str:
    return {
        Area.MASTER_DATA: _("Stammdaten"), Area.PIPELINE: _("Vertriebspipeline"), Area.BILLING: _("Faktura"),
        Area.PURCHASING: _("Einkaufsdaten"), Area.SERVICE: _("Service-Tickets"), Area.PROJECTS: _("Projekte"),
        Area.ACTIVITIES: _("Aktivitäten"), Area.DOCUMENTS: _("Dokumente"), Area.ANALYTICS: _("Analysen"),
        Area.ADMINISTRATION: _("Verwaltung"),
    }[area]


def level_options() -> list[dict[str, str]]:
    return [{"label": _("kein Zugriff"), "value": Level.NONE}, {"label": _("lesen"), "value": Level.READ},
            {"label": _("bearbeiten"), "value": Level.EDIT}]


def scope_options() -> list[dict[str, str]]:
    return [{"label": _("alle Organisationen"), "value": Scope.ALL},
            {"label": _("eigene Kunden"), "value": Scope.OWN_ACCOUNTS}]


def outcome_label(outcome: str) -> str:
    return {"open": _("offen"), "won": _("gewonnen"), "rejected": _("abgelehnt")}.get(outcome, outcome)


def _field(label: str, control: Any, hint: str | None = None) -> html.Div:
    """A labelled control (the label names the control for screen readers) with an optional hint below."""
    control_id = getattr(control, "id", None)
    label_el = html.Label(label, htmlFor=_dom_id(control_id)) if control_id is not None else html.Span(label)
    parts = [label_el, control]
    if hint:
        parts.append(html.Span(hint, className="settings-hint"))
    return html.Div(parts, className="settings-field")


def _dom_id(component_id: object) -> str:
    """The DOM id Dash gives a component (dict ids: their JSON with sorted keys)."""
    import json

    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def _number_input(component_id: dict[str, str], value: float | None) -> dcc.Input:
    """A number field without the browser's own limits: an out-of-range value would reach the server as nothing,
    and the save's refusal says what is wrong in words."""
    return dcc.Input(id=component_id, type="number", value=value, step="any", debounce=False,
                     className="settings-number", required=True)


def abc_form(settings: BusinessSettings) -> list[Any]:
    """Model per relationship, window per model, shares of A, B, C in percent."""
    abc = settings.config.abc
    models = [_field(aspect_label(a), dcc.Dropdown(labels=dropdown_labels(),
        id=Settings.model(a.value), options=[{"label": model_label(m), "value": m} for m in MODELS[a]],
        value=abc.model_for(a), clearable=False, searchable=False, className="settings-dropdown"))
        for a in (Aspect.CUSTOMER, Aspect.PROSPECT, Aspect.SUPPLIER)]
    windows = [_field(model_label(m), _number_input(Settings.window(AbcModel(m).value), days),
                      _("Tage bis zum Stichtag")) for m, days in abc.windows.items()]
    shares = {"A": abc.a_share, "B": abc.b_share, "C": 1 - abc.a_share - abc.b_share}
    share_fields = [_field(_("Klasse {letter}", letter=letter),
                           _number_input(Settings.share(letter), round(shares[letter] * 100, 4)), "%")
                    for letter in LETTERS]
    return [
        html.Fieldset([html.Legend(_("Modell je Beziehung")), *models], className="settings-group"),
        html.Fieldset([html.Legend(_("Zeitfenster der Modelle")), *windows], className="settings-group"),
        html.Fieldset([html.Legend(_("Klassenanteile (A + B + C = 100 %)")), *share_fields],
                      className="settings-group"),
    ]


def weights_form(settings: BusinessSettings) -> list[Any]:
    """The weights of time, quality and cost in the suppliers' rating model."""
    weights = settings.config.abc.rating_weights
    fields = [_field(criterion_label(c), _number_input(Settings.weight(c), getattr(weights, c))) for c in CRITERIA]
    return [html.Fieldset([html.Legend(_("Gewichte im Modell Lieferantenbewertungen")), *fields],
                          className="settings-group"),
            html.P(_("Die Kennzahl eines Lieferanten ist der gewichtete Mittelwert seiner Durchschnitte "
                     "für Termintreue, Qualität und Kosten im Zeitfenster."), className="muted")]


def probabilities_form(settings: BusinessSettings) -> list[Any]:
    """One row per opportunity status: its outcome and its default probability in percent."""
    if not settings.statuses:
        return [html.P(_("Keine Status für Verkaufschancen vorhanden: sie kommen mit dem Import."),
                       className="empty")]
    rows = [html.Tr([
        html.Th(s.status, scope="row"), html.Td(outcome_label(s.outcome)),
        html.Td(_number_input(Settings.probability(s.status), s.probability)),
    ]) for s in settings.statuses]
    return [html.Table([
        html.Thead(html.Tr([html.Th(_("Status")), html.Th(_("Ausgang")), html.Th(_("Wahrscheinlichkeit (%)"))])),
        html.Tbody(rows)], className="data-table settings-table"),
        html.P(_("Gilt für jeden Statuswechsel ohne eigene Wahrscheinlichkeit; das Modell Verkaufschancen "
                 "rechnet mit Zielwert × Wahrscheinlichkeit."), className="muted")]


def permissions_form(settings: PermissionSettings) -> list[Any]:
    """The matrix as a table: a row per role, a column per area, and the role's organisation scope."""
    head = html.Tr([html.Th(_("Rolle")), *[html.Th(area_label(a), scope="col") for a in Area],
                    html.Th(_("Organisationen"), scope="col")])
    rows = []
    for role in SIGN_IN_ROLES:
        cells = [html.Td(dcc.Dropdown(labels=dropdown_labels(),
            id=Settings.level(role.value, area.value), options=level_options(), value=settings.levels[(role, area)],
            clearable=False, searchable=False, className="settings-level",
            disabled=role is Role.ADMIN and area is Area.ADMINISTRATION)) for area in Area]
        scope = (dcc.Dropdown(labels=dropdown_labels(),
                              id=Settings.scope(role.value), options=scope_options(), value=settings.scopes[role],
                              clearable=False, searchable=False, className="settings-level")
                 if role in settings.scopes else html.Span(_("nur die eigene"), className="muted"))
        rows.append(html.Tr([html.Th(role_label(role), scope="row"), *cells, html.Td(scope)]))
    return [html.Div(html.Table([html.Thead(head), html.Tbody(rows)], className="data-table settings-matrix"),
                     className="table-scroll"),
            html.P(_("Änderungen gelten ab der nächsten Anfrage. Die Administration behält das Recht, "
                     "die Verwaltung zu bearbeiten."), className="muted")]


def users_table(settings: UserSettings, me: str) -> Any:
    """Every account: role (changed at once), link, language, state, last sign-in, and disable/enable."""
    if not settings.users:
        return html.P(_("Noch keine Benutzer: unten den ersten anlegen."), className="empty")
    agents = {a.id: a.name for a in settings.agents}
    rows = []
    for u in settings.users:
        linked = (_("Mitarbeiter {name}", name=agents.get(u.agent_id, u.agent_id)) if u.agent_id
                  else _("Kontakt {id}", id=u.contact_id) if u.contact_id else "–")
        own = u.name == me
        role = dcc.Dropdown(labels=dropdown_labels(),
                            id=Settings.user_role(u.name), options=role_options(u.role is Role.EXTERNAL),
                            value=u.role, clearable=False, searchable=False, disabled=own,
                            className="settings-level")
        state = html.Span("✓ " + _("aktiv") if u.active else "✕ " + _("gesperrt"),
                          className="settings-state " + ("is-active" if u.active else "is-disabled"))
        action = html.Button(_("Sperren") if u.active else _("Entsperren"), id=Settings.user_active(u.name),
                             value="disable" if u.active else "enable", disabled=own, n_clicks=0,
                             className="settings-button secondary", type="button")
        rows.append(html.Tr([html.Th(u.name, scope="row"), html.Td(role), html.Td(linked),
                             html.Td(u.locale.upper()), html.Td(state), html.Td(when(u.last_sign_in_at)),
                             html.Td(action)]))
    head = html.Tr([html.Th(t) for t in (_("Name"), _("Rolle"), _("Verknüpft mit"), _("Sprache"), _("Zustand"),
                                         _("Zuletzt angemeldet"), "")])
    return html.Table([html.Thead(head), html.Tbody(rows)], className="data-table settings-users")


def role_options(external: bool | None = None) -> list[dict[str, str]]:
    """The sign-in roles (only external for an external account, only internal ones for an internal one)."""
    roles = [r for r in SIGN_IN_ROLES if external is None or (r is Role.EXTERNAL) == external]
    return [{"label": role_label(r), "value": r} for r in roles]


def agent_options(settings: UserSettings) -> list[dict[str, str]]:
    return [{"label": f"{a.name} ({a.id})", "value": a.id} for a in settings.agents]


# --- what a save says ----------------------------------------------------------------------------------------


def field_label(field: str) -> str:
    """The page's name of a field a refusal names: a model, letter, criterion, status or role."""
    if field in set(AbcModel):
        return model_label(field)
    if field in set(Role):
        return role_label(field)
    if field in CRITERIA:
        return criterion_label(field)
    if field == "retention_months":
        return _("Aufbewahrungsfrist")
    return field


def rejection_text(r: Rejection) -> str:
    """One reason of a refusal, in the user's language, with numbers formatted."""
    f = field_label(r.field)
    texts = {
        Problem.NOT_A_NUMBER: lambda: _("{field}: bitte eine Zahl eingeben", field=f),
        Problem.NOT_WHOLE: lambda: _("{field}: bitte eine ganze Zahl eingeben", field=f),
        Problem.WINDOW_NOT_POSITIVE: lambda: _("Zeitfenster {field}: mindestens 1 Tag", field=f),
        Problem.WINDOW_TOO_LONG: lambda: _("Zeitfenster {field}: höchstens {max} Tage", field=f,
                                           max=number(_num(r.value("max")))),
        Problem.UNKNOWN_MODEL: lambda: _("{field}: kein Modell dieser Beziehung", field=f),
        Problem.SHARE_OUT_OF_RANGE: lambda: _("Anteil der Klasse {field}: 0 bis 100 %", field=f),
        Problem.A_SHARE_ZERO: lambda: _("Die Klasse A braucht einen Anteil über 0 %"),
        Problem.SHARES_NOT_100: lambda: _("Die Anteile von A, B und C ergeben {total} % statt 100 %",
                                          total=number(_num(r.value("total")), 2)),
        Problem.WEIGHT_OUT_OF_RANGE: lambda: _("Gewicht {field}: 0 bis {max}", field=f,
                                               max=number(_num(r.value("max")))),
        Problem.WEIGHTS_ZERO: lambda: _("Die Gewichte ergeben zusammen 0: mindestens eines muss über 0 liegen"),
        Problem.UNKNOWN_STATUS: lambda: _("Status {field} gibt es nicht", field=f),
        Problem.PROBABILITY_OUT_OF_RANGE: lambda: _("Wahrscheinlichkeit von {field}: 0 bis 100 %", field=f),
        Problem.RETENTION_OUT_OF_RANGE: lambda: _("Aufbewahrungsfrist: {min} bis {max} Monate",
                                                  min=number(_num(r.value("min"))),
                                                  max=number(_num(r.value("max")))),
        Problem.UNKNOWN_CELL: lambda: _("{field}: kein Feld der Berechtigungen", field=f),
        Problem.ADMIN_KEEPS_ADMINISTRATION: lambda: _("Die Administration behält das Recht, die Verwaltung zu "
                                                      "bearbeiten (sonst könnte es niemand zurückgeben)"),
        Problem.FIXED_SCOPE: lambda: _("Die Rolle {field} hat einen festen Bereich", field=f),
        Problem.UNKNOWN_USER: lambda: _("Benutzer {field} gibt es nicht", field=f),
        Problem.OWN_ACCOUNT: lambda: _("Das eigene Konto lässt sich nicht sperren und seine Rolle nicht ändern"),
        Problem.LAST_ADMIN: lambda: _("Der letzte aktive Administrator bleibt Administrator"),
        Problem.ROLE_LINK: lambda: _("Externe Benutzer gehören zu einem Kontakt, interne zu einem Mitarbeiter"),
        Problem.NAME_INVALID: lambda: _("Ein Benutzername hat 1 bis 100 Zeichen"),
        Problem.PASSWORD_LENGTH: lambda: _("Ein Passwort hat {min} bis {max} Zeichen",
                                           min=number(_num(r.value("min"))), max=number(_num(r.value("max")))),
        Problem.USER_EXISTS: lambda: _("Den Benutzer {field} gibt es schon", field=f),
        Problem.UNKNOWN_AGENT: lambda: _("Mitarbeiter {field} gibt es nicht", field=f),
        Problem.UNKNOWN_CONTACT: lambda: _("Kontakt {field} gibt es nicht", field=f),
    }
    return texts[r.problem]()


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def refused(rejections: Iterable[Rejection]) -> html.Div:
    """The message of a refused save: nothing written, every reason."""
    return html.Div([
        html.P("⚠ " + _("Nicht gespeichert:"), className="settings-message-title"),
        html.Ul([html.Li(rejection_text(r)) for r in rejections]),
    ], className="settings-message is-error", role="alert")


def saved(result: Saved, follows: str | None = None) -> html.Div:
    """The message of a save: how many values changed (and what follows from them), or that nothing did."""
    if not result.changes:
        return html.Div("ℹ " + _("Nichts geändert: die Werte waren schon gespeichert."),
                        className="settings-message is-info", role="status")
    text = "✓ " + _("Gespeichert: {n} Wert(e) geändert.", n=number(len(result.changes)))
    return html.Div([html.P(text, className="settings-message-title"),
                     html.P(follows, className="muted") if follows else None],
                    className="settings-message is-ok", role="status")


__all__ = [
    "TABS",
    "TAB_VALUES",
    "abc_form",
    "agent_options",
    "may_read_area",
    "permissions_form",
    "probabilities_form",
    "refused",
    "rejection_text",
    "role_options",
    "saved",
    "tab_label",
    "tab_of",
    "users_table",
    "weights_form",
]
