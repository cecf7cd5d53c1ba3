"""Assignment of inbound traces: addresses and numbers to contacts and organisations.

Follows spec/interchange.md, "Assignment of inbound traces". Every look-up is an
indexed equality or IN query (learned mappings first, then contacts, domains,
organisation numbers, switchboard prefixes); nothing scans a table in Python.
`land` and `assign_activities` write the result: activity_links, or an inbox item.
All of it on core.tables (SQLAlchemy Core, no ORM): `kundenakte caller` answers without the ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import getaddresses
from enum import IntEnum
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, Row, Select, String, insert, literal, null, select, union_all

from core import tables
from etl.addresses import domain_of, is_freemail, normalise_address, parent_domains
from etl.phone import candidate_prefixes, normalise_number

REASONS = ("no_match", "freemail", "ambiguous_domain", "ambiguous_number")
MAX_ADDRESS = 320
#: a typed NULL for the union branches that have no contact or key
_NO_KEY = null().cast(String)


@dataclass(frozen=True)
class Landing:
    """An organisation a trace lands at, the contact there (if known) and how it was found."""

    organisation_id: str
    contact_id: str | None
    matched_by: str


@dataclass(frozen=True)
class Outcome:
    """The result of matching one address or number: landings, or the reason there are none."""

    key: str | None
    landings: tuple[Landing, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class OurSide:
    """Our own addresses (agent per address) and domains: traces from here are outgoing."""

    agents: dict[str, str] = field(default_factory=dict)
    domains: frozenset[str] = frozenset()

    def owns(self, address: str | None) -> bool:
        bare = normalise_address(address)
        if bare is None:
            return False
        if bare in self.agents:
            return True
        return any(d in self.domains for d in parent_domains(bare.rsplit("@", 1)[1]))

    def agent_of(self, address: str | None) -> str | None:
        bare = normalise_address(address)
        return self.agents.get(bare) if bare else None


def load_our_side(conn: Connection) -> OurSide:
    """Agents' addresses plus BusinessConfig.own_domains (default: the agents' non-freemail domains)."""
    agents: dict[str, str] = {}
    a = tables.agents.c
    for agent_id, email in conn.execute(select(a.id, a.email).where(a.email.is_not(None))):
        bare = normalise_address(email)
        if bare:
            agents.setdefault(bare, agent_id)
    from core.businessconfig import load_config  # pydantic: loaded here, not by `kundenakte caller`'s look-up

    own = [d.strip().lower().lstrip("@") for d in load_config(conn).own_domains if d.strip()]
    if not own:
        own = [d for d in {a.rsplit("@", 1)[1] for a in agents} if not is_freemail(d)]
    return OurSide(agents=agents, domains=frozenset(own))


def _by_org(rows: Iterable[tuple[str, str | None]], matched_by: str) -> tuple[Landing, ...]:
    """One landing per organisation (in order of first appearance); contact only when it is the only one."""
    contacts: dict[str, list[str | None]] = {}
    for org_id, contact_id in rows:
        contacts.setdefault(org_id, [])
        if contact_id not in contacts[org_id]:
            contacts[org_id].append(contact_id)
    return tuple(Landing(o, cs[0] if len(cs) == 1 else None, matched_by) for o, cs in contacts.items())


class _Step(IntEnum):
    """A look-up of the matching query; learned mappings always come first (spec/interchange.md)."""

    LEARNED = 0
    CONTACT = 1
    DOMAIN = 2
    ORGANISATION_NUMBER = 3
    SWITCHBOARD = 4


class _Hit(NamedTuple):
    """A row of the matching query: the look-up that found it, the organisation, the contact, the key it matched."""

    step: int
    organisation_id: str
    contact_id: str | None
    key: str | None


def _look_up(step: _Step, organisation_id: Any, contact_id: Any, key: Any) -> Select:
    """One branch of the matching query, its rows tagged with their step."""
    return select(literal(int(step)).label("step"), organisation_id, contact_id, key)


def _contacts_where(condition: ColumnElement[bool]) -> Select:
    """The contact look-up: the contacts matching `condition`, with their organisations."""
    return _look_up(_Step.CONTACT, tables.contacts.c.organisation_id, tables.contacts.c.id, _NO_KEY).where(condition)


def _hits(conn: Connection, key: str, *look_ups: Select) -> list[_Hit]:
    """The mappings learned for `key` and the rows of the further look-ups, in one query."""
    m = tables.learned_mappings.c
    learned = _look_up(_Step.LEARNED, m.organisation_id, m.contact_id, _NO_KEY).where(m.address == key)
    return [_Hit(*row) for row in conn.execute(union_all(learned, *look_ups))]


def _learned(key: str, hits: Sequence[_Hit]) -> Outcome | None:
    """A learned mapping decides before anything else: its organisation and contact, else None."""
    for hit in hits:
        if hit.step == _Step.LEARNED:
            return Outcome(key, (Landing(hit.organisation_id, hit.contact_id, "learned"),))
    return None


def _found_by(hits: Sequence[_Hit], step: _Step, key: str | None = None) -> list[_Hit]:
    """The hits of one look-up (and, where given, of one key it matched)."""
    return [h for h in hits if h.step == step and (key is None or h.key == key)]


def match_address(conn: Connection, address: str) -> Outcome:
    """Learned mapping, else contact e-mail, else (non-freemail) domain with its parents: one query."""
    key = normalise_address(address)
    if key is None:
        return Outcome((address or "").strip()[:MAX_ADDRESS] or None, reason="no_match")
    candidates = parent_domains(domain_of(key) or "")
    domains = tables.organisation_domains.c
    hits = _hits(conn, key,
                 _contacts_where(tables.contacts.c.email_lower == key),
                 _look_up(_Step.DOMAIN, domains.organisation_id, _NO_KEY, domains.domain)
                 .where(domains.domain.in_(candidates)))
    learned = _learned(key, hits)
    if learned:
        return learned
    by_contact = sorted((h.organisation_id, h.contact_id) for h in _found_by(hits, _Step.CONTACT))
    if by_contact:
        return Outcome(key, _by_org(by_contact, "contact"))
    if is_freemail(candidates[0] if candidates else None):
        return Outcome(key, reason="freemail")
    for level in candidates:  # most specific domain with any organisation wins
        orgs = sorted({h.organisation_id for h in _found_by(hits, _Step.DOMAIN, level)})
        if len(orgs) == 1:
            return Outcome(key, (Landing(orgs[0], None, "domain"),))
        if orgs:
            return Outcome(key, reason="ambiguous_domain")
    return Outcome(key, reason="no_match")


def _single_org(rows: Sequence[tuple[str, str | None]], key: str, matched_by: str) -> Outcome | None:
    if not rows:
        return None
    landings = _by_org(rows, matched_by)
    return Outcome(key, landings) if len(landings) == 1 else Outcome(key, reason="ambiguous_number")


def match_number(conn: Connection, number: str | None, region: str = "DE") -> Outcome:
    """Learned mapping, else contacts' phone/mobile, else organisations' phone, else the longest
    switchboard prefix: every branch an indexed look-up, all in one query."""
    raw = (number or "").strip()[:MAX_ADDRESS]
    e164 = normalise_number(raw, region)
    if e164 is None:  # kept as written: only a mapping learned for exactly this text matches
        return (_learned(raw, _hits(conn, raw)) if raw else None) or Outcome(raw or None, reason="no_match")
    prefixes = [e164, *candidate_prefixes(e164)]
    o = tables.organisations.c
    hits = _hits(conn, e164,
                 _contacts_where(tables.contacts.c.phone_e164 == e164),
                 _contacts_where(tables.contacts.c.mobile_e164 == e164),
                 _look_up(_Step.ORGANISATION_NUMBER, o.id, _NO_KEY, _NO_KEY).where(o.phone_e164 == e164),
                 _look_up(_Step.SWITCHBOARD, o.id, _NO_KEY, o.switchboard_prefix)
                 .where(o.switchboard_prefix.in_(prefixes)))
    learned = _learned(e164, hits)
    if learned:
        return learned
    for step in (_Step.CONTACT, _Step.ORGANISATION_NUMBER):
        found = _single_org(sorted((h.organisation_id, h.contact_id) for h in _found_by(hits, step)), e164, "number")
        if found:
            return found
    for prefix in prefixes:  # the longest switchboard prefix wins
        found = _single_org(sorted((h.organisation_id, None) for h in _found_by(hits, _Step.SWITCHBOARD, prefix)),
                            e164, "number")
        if found:
            return found
    return Outcome(e164, reason="no_match")


def combine(outcomes: Sequence[Outcome], first_only: bool = False) -> tuple[tuple[Landing, ...], Outcome | None]:
    """Landings of all outcomes (or of the first that lands), else the first outcome for the inbox."""
    landings: dict[str, Landing] = {}
    for outcome in outcomes:
        for landing in outcome.landings:
            landings.setdefault(landing.organisation_id, landing)
        if first_only and landings:
            break
    if landings:
        return tuple(landings.values()), None
    return (), (outcomes[0] if outcomes else Outcome(None, reason="no_match"))


def land(conn: Connection, activity_id: int, outcomes: Sequence[Outcome], first_only: bool = False) -> bool:
    """Write the links of an activity, or its inbox item; True when it landed somewhere."""
    landings, waiting = combine(outcomes, first_only)
    if landings:
        conn.execute(insert(tables.activity_links), [
            {"activity_id": activity_id, "organisation_id": x.organisation_id, "contact_id": x.contact_id,
             "matched_by": x.matched_by} for x in landings
        ])
        return True
    assert waiting is not None
    conn.execute(insert(tables.inbox_items).values(activity_id=activity_id, address=waiting.key,
                                                   reason=waiting.reason or "no_match", created_at=datetime.now()))
    return False


def split_addresses(value: str | None) -> list[str]:
    """Bare addresses of a `,`/`;`-separated address cell."""
    if not value:
        return []
    out: list[str] = []
    for _name, addr in getaddresses([value.replace(";", ",")]):
        bare = normalise_address(addr)
        if bare and bare not in out:
            out.append(bare)
    return out


def _imported_outcomes(conn: Connection, row: Row[Any], side: OurSide, region: str) -> tuple[list[Outcome], bool]:
    """What an imported activity is matched by, and whether only the first landing counts."""
    senders = split_addresses(row.from_address)
    recipients = split_addresses(row.to_address)
    if row.kind == "call" or (row.phone_number and not senders and not recipients):
        return [match_number(conn, row.phone_number, region)], True
    direction = row.direction or ("out" if senders and side.owns(senders[0]) else "in")
    if row.kind == "email" and direction == "in" and senders:
        return [match_address(conn, a) for a in senders if not side.owns(a)], True
    external = [a for a in (recipients if row.kind == "email" else senders + recipients) if not side.owns(a)]
    if external:
        return [match_address(conn, a) for a in external], False
    if row.phone_number:
        return [match_number(conn, row.phone_number, region)], True
    return [], False


def assign_activities(conn: Connection, activity_ids: list[int]) -> None:
    """Match imported activities that name no organisation or contact; write links or inbox items.

    Activities that already have links or wait in the inbox are left alone (re-imports are idempotent).
    """
    if not activity_ids:
        return
    side = load_our_side(conn)
    region = tables.phone_region(conn)
    for start in range(0, len(activity_ids), 500):
        chunk = activity_ids[start:start + 500]
        links, waiting, a = tables.activity_links.c, tables.inbox_items.c, tables.activities.c
        done = {i for (i,) in conn.execute(select(links.activity_id).where(links.activity_id.in_(chunk)))}
        done |= {i for (i,) in conn.execute(select(waiting.activity_id).where(waiting.activity_id.in_(chunk)))}
        rows = conn.execute(select(*tables.activities.c).where(
            a.id.in_(chunk), a.organisation_id.is_(None), a.contact_id.is_(None))).all()
        for row in rows:
            if row.id in done:
                continue
            outcomes, first_only = _imported_outcomes(conn, row, side, region)
            land(conn, row.id, outcomes, first_only)
