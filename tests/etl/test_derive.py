"""Derived look-up columns computed many values at a time (spec/interchange.md, "Assignment of inbound traces")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select, update

from core import schema
from etl.addresses import normalise_address
from etl.derive import (
    contact_lookups,
    lookup_columns,
    normalise_addresses,
    organisation_lookups,
    rebuild_organisation_domains,
)
from tests.support import seed

_ADDRESSY = st.text(alphabet="aZ09_+-.@ <>\"'(),;:", max_size=24) | st.from_regex(
    r"[A-Za-z0-9_+-]{1,5}(\.[A-Za-z0-9_+-]{1,5}){0,2}@[A-Za-z0-9-]{1,5}(\.[A-Za-z0-9-]{1,4}){0,2}", fullmatch=True)


@given(st.lists(_ADDRESSY, max_size=30))
def test_plain_address_shortcut_equals_the_mail_parser(values: list[str]) -> None:
    """E-mail addresses are matched case-insensitively: the shortcut for plain addresses changes no result."""
    assert normalise_addresses(values) == [normalise_address(v) for v in values]


def test_plain_and_odd_addresses() -> None:
    """E-mail addresses: plain ones lower-cased, display names and brackets stripped, non-addresses None."""
    values = ["Anna.Heyer@Heyer-Plan.DE", "Anna <anna@x.de>", "@x.de", "x.de", "", None, "a..b@x.de"]
    assert normalise_addresses(values) == [normalise_address(v) for v in values]
    assert normalise_addresses(values)[:2] == ["anna.heyer@heyer-plan.de", "anna@x.de"]


def test_lookup_columns_match_the_row_lookups() -> None:
    """Phone numbers to E.164 and switchboard prefixes: the many-values form equals the row form."""
    phones = ["+49 6151 1234-0", "06151 1234-56", "(5) 555-4729", "", None, "0049 6151 12340 ", "+49 30 1234 0"]
    orgs = lookup_columns("organisations", "phone", phones)
    assert [{"phone_e164": e, "switchboard_prefix": p} for e, p in
            zip(orgs["phone_e164"], orgs["switchboard_prefix"], strict=True)] == [
        organisation_lookups({"phone": v}) for v in phones]
    assert orgs["switchboard_prefix"][0] == "+4961511234"
    for column in ("phone", "mobile", "email"):
        values = phones if column != "email" else ["A@B.de", "x", None]
        [(target, got)] = lookup_columns("contacts", column, values).items()
        assert got == [contact_lookups({column: v})[target] for v in values]


def _domains(engine: Engine) -> set[tuple[str, str, str]]:
    od = schema.OrganisationDomain
    with engine.connect() as conn:
        return {tuple(r) for r in conn.execute(select(od.domain, od.organisation_id, od.origin))}


def test_domains_rebuilt_after_changes(engine: Engine) -> None:
    """E-mail addresses by domain: listed domains and contacts' non-freemail domains, kept current after changes."""
    seed(engine, {"organisations": [{"id": "O1", "name": "A", "email_domains": "a.de; A-Group.com"},
                                    {"id": "O2", "name": "B"}],
                  "contacts": [{"id": "C1", "organisation_id": "O2", "last_name": "X", "email": "x@B.de"},
                               {"id": "C2", "organisation_id": "O2", "last_name": "Y", "email": "y@gmail.com"},
                               {"id": "C3", "organisation_id": "O1", "last_name": "Z", "email": "Zed <z@a.de>"}]})
    assert _domains(engine) == {("a.de", "O1", "listed"), ("a-group.com", "O1", "listed"), ("b.de", "O2", "contact")}
    with engine.begin() as conn:
        org, contact = schema.Organisation, schema.Contact
        conn.execute(update(org).where(org.id == "O1").values(email_domains="a-group.com"))
        conn.execute(update(org).where(org.id == "O2").values(email_domains="b.de"))
        conn.execute(update(contact).where(contact.id == "C2").values(email_lower="y@c.de"))
        assert rebuild_organisation_domains(conn) == 4
    assert _domains(engine) == {("a-group.com", "O1", "listed"), ("a.de", "O1", "contact"),
                                ("b.de", "O2", "listed"), ("c.de", "O2", "contact")}
    with engine.begin() as conn:
        conn.execute(update(schema.Contact).where(schema.Contact.id == "C2").values(email_lower="y@d.de"))
        rebuild_organisation_domains(conn)
    assert _domains(engine) == {("a-group.com", "O1", "listed"), ("a.de", "O1", "contact"),
                                ("b.de", "O2", "listed"), ("d.de", "O2", "contact")}


def test_large_batches_of_numbers_parse_alike_in_helper_processes() -> None:
    """A contacts file's numbers split across processes come back the same and in order as parsed one by one."""
    from etl.phone import allow_helper_processes, normalise_number, normalise_numbers

    allow_helper_processes()
    values = ["+49 30 1234567", None, "06151 123-45", "(5) 555-4729", "", "0049 6151 12345", "+49 (0)6151 12345",
              "+33 1 23 45 67 89", "not a number"] * 50
    try:
        got = normalise_numbers(values, parallel_from=1)
    finally:
        allow_helper_processes(False)
    assert got == [normalise_number(v) for v in values]
    assert got[:3] == ["+49301234567", None, "+49615112345"]
