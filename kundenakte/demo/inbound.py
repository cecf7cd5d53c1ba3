"""Raw inbound files of the small demo: RFC 5322 mails (.eml, one .mbox), .ics calendars and calls.csv.

Most traces match a contact or an organisation; a few each land in the
unassigned inbox as `no_match`, `freemail`, `ambiguous_domain` or
`ambiguous_number` (spec/interchange.md, assignment of inbound traces).
Everything is derived from the seeded random source and `today`, and headers
that libraries would randomise (Message-ID, MIME boundaries, DTSTAMP, mbox
`From ` lines) are set explicitly, so reruns write the same bytes.
"""

from __future__ import annotations

import mailbox
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from core.vocabulary import InboxReason
from kundenakte.demo import names as N
from kundenakte.demo.context import Archetype, Ctx, Row
from kundenakte.demo.master import SHARED_DOMAIN
from kundenakte.demo.tables import CALLS_COLUMNS, write_csv

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class InboundSummary:
    """What was written, and how many traces were meant to miss (by expected inbox reason)."""

    eml: int = 0
    mbox: int = 0
    #: calendar events written (a recurring series counts once)
    events: int = 0
    calls: int = 0
    misses: dict[InboxReason, int] = field(default_factory=dict)

    def miss(self, reason: InboxReason, n: int = 1) -> None:
        self.misses[reason] = self.misses.get(reason, 0) + n


class _People:
    """Look-ups over the generated master data that the inbound writers need."""

    def __init__(self, ctx: Ctx) -> None:
        self.agents = [a for a in ctx.tables["agents"] if a["active"]]
        self.orgs = {o["id"]: o for o in ctx.tables["organisations"]}
        self.contacts = [c for c in ctx.tables["contacts"] if c.get("email")]
        self.known_mail = {c["email"].lower() for c in ctx.tables["contacts"] if c.get("email")}
        domains = [o["_domain"] for o in ctx.tables["organisations"]
                   if o.get("_domain") and o["_domain"] != SHARED_DOMAIN and o.get("email_domains")]
        self.domains = sorted(domains)
        self.shared_domain_contacts = [c for c in self.contacts if c["email"].lower().endswith("@" + SHARED_DOMAIN)]

    def kam(self, ctx: Ctx, contact: Row) -> Row:
        kam_id = self.orgs[contact["organisation_id"]].get("key_account_manager_id")
        return next((a for a in self.agents if a["id"] == kam_id), None) or ctx.choice(self.agents)


def _address(name: str, email: str) -> Address:
    local, domain = email.rsplit("@", 1)
    return Address(display_name=name, username=local, domain=domain)


def _agent_address(agent: Row) -> Address:
    return _address(agent["name"], agent["email"])


def _contact_address(contact: Row) -> Address:
    return _address(f"{contact.get('first_name') or ''} {contact['last_name']}".strip(), contact["email"])


class _Mails:
    """Builds EmailMessages with deterministic Message-IDs and boundaries."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.count = 0

    def when(self, days_back: int = 45) -> datetime:
        d = self.ctx.workday(self.ctx.today - timedelta(days=days_back), self.ctx.today - timedelta(days=1))
        return self.ctx.at_office_hours(d).replace(tzinfo=BERLIN)

    def build(self, sender: Address, to: list[Address], subject: str, body: str, *, cc: list[Address] | None = None,
              at: datetime | None = None, with_id: bool = True,
              attachments: list[tuple[str, bytes, str, str]] | None = None,
              forwarded: EmailMessage | None = None) -> EmailMessage:
        self.count += 1
        at = at or self.when()
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = to
        if cc:
            msg["Cc"] = cc
        msg["Subject"] = subject
        msg["Date"] = format_datetime(at)
        if with_id:
            token = "".join(self.ctx.choice("0123456789abcdef") for _ in range(16))
            msg["Message-ID"] = f"<{at:%Y%m%d%H%M%S}.{token}@{sender.domain}>"
        msg["X-Mailer"] = "Kundenakte Demo"
        msg.set_content(body, cte="quoted-printable")
        for filename, data, maintype, subtype in attachments or []:
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
        if forwarded is not None:
            msg.add_attachment(forwarded)
        if msg.is_multipart():
            msg.set_boundary(f"=_demo_{self.count:04d}_{at:%Y%m%d%H%M}")
        return msg


def _body(ctx: Ctx, greeting: str, signature: str) -> str:
    line = ctx.choice((
        "vielen Dank für Ihre Nachricht. Anbei die gewünschten Unterlagen.",
        "wie besprochen sende ich Ihnen die Übersicht zu. Bitte prüfen Sie die Positionen.",
        "können wir den Termin auf nächste Woche verschieben? Donnerstag würde gut passen.",
        "die Anlage läuft wieder einwandfrei. Danke für die schnelle Hilfe!",
        "bitte senden Sie uns ein Angebot über die Erweiterung um zwei Prüfplätze.",
    ))
    return f"{greeting},\n\n{line}\n\nMit freundlichen Grüßen\n{signature}\n"


def _pdf(ctx: Ctx, title: str) -> bytes:
    """A tiny but well-formed PDF stand-in."""
    pad = "".join(ctx.choice("abcdefghij") for _ in range(200))
    return f"%PDF-1.4\n% {title}\n1 0 obj << /Type /Catalog >> endobj\n% {pad}\ntrailer << >>\n%%EOF\n".encode()


def _incoming_mails(ctx: Ctx, people: _People, mails: _Mails, summary: InboundSummary) -> list[EmailMessage]:
    """Mails to us: from contacts, unknown people at known domains, freemail, a shared domain, unknown domains."""
    out: list[EmailMessage] = []
    rng = ctx.rng
    for i in range(22):
        contact = ctx.choice(people.contacts)
        sender = _contact_address(contact)
        if i % 5 == 0:  # mail systems do not care about case
            sender = Address(sender.display_name, sender.username.capitalize(), sender.domain.upper())
        agent = people.kam(ctx, contact)
        attachments = None
        if i % 7 == 3:
            attachments = [("Bestellung Ü-Teile.pdf", _pdf(ctx, "Bestellung"), "application", "pdf")]
        out.append(mails.build(sender, [_agent_address(agent)], ctx.choice(N.MAIL_SUBJECTS_IN),
                               _body(ctx, "Sehr geehrte Damen und Herren", sender.display_name),
                               attachments=attachments))
    for i in range(6):  # someone new at a known organisation: matched by domain
        domain = ctx.choice(people.domains)
        local = ("info", "einkauf", "buchhaltung", "service", "zentrale", "vertrieb")[i]
        if f"{local}@{domain}" in people.known_mail:
            local = f"{local}{rng.randint(2, 9)}"
        if i == 5:
            domain = f"mail.{domain}"  # a subdomain matches its parent
        out.append(mails.build(Address("", local, domain), [_agent_address(ctx.choice(people.agents))],
                               ctx.choice(N.MAIL_SUBJECTS_IN), _body(ctx, "Guten Tag", "Das Team")))
    for _ in range(4):  # freemail: never matched by domain
        first, last = ctx.choice(N.FIRST_NAMES_F + N.FIRST_NAMES_M), ctx.choice(N.LAST_NAMES)
        local = f"{N.ascii_slug(first)}.{N.ascii_slug(last)}.{rng.randint(1960, 2004)}"
        domain = ctx.choice(N.FREEMAIL)
        while f"{local}@{domain}" in people.known_mail:
            local += "x"
        out.append(mails.build(Address(f"{first} {last}", local, domain),
                               [_agent_address(ctx.choice(people.agents))], "Anfrage über Ihre Website",
                               _body(ctx, "Hallo", f"{first} {last}")))
        summary.miss(InboxReason.FREEMAIL)
    for local in ("empfang", "einkauf", "technik"):  # a domain two organisations share
        out.append(mails.build(Address("Technologiezentrum Weiterstadt", local, SHARED_DOMAIN),
                               [_agent_address(ctx.choice(people.agents))], ctx.choice(N.MAIL_SUBJECTS_IN),
                               _body(ctx, "Sehr geehrte Damen und Herren", "Empfang TZ Weiterstadt")))
        summary.miss(InboxReason.AMBIGUOUS_DOMAIN)
    for domain in N.UNKNOWN_DOMAINS[:3]:
        out.append(mails.build(Address("Redaktion", "info", domain), [_agent_address(ctx.choice(people.agents))],
                               "Ihr Eintrag im Firmenverzeichnis", _body(ctx, "Guten Tag", "Ihr Verzeichnis-Team")))
        summary.miss(InboxReason.NO_MATCH)
    return out


def _outgoing_mails(ctx: Ctx, people: _People, mails: _Mails, summary: InboundSummary) -> list[EmailMessage]:
    """Mails from our agents to contacts with Cc (a colleague, a second contact), one forwarded mail."""
    out: list[EmailMessage] = []
    for i in range(12):
        contact = ctx.choice(people.contacts)
        agent = people.kam(ctx, contact)
        colleague = ctx.choice([a for a in people.agents if a["id"] != agent["id"]])
        cc = [_agent_address(colleague)]
        if i % 3 == 0:
            cc.append(_contact_address(ctx.choice(people.contacts)))
        attachments = None
        if i % 4 == 1:
            attachments = [("Angebot.pdf", _pdf(ctx, "Angebot"), "application", "pdf"),
                           ("Leistungsübersicht.csv", b"Position;Menge\nWartung;1\n", "text", "csv")]
        out.append(mails.build(_agent_address(agent), [_contact_address(contact)], ctx.choice(N.MAIL_SUBJECTS_OUT),
                               _body(ctx, f"Guten Tag {contact.get('first_name') or ''} {contact['last_name']}",
                                     agent["name"]), cc=cc, attachments=attachments))
    agent = ctx.choice(people.agents)
    out.append(mails.build(_agent_address(agent), [Address("Messeteam", "aussteller", N.UNKNOWN_DOMAINS[0])],
                           "Standanmeldung Hausmesse", _body(ctx, "Guten Tag", agent["name"])))
    summary.miss(InboxReason.NO_MATCH)
    # a forwarded mail: sender on our side, the original sender in the attached message
    contact = ctx.choice(people.contacts)
    original = mails.build(_contact_address(contact), [_agent_address(agent)], "Reklamation Lieferung",
                           _body(ctx, "Sehr geehrte Damen und Herren", contact["last_name"]))
    boss = people.agents[0]
    out.append(mails.build(_agent_address(agent), [_agent_address(boss)], "WG: Reklamation Lieferung",
                           "Zur Info, siehe unten.\n", forwarded=original))
    # one without Message-ID (identified by the hash of its bytes)
    contact = ctx.choice(people.contacts)
    out.append(mails.build(_contact_address(contact), [_agent_address(people.kam(ctx, contact))],
                           "Kurze Rückmeldung", _body(ctx, "Hallo", contact["last_name"]), with_id=False))
    return out


def _write_mails(ctx: Ctx, folder: Path, people: _People, summary: InboundSummary) -> None:
    for stale in sorted(folder.glob("mail-*.eml")):  # an earlier run may have written more of them
        stale.unlink()
    (folder / "archiv.mbox").unlink(missing_ok=True)
    mails = _Mails(ctx)
    incoming = _incoming_mails(ctx, people, mails, summary)
    outgoing = _outgoing_mails(ctx, people, mails, summary)
    every = incoming + outgoing
    # the mbox holds a handful; one of them also lies as an .eml (the same mail read twice is one activity)
    in_mbox = every[::6]
    as_eml = [m for m in every if not any(m is x for x in in_mbox)] + [in_mbox[0]]
    for i, msg in enumerate(as_eml, start=1):
        (folder / f"mail-{i:03d}.eml").write_bytes(msg.as_bytes(policy=policy.SMTP))
    box = mailbox.mbox(folder / "archiv.mbox", create=True)
    try:
        for msg in in_mbox:
            m = mailbox.mboxMessage(msg.as_bytes(policy=policy.default))
            sender = msg["From"].addresses[0].addr_spec
            m.set_from(sender, msg["Date"].datetime.timetuple())
            box.add(m)
        box.flush()
    finally:
        box.close()
    summary.eml, summary.mbox = len(as_eml), len(in_mbox)


def _event(ctx: Ctx, uid: str, summary_text: str, start: datetime, minutes: int, organiser: Row,
           attendees: list[tuple[str, str]], rrule: dict[str, object] | None = None) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", uid)
    ev.add("dtstamp", datetime.combine(ctx.today, time(6, 0), tzinfo=ZoneInfo("UTC")))
    ev.add("dtstart", start)
    ev.add("dtend", start + timedelta(minutes=minutes))
    ev.add("summary", summary_text)
    ev.add("location", ctx.choice(("Besprechungsraum Odenwald", "Vor Ort beim Kunden", "Microsoft Teams")))
    organizer = icalendar.vCalAddress(f"mailto:{organiser['email']}")
    organizer.params["CN"] = organiser["name"]
    ev.add("organizer", organizer)
    for name, email in attendees:
        att = icalendar.vCalAddress(f"mailto:{email}")
        att.params["CN"] = name
        att.params["ROLE"] = "REQ-PARTICIPANT"
        ev.add("attendee", att, encode=0)
    if rrule:
        ev.add("rrule", rrule)
    return ev


def _write_calendars(ctx: Ctx, folder: Path, people: _People, summary: InboundSummary) -> None:
    """Single meetings, a bounded weekly series, an open-ended weekly series, and an unmatched guest."""

    def uid(n: int) -> str:
        return f"demo-{ctx.today:%Y%m%d}-{n:03d}-" + "".join(ctx.choice("0123456789abcdef") for _ in range(8)) \
            + f"@{N.OWN_DOMAIN}"

    def slot(days: int, hour: int) -> datetime:
        d = ctx.today + timedelta(days=days)
        d += timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)  # weekend -> Monday
        return datetime.combine(d, time(hour, 0), tzinfo=BERLIN)

    def guest(contact: Row) -> tuple[str, str]:
        return (f"{contact.get('first_name') or ''} {contact['last_name']}".strip(), contact["email"])

    files: dict[str, list[icalendar.Event]] = {"kundentermine.ics": [], "jour-fixe.ics": [],
                                               "service-bereitschaft.ics": []}
    for i in range(6):
        contact = ctx.choice(people.contacts)
        agent = people.kam(ctx, contact)
        attendees = [guest(contact), (agent["name"], agent["email"])]
        if i == 4:
            attendees = [("Gast", f"gast.{ctx.rng.randint(100, 999)}@{N.FREEMAIL[0]}")]
            summary.miss(InboxReason.FREEMAIL)
        files["kundentermine.ics"].append(_event(
            ctx, uid(i), ctx.choice(("Jahresgespräch", "Projektbesprechung", "Abnahme vor Ort", "Angebotsbesprechung")),
            slot(ctx.rng.randint(-30, 20), ctx.choice((9, 10, 11, 14, 15))), ctx.choice((30, 60, 90)), agent,
            attendees))
    contact = ctx.choice(people.contacts)
    agent = people.kam(ctx, contact)
    files["jour-fixe.ics"].append(_event(
        ctx, uid(10), "Jour fixe Projekt", slot(-21, 10), 45, agent,
        [guest(contact), guest(ctx.choice(people.contacts))], {"FREQ": "WEEKLY", "COUNT": 8}))
    files["jour-fixe.ics"].append(_event(
        ctx, uid(11), "Abstimmung Rollout", slot(-14, 14), 30, agent, [guest(ctx.choice(people.contacts))],
        {"FREQ": "WEEKLY", "UNTIL": slot(42, 14).astimezone(ZoneInfo("UTC"))}))
    service = next(a for a in people.agents if a["team"] == "Service")
    files["service-bereitschaft.ics"].append(_event(
        ctx, uid(20), "Wöchentlicher Service-Call", slot(-60, 8), 30, service,
        [guest(ctx.choice(people.contacts))], {"FREQ": "WEEKLY", "BYDAY": "MO"}))
    for name, events in files.items():
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Odenwald Systemtechnik//Kundenakte Demo//DE")
        cal.add("version", "2.0")
        for ev in events:
            cal.add_component(ev)
        cal.add_missing_timezones()
        (folder / name).write_bytes(cal.to_ical())
        summary.events += len(events)


def _intl_digits(written: str) -> str:
    """`06151 123-45` -> `4961512345`: country code and number as plain digits."""
    text = written.replace("(0)", "").strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    return "49" + digits[1:]


def _as_logged(ctx: Ctx, written: str) -> str:
    """How a phone system logs a number: E.164, national, or with the 00 prefix."""
    d = _intl_digits(written)
    national = "0" + d[2:] if d.startswith("49") else "00" + d
    return ctx.choice((f"+{d}", national, f"00{d}", f"+{d[:2]} {d[2:]}"))


def _write_calls(ctx: Ctx, folder: Path, people: _People, summary: InboundSummary) -> None:
    rng = ctx.rng
    contacts = [c for c in ctx.tables["contacts"] if c.get("phone") or c.get("mobile")]
    switch_orgs = [o for o in ctx.tables["organisations"] if o.get("_switch")]
    plain_orgs = [o for o in ctx.tables["organisations"] if o.get("phone") and not o.get("_switch")
                  and o["_kind"] != Archetype.OWN]
    numbers = ctx.shared["numbers"]
    drafts: list[tuple[str, str, Row]] = []  # (direction, their number, agent)
    for _ in range(45):
        c = ctx.choice(contacts)
        drafts.append((ctx.choice(("in", "in", "out")), _as_logged(ctx, c.get("phone") or c["mobile"]),
                       people.kam(ctx, c)))
    for _ in range(10):
        o = ctx.choice(plain_orgs)
        drafts.append(("in", _as_logged(ctx, o["phone"]), ctx.choice(people.agents)))
    for _ in range(8):  # a direct dial behind a switchboard nobody entered as a contact
        o = ctx.choice(switch_orgs)
        written = f"+{o['_cc']} {o['_area']} {o['_switch']}-{rng.randint(400, 899)}"
        drafts.append(("in", _as_logged(ctx, written), ctx.choice(people.agents)))
    for _ in range(5):
        drafts.append(("in", _as_logged(ctx, numbers.mobile()), ctx.choice(people.agents)))
        summary.miss(InboxReason.NO_MATCH)
    drafts.append(("in", "(5) 555-4729", ctx.choice(people.agents)))
    summary.miss(InboxReason.NO_MATCH)
    for _ in range(2):
        drafts.append(("in", _as_logged(ctx, ctx.shared["reception_number"]), ctx.choice(people.agents)))
        summary.miss(InboxReason.AMBIGUOUS_NUMBER)
    rows: list[Row] = []
    for direction, theirs, agent in drafts:
        at = ctx.at_office_hours(ctx.workday(ctx.today - timedelta(days=30), ctx.today - timedelta(days=1)))
        ours = N.OWN_SWITCHBOARD[:-1] + str(agent["phone_extension"])
        rows.append({"occurred_at": at, "direction": direction, "caller_number": theirs if direction == "in" else ours,
                     "callee_number": ours if direction == "in" else theirs, "agent_id": agent["id"],
                     "duration_minutes": rng.randint(1, 35)})
    rows.sort(key=lambda r: (r["occurred_at"], r["agent_id"]))
    for i, r in enumerate(rows, start=1):
        r["id"] = f"CALL-{ctx.today:%Y%m}-{i:04d}"
    summary.calls = write_csv(folder / "calls.csv", CALLS_COLUMNS, rows)


def write_inbound(ctx: Ctx, folder: Path) -> InboundSummary:
    """Write the inbound/ folder beside the CSV tables (mails, mbox, calendars, call log)."""
    folder.mkdir(parents=True, exist_ok=True)
    people = _People(ctx)
    summary = InboundSummary()
    _write_mails(ctx, folder, people, summary)
    _write_calendars(ctx, folder, people, summary)
    _write_calls(ctx, folder, people, summary)
    return summary

