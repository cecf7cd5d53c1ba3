"""The head of the customer record (name, relationships, master data, SLA, service note) and the contacts table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from core.vocabulary import Aspect
from dashboard.components.format import money, number, record_href
from dashboard.i18n import _
from services.record import OrganisationRecord

ROLE_LABELS = ((Aspect.CUSTOMER, "Kunde"), (Aspect.SUPPLIER, "Lieferant"), (Aspect.PROSPECT, "Interessent"))


def record_header(record: OrganisationRecord) -> list[Any]:
    """Name, relationship pills with account numbers, address line, key account manager, SLA and service note."""
    s, d = record.summary, record.detail
    pills = [html.Span(_(label), className=f"pill pill-{role}") for role, label in ROLE_LABELS if getattr(s, role)]
    if d.vip:
        pills.append(html.Span("VIP", className="pill pill-vip"))
    numbers = [_("Kunden-Nr. {n}", n=s.customer_number) if s.customer_number else "",
               _("Lieferanten-Nr. {n}", n=s.supplier_number) if s.supplier_number else ""]
    address = ", ".join(p for p in (d.street, " ".join(x for x in (d.postcode, s.city) if x), s.country) if p)
    facts = [
        (_("Adresse"), address), (_("Telefon"), phone_link(d.phone, d.phone_e164)), (_("Web"), d.website),
        (_("Muttergesellschaft"), dcc.Link(s.parent_name or s.parent_id, href=record_href(s.parent_id),
                                           className="org-link") if s.parent_id else None),
        (_("Key Account"), s.key_account_manager),
        (_("Umsatz 12 Monate"), None if s.revenue_12m is None else money(s.revenue_12m)),
        (_("Nummern"), " · ".join(n for n in numbers if n)),
        (_("SLA"), None if d.sla_hours is None else _("{hours} Stunden", hours=number(d.sla_hours, 1))),
    ]
    note = html.Div([html.Span(_("Service-Hinweis"), className="service-note-label"),
                     html.P(d.service_note)], className="service-note", role="note") if d.service_note else None
    return [
        html.Div([html.H1(s.name), html.Div(pills, className="pills")], className="record-title"),
        html.Dl([part for label, value in facts if value
                 for part in (html.Dt(label), html.Dd(value))], className="facts"),
        note,
    ]


def phone_link(written: str | None, e164: str | None = None) -> html.A | str:
    """A number as written (`+49 (0)6151 123-45`), dialling its E.164 form where known."""
    if not written:
        return ""
    return html.A(written, href=f"tel:{e164}", className="phone") if e164 else written


def contacts_table(contacts: Sequence[Any]) -> html.Div | html.P:
    """Name with function, e-mail, phone and mobile of each person; the table scrolls sideways if it must."""
    if not contacts:
        return html.P(_("Keine Ansprechpartner erfasst."), className="empty")
    rows = [html.Tr([
        html.Td([html.Div(" ".join(p for p in (c.first_name, c.last_name) if p), className="contact-name"),
                 html.Div(c.function or "", className="muted")]),
        html.Td(html.A(c.email, href=f"mailto:{c.email}", className="email") if c.email else ""),
        html.Td([html.Div(phone_link(c.phone, c.phone_e164)),
                 html.Div(phone_link(c.mobile, c.mobile_e164), className="muted")],
                className="phones"),
    ]) for c in contacts]
    head = html.Thead(html.Tr([html.Th(h) for h in (_("Name"), _("E-Mail"), _("Telefon"))]))
    return html.Div(html.Table([head, html.Tbody(rows)], className="contacts-table"), className="table-scroll")


def abc_letters(letters: dict[Aspect, str | None]) -> list[html.Span]:
    """One pill per relationship held: its ABC letter (the letter as text, never the colour alone), or 'ohne'."""
    return [html.Span(_("ABC {aspect}: {letter}", aspect=_(label), letter=letters[role] or _("ohne")),
                      className=f"pill abc-pill letter-{(letters[role] or 'none').lower()}",
                      title=_("ABC-Klasse mit dem konfigurierten Modell"))
            for role, label in ROLE_LABELS if role in letters]
