"""Derived look-up columns filled at load time (normalised numbers, lower-case mail, domains)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text, tuple_

from core.db import is_postgres, keys_checked_once
from core.schema import Contact, Organisation, OrganisationDomain
from etl.addresses import is_freemail, normalise_address, split_domains
from etl.phone import normalise_number, normalise_numbers, switchboard_prefix


def organisation_lookups(row: Mapping[str, Any], region: str = "DE") -> dict[str, Any]:
    """`phone_e164` and `switchboard_prefix` of an organisation row."""
    phone = row.get("phone")
    return {"phone_e164": normalise_number(phone, region), "switchboard_prefix": switchboard_prefix(phone, region)}


def contact_lookups(row: Mapping[str, Any], region: str = "DE") -> dict[str, Any]:
    """`email_lower`, `phone_e164` and `mobile_e164` of a contact row."""
    return {
        "email_lower": normalise_address(row.get("email")),
        "phone_e164": normalise_number(row.get("phone"), region),
        "mobile_e164": normalise_number(row.get("mobile"), region),
    }


#: derived look-up columns per table: the source column and the columns its value fills
LOOKUP_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "organisations": {"phone": ("phone_e164", "switchboard_prefix")},
    "contacts": {"email": ("email_lower",), "phone": ("phone_e164",), "mobile": ("mobile_e164",)},
}
#: a plain dot-atom address: the mail parser returns it unchanged, so lower-casing is all normalising does
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def normalise_addresses(values: Sequence[str | None]) -> list[str | None]:
    """normalise_address of each value; plain addresses (nearly all) skip the mail parser (20 us each)."""
    return [v.lower() if v and _PLAIN_ADDRESS.fullmatch(v) else normalise_address(v) for v in values]


def lookup_columns(table: str, column: str, values: Sequence[str | None],
                   region: str = "DE") -> dict[str, list[str | None]]:
    """The look-up columns `column` of `table` fills (LOOKUP_COLUMNS), for many values, each parsed once."""
    if column == "email":
        return {"email_lower": normalise_addresses(values)}
    e164 = normalise_numbers(values, region)
    if table == "contacts":
        return {f"{column}_e164": e164}
    # a switchboard number ends in 0: only those are parsed a second time
    prefix = [switchboard_prefix(v, region) if n and v and v.rstrip().endswith("0") else None
              for v, n in zip(values, e164, strict=True)]
    return {"phone_e164": e164, "switchboard_prefix": prefix}


def rebuild_organisation_domains(conn: Connection) -> int:
    """Recompute `organisation_domains` from email_domains and the contacts' (non-freemail) addresses.

    Only the difference is written, so a re-import that changes no address writes nothing.
    """
    pairs: dict[tuple[str, str], str] = {}
    for org_id, domains in conn.execute(
        select(Organisation.id, Organisation.email_domains).where(Organisation.email_domains.is_not(None))
    ):
        for d in split_domains(domains):
            pairs[(d, org_id)] = "listed"
    # email_lower is normalised at load: the database cuts off the local part and drops repeats
    email = Contact.email_lower
    at = func.strpos(email, "@") if is_postgres(conn) else func.instr(email, "@")
    contact_domains = select(Contact.organisation_id, func.substr(email, at + 1)).where(at > 0).distinct()
    freemail: dict[str, bool] = {}
    for org_id, tail in conn.execute(contact_domains):
        d = tail.rsplit("@", 1)[-1]  # a quoted local part may hold another @
        if d and not freemail.setdefault(d, is_freemail(d)):
            pairs.setdefault((d, org_id), "contact")
    od = OrganisationDomain
    stored = {(d, o): origin for d, o, origin in conn.execute(select(od.domain, od.organisation_id, od.origin))}
    stale = [k for k, origin in stored.items() if pairs.get(k) != origin]
    if len(stale) > len(stored) // 2:
        conn.execute(delete(od))
        stored, stale = {}, []
    for start in range(0, len(stale), 500):
        conn.execute(delete(od).where(tuple_(od.domain, od.organisation_id).in_(stale[start:start + 500])))
    _insert_domains(conn, [(d, o, origin) for (d, o), origin in pairs.items() if stored.get((d, o)) != origin])
    return len(pairs)


def _insert_domains(conn: Connection, rows: list[tuple[str, str, str]]) -> None:
    """Insert (domain, organisation_id, origin) rows; PostgreSQL in one statement over three arrays."""
    if not rows:
        return
    if is_postgres(conn):
        domains, orgs, origins = (list(c) for c in zip(*rows, strict=True))
        with keys_checked_once(conn, OrganisationDomain.__table__):
            conn.execute(text("INSERT INTO organisation_domains (domain, organisation_id, origin) "
                              "SELECT * FROM unnest(CAST(:d AS text[]), CAST(:o AS text[]), CAST(:g AS text[]))"),
                         {"d": domains, "o": orgs, "g": origins})
    else:
        conn.execute(insert(OrganisationDomain), [{"domain": d, "organisation_id": o, "origin": g} for d, o, g in rows])
