"""The demo's raw inbound files: real mails, an mbox, calendars and a call log (spec/interchange.md, inbound)."""

from __future__ import annotations

import csv
import mailbox
from collections import Counter
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import icalendar

from etl.addresses import domain_of, is_freemail, normalise_address, split_domains
from etl.phone import normalise_number, switchboard_prefix
from tests.kundenakte.demo.checks import Table

Tables = dict[str, Table]


def _eml(folder: Path) -> list[tuple[bytes, EmailMessage]]:
    out = []
    for path in sorted((folder / "inbound").glob("*.eml")):
        raw = path.read_bytes()
        out.append((raw, BytesParser(policy=policy.default).parsebytes(raw)))
    return out


def _mbox(folder: Path) -> list[EmailMessage]:
    boxes = sorted((folder / "inbound").glob("*.mbox"))
    assert len(boxes) == 1
    box = mailbox.mbox(boxes[0], factory=lambda f: BytesParser(policy=policy.default).parse(f), create=False)
    try:
        return list(box)
    finally:
        box.close()


def test_eml_files_are_rfc5322_mails_with_encoded_headers_ids_and_attachments(small_folder: Path) -> None:
    """Inbound e-mail: .eml files parse with the email package; non-ASCII headers encoded; Message-IDs."""
    mails = _eml(small_folder)
    assert len(mails) >= 30
    for raw, msg in mails:
        assert not msg.defects, msg.defects
        assert msg["From"].addresses and msg["To"].addresses and msg["Date"].datetime is not None
        assert raw.isascii()  # umlauts travel encoded (RFC 2047 headers, quoted-printable/base64 bodies)
    assert any(b"=?utf-8?" in raw for raw, _ in mails)
    ids = [m["Message-ID"] for _, m in mails if m["Message-ID"]]
    assert len(ids) == len(set(ids))
    assert len(mails) - len(ids) == 1  # one mail without Message-ID: identified by its SHA-256
    multipart = [m for _, m in mails if m.is_multipart()]
    attachments = [a.get_filename() for m in multipart for a in m.iter_attachments()]
    assert any(name and name.endswith(".pdf") for name in attachments)
    assert any(m.get_content_type() == "message/rfc822" for m in multipart for m in m.iter_attachments())


def test_mbox_holds_several_mails_one_also_lying_as_eml(small_folder: Path) -> None:
    """Inbound: one .mbox with several mails; the same Message-ID read twice is one activity."""
    box = _mbox(small_folder)
    assert len(box) >= 5
    assert all(m["Message-ID"] and m["From"].addresses for m in box)
    eml_ids = {m["Message-ID"] for _, m in _eml(small_folder)}
    assert len({m["Message-ID"] for m in box} & eml_ids) == 1


def _sides(tables: Tables) -> tuple[set[str], dict[str, set[str]], set[str]]:
    """Our domains, organisation ids per domain (listed and from contacts), contact addresses."""
    ours = {domain_of(a["email"]) for a in tables["agents"] if a["email"]}
    by_domain: dict[str, set[str]] = {}
    for org in tables["organisations"]:
        for d in split_domains(org["email_domains"]):
            by_domain.setdefault(d, set()).add(org["id"])
    for c in tables["contacts"]:
        d = domain_of(c["email"])
        if d and not is_freemail(d):
            by_domain.setdefault(d, set()).add(c["organisation_id"])
    contacts = {normalise_address(c["email"]) for c in tables["contacts"] if c["email"]}
    return {d for d in ours if d}, by_domain, {c for c in contacts if c}


def _reason(address: str, by_domain: dict[str, set[str]], contacts: set[str]) -> str:
    bare = normalise_address(address) or ""
    if bare in contacts:
        return "contact"
    domain = domain_of(bare) or ""
    if is_freemail(domain):
        return "freemail"
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        orgs = by_domain.get(".".join(labels[i:]), set())
        if len(orgs) == 1:
            return "domain"
        if len(orgs) > 1:
            return "ambiguous_domain"
    return "no_match"


def test_mails_match_mostly_and_miss_with_every_reason(small_folder: Path, small_tables: Tables) -> None:
    """Assignment: senders are contacts, new people at known domains (and subdomains), freemail, shared, unknown."""
    ours, by_domain, contacts = _sides(small_tables)
    outcomes: Counter[str] = Counter()
    mails = [m for _, m in _eml(small_folder)] + _mbox(small_folder)
    for msg in mails:
        sender = msg["From"].addresses[0].addr_spec
        if domain_of(sender) in ours:
            outcomes["outgoing"] += 1
            recipients = [a.addr_spec for h in ("To", "Cc") if msg[h] for a in msg[h].addresses]
            assert any(domain_of(r) in ours for r in recipients) or recipients
        else:
            outcomes[_reason(sender, by_domain, contacts)] += 1
    assert outcomes["contact"] > len(mails) / 3
    for reason in ("domain", "freemail", "ambiguous_domain", "no_match", "outgoing"):
        assert outcomes[reason] >= 1, (reason, outcomes)
    assert any((domain_of(m["From"].addresses[0].addr_spec) or "").startswith("mail.") for m in mails)
    assert any(m["Cc"] for m in mails if domain_of(m["From"].addresses[0].addr_spec) in ours)


def test_calendars_hold_single_and_weekly_meetings_with_our_organiser(small_folder: Path,
                                                                      small_tables: Tables) -> None:
    """Calendar: .ics files parse with icalendar; agent organiser, external attendees; bounded and open series."""
    ours, _, contacts = _sides(small_tables)
    events = []
    for path in sorted((small_folder / "inbound").glob("*.ics")):
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        events += list(cal.walk("VEVENT"))
    assert len(events) >= 5
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    rules = [e.get("RRULE") for e in events]
    assert any(r and ("COUNT" in r or "UNTIL" in r) for r in rules)
    assert any(r and "COUNT" not in r and "UNTIL" not in r for r in rules)
    assert any(r is None for r in rules)
    for e in events:
        assert e.get("DTSTART") is not None
        assert domain_of(str(e["ORGANIZER"]).removeprefix("mailto:")) in ours
    attendees = [str(a).removeprefix("mailto:") for e in events for a in
                 (e["ATTENDEE"] if isinstance(e["ATTENDEE"], list) else [e["ATTENDEE"]])]
    assert any(normalise_address(a) in contacts for a in attendees)


def test_call_log_has_the_spec_columns_and_numbers_written_many_ways(small_folder: Path, small_tables: Tables) -> None:
    """calls.csv: id, occurred_at, direction, caller_number, callee_number, agent_id, duration_minutes; most match."""
    with open(small_folder / "inbound" / "calls.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["id", "occurred_at", "direction", "caller_number", "callee_number", "agent_id",
                                     "duration_minutes"]
        calls = list(reader)
    assert len({c["id"] for c in calls}) == len(calls) >= 30
    assert {c["direction"] for c in calls} == {"in", "out"}
    agents = {a["id"] for a in small_tables["agents"]}
    assert all(c["agent_id"] in agents for c in calls)
    numbers: Counter[str] = Counter()
    for c in small_tables["contacts"]:
        for n in (c["phone"], c["mobile"]):
            if normalise_number(n):
                numbers[normalise_number(n) or ""] += 1
    org_numbers = {normalise_number(o["phone"]) for o in small_tables["organisations"] if o["phone"]}
    prefixes = {switchboard_prefix(o["phone"]) for o in small_tables["organisations"] if o["phone"]} - {None}
    theirs = [c["caller_number"] if c["direction"] == "in" else c["callee_number"] for c in calls]
    matched = 0
    for raw in theirs:
        e164 = normalise_number(raw)
        if e164 and (e164 in numbers or e164 in org_numbers or any(e164.startswith(p) for p in prefixes)):
            matched += 1
    assert len(theirs) * 0.6 < matched < len(theirs)
    assert any(raw.startswith("+") for raw in theirs) and any(raw.startswith("00") for raw in theirs)
    assert any(raw.startswith("0") and not raw.startswith("00") for raw in theirs)
    shared = [e for e, k in numbers.items() if k > 1]
    assert any(normalise_number(raw) in shared for raw in theirs)  # ambiguous_number
