"""The record's tabs besides the timeline: open reminders, the org chart, the group tree, documents by folder.

Trees are nested lists (a screen reader announces the levels; Tab reaches every link); marks are words with an
icon beside them, never a colour alone.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.components.format import number, record_href, when
from dashboard.i18n import _
from services.record_documents import DocumentFile, RecordDocuments
from services.record_reminders import Reminders
from services.record_tree import ChartNode, GroupNode, GroupTree, OrgChart

IMPORTANCE_LABELS = {"high": "hoch", "normal": "normal", "low": "niedrig"}


def no_access(what: str) -> html.P:
    """The part of an area the user may not read."""
    return html.P(_("Keine Berechtigung für {what}.", what=what), className="empty")


def reminders_list(reminders: Reminders | None) -> Any:
    """Open tasks, soonest due first: due date (overdue marked), subject, who, for whom."""
    if reminders is None:
        return no_access(_("Aktivitäten"))
    if not reminders.items:
        return html.P(_("Keine offenen Erinnerungen. Aufgaben legt das Aktivitätsmodul an."), className="empty")
    items = []
    for r in reminders.items:
        due = when(r.due_at) if r.due_at else _("ohne Fälligkeit")
        marks = [html.Span(["⚠ ", _("überfällig")], className="reminder-overdue")] if r.overdue else []
        if r.importance == "high":
            marks.append(html.Span(["! ", _("wichtig")], className="reminder-important"))
        who = " · ".join(p for p in (r.agent, r.contact) if p)
        items.append(html.Li([
            html.Span([html.Span(_("fällig"), className="visually-hidden"), " ", due], className="reminder-due"),
            *marks,
            html.Span(r.subject or _("(ohne Betreff)"), className="reminder-subject"),
            html.Span(who, className="reminder-who muted") if who else None,
        ], className="reminder" + (" overdue" if r.overdue else "")))
    more = reminders.total - len(reminders.items)
    foot = [html.P(_("… und {n} weitere", n=number(more)), className="muted")] if more > 0 else []
    return html.Div([html.P(_("{n} offen", n=number(reminders.total)), className="part-summary"),
                     html.Ul(items, className="reminders"), *foot])


def _chart_item(node: ChartNode) -> html.Li:
    label = [html.Span(node.name, className="chart-name")]
    if node.function:
        label.append(html.Span(node.function, className="chart-function muted"))
    if node.loop:
        label.append(html.Span(["↻ ", _("Berichtslinie im Kreis")], className="chart-loop"))
    children = [html.Ul([_chart_item(c) for c in node.children], className="tree")] if node.children else []
    return html.Li([html.Span(label, className="tree-label"), *children])


def org_chart_tree(chart: OrgChart) -> Any:
    """The contacts by reporting line; people without a manager at the organisation at the top."""
    if not chart.roots:
        return html.P(_("Keine Ansprechpartner erfasst."), className="empty")
    note = [html.P(["↻ ", _("Die Daten enthalten eine Berichtslinie im Kreis; sie ist bei einer Person "
                            "aufgetrennt.")], className="tree-note")] if chart.has_loop else []
    return html.Div([*note, html.Ul([_chart_item(r) for r in chart.roots], className="tree tree-root",
                                    **{"aria-label": _("Organigramm")})])


def _group_item(node: GroupNode) -> html.Li:
    if node.current:
        label: Any = html.Strong(node.name, className="group-current", **{"aria-current": "page"})
    else:
        label = dcc.Link(node.name, href=record_href(node.id), className="org-link")
    children = [html.Ul([_group_item(c) for c in node.children], className="tree")] if node.children else []
    return html.Li([html.Span(label, className="tree-label"), *children])


def group_tree_list(tree: GroupTree) -> Any:
    """The group from its top down to the subsidiaries, each linked to its record."""
    if tree.alone:
        return html.P(_("Gehört zu keinem Konzern: keine Mutter- und keine Tochtergesellschaften."),
                      className="empty")
    note = [html.P(_("Nicht der ganze Konzern: die Daten enthalten eine Schleife oder sind sehr groß."),
                   className="tree-note")] if tree.truncated else []
    return html.Div([*note, html.Ul([_group_item(tree.root)], className="tree tree-root",
                                    **{"aria-label": _("Konzern")})])


def _size(size: int | None) -> str:
    if size is None:
        return "–"
    if size < 1024:
        return _("{n} B", n=number(size))
    if size < 1024 * 1024:
        return _("{n} KB", n=number(size / 1024, 1))
    return _("{n} MB", n=number(size / 1024 / 1024, 1))


def _file_rows(f: DocumentFile) -> list[html.Tr]:
    rows = []
    for i, v in enumerate(f.versions):
        shared = (html.Span(["⇄ ", _("extern sichtbar")], className="doc-external") if v.external
                  else html.Span(["⌂ ", _("intern")], className="doc-internal"))
        rows.append(html.Tr([
            html.Th(f.filename, scope="row", className="doc-file") if i == 0
            else html.Td(_("ältere Version"), className="doc-older muted"),
            html.Td(_("Version {n}", n=v.version) + (" · " + _("aktuell") if i == 0 else "")),
            html.Td(when(v.created_at)), html.Td(_size(v.size_bytes), className="num"),
            html.Td(v.created_by or ""), html.Td(shared),
        ], className="doc-latest" if i == 0 else "doc-version"))
    return rows


def documents_by_folder(docs: RecordDocuments | None) -> Any:
    """Per folder its files, each with its versions newest first; no download (the data holds no file content)."""
    if docs is None:
        return no_access(_("Dokumente"))
    if not docs.folders:
        return html.P(_("Keine Dokumente abgelegt."), className="empty")
    head = html.Thead(html.Tr([html.Th(h) for h in (_("Datei"), _("Version"), _("Erstellt"), _("Größe"), _("Autor"),
                                                    _("Freigabe"))]))
    sections = [html.Section([
        html.H3(["▸ ", " / ".join(p for p in folder.folder.split("/") if p) or "/"], className="doc-folder"),
        html.Div(html.Table([head, html.Tbody([r for f in folder.files for r in _file_rows(f)])],
                            className="data-table documents-table"), className="table-scroll"),
    ], className="doc-folder-section") for folder in docs.folders]
    summary = _("{files} Dateien in {folders} Ordnern, {versions} Versionen", files=number(docs.files),
                folders=number(len(docs.folders)), versions=number(docs.versions))
    notes = [html.P(_("Nur die Angaben zu den Versionen: der Datenbestand enthält keine Dateiinhalte zum "
                      "Herunterladen."), className="muted")]
    if docs.truncated:
        notes.append(html.P(_("Die Liste ist gekürzt."), className="tree-note"))
    return html.Div([html.P(summary, className="part-summary"), *notes, *sections])
