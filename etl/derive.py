"""Derived look-up columns filled at load time (normalised numbers, lower-case mail, domains)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from etl.addresses import domain_of, is_freemail, normalise_address, split_domains
from etl.phone import normalise_number, switchboard_prefix
from kundenakte.schema import Contact, Organisation, OrganisationDomain


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


def rebuild_organisation_domains(conn: Connection) -> int:
    """Recompute `organisation_domains` from email_domains and the contacts' (non-freemail) addresses."""
    conn.execute(delete(OrganisationDomain))
    pairs: dict[tuple[str, str], str] = {}
    for org_id, domains in conn.execute(
        select(Organisation.id, Organisation.email_domains).where(Organisation.email_domains.is_not(None))
    ):
        for d in split_domains(domains):
            pairs[(d, org_id)] = "listed"
    contact_domains = select(Contact.organisation_id, Contact.email_lower).where(
        Contact.email_lower.is_not(None)
    ).distinct()
    for org_id, email in conn.execute(contact_domains):
        d = domain_of(email)
        if d and not is_freemail(d):
            pairs.setdefault((d, org_id), "contact")
    if pairs:
        conn.execute(insert(OrganisationDomain), [
            {"domain": d, "organisation_id": o, "origin": origin} for (d, o), origin in pairs.items()
        ])
    return int(conn.execute(select(func.count()).select_from(OrganisationDomain)).scalar_one())
