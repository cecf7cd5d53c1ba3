"""Matching addresses and numbers against the database (spec/interchange.md, "Assignment of inbound traces")."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, insert, select

from core.businessconfig import BusinessConfig, save_config
from core.schema import Activity, ActivityLink, InboxItem, LearnedMapping
from etl.match import Landing, assign_activities, load_our_side, match_address, match_number
from tests.etl.inbound.world import seed_world
from tests.support import seed


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    return engine


def _address(engine: Engine, address: str):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return match_address(conn, address)


def _number(engine: Engine, number: str):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return match_number(conn, number)


def test_contact_email_case_insensitive(world: Engine) -> None:
    """E-mail addresses 1: a contact's email (any case) gives the contact and its organisation."""
    assert _address(world, "j.MUELLER@Mueller-AG.de").landings == (Landing("o2", "c2", "contact"),)


def test_domain_and_parent_domain(world: Engine) -> None:
    """E-mail addresses 2: the domain, and a subdomain of it, gives the one organisation without contact."""
    assert _address(world, "info@heyer-plan.de").landings == (Landing("o1", None, "domain"),)
    assert _address(world, "p.heyer@mail.heyer-plan.de").landings == (Landing("o1", None, "domain"),)


def test_domain_of_a_contacts_address_counts(engine: Engine) -> None:
    """E-mail addresses 2: the domains of an organisation's contacts' addresses count like email_domains."""
    seed(engine, {"organisations": [{"id": "x", "name": "X"}],
                  "contacts": [{"id": "k", "organisation_id": "x", "last_name": "K", "email": "k@x-firma.de"}]})
    assert _address(engine, "other@x-firma.de").landings == (Landing("x", None, "domain"),)


@pytest.mark.parametrize(("address", "reason"), [
    ("einkauf@shared-holding.de", "ambiguous_domain"),
    ("max@gmail.com", "freemail"),
    ("max@GMX.de", "freemail"),
    ("kontakt@fremdfirma.example", "no_match"),
    ("not an address", "no_match"),
])
def test_reasons(world: Engine, address: str, reason: str) -> None:
    """E-mail addresses 2-3: two organisations are ambiguous_domain, freemail never matches by domain, else no_match."""
    outcome = _address(world, address)
    assert outcome.landings == () and outcome.reason == reason


def test_learned_mapping_is_checked_first(world: Engine) -> None:
    """Unassigned inbox: a learned address lands by itself, before domain rules (even freemail)."""
    with world.begin() as conn:
        conn.execute(insert(LearnedMapping).values(address="max@gmail.com", organisation_id="o6",
                                                   created_at=datetime(2026, 1, 1)))
    assert _address(world, "Max@Gmail.com").landings == (Landing("o6", None, "learned"),)


@pytest.mark.parametrize("written", ["06151 123-45", "+49 (0)6151 12345", "0049 6151 12345", "+4961511 2345"])
def test_number_however_written_finds_the_contact(world: Engine, written: str) -> None:
    """Phone: numbers are normalised to E.164 however written; a contact's phone gives it and its organisation."""
    outcome = _number(world, written)
    assert outcome.key == "+49615112345"
    assert outcome.landings == (Landing("o2", "c2", "number"),)


def test_switchboard_extension_finds_the_organisation(world: Engine) -> None:
    """Phone: a number extending a `-0` switchboard by a direct-dial extension matches that organisation."""
    assert _number(world, "+49 6151 1234-56").landings == (Landing("o1", None, "number"),)
    assert _number(world, "+49 6151 1234-0").landings == (Landing("o1", None, "number"),)


def test_organisation_phone_without_switchboard(world: Engine) -> None:
    """Phone: an organisation's phone matches exactly; without a `-0` its extensions do not."""
    assert _number(world, "040 777888").landings == (Landing("o7", None, "number"),)
    assert _number(world, "040 77788899").reason == "no_match"


def test_contacts_of_two_organisations_are_ambiguous(world: Engine) -> None:
    """Phone: a number of contacts at two organisations (phone of one, mobile of the other) is ambiguous_number."""
    outcome = _number(world, "0171 5550001")
    assert outcome.landings == () and outcome.reason == "ambiguous_number"


def test_odd_and_unknown_numbers_match_nothing(world: Engine) -> None:
    """Phone: an odd number like `(5) 555-4729` and an unknown one match nothing (no_match)."""
    assert _number(world, "(5) 555-4729").reason == "no_match"
    assert _number(world, "+49 30 5555 0000").reason == "no_match"
    assert _number(world, "").reason == "no_match"


def test_our_side_defaults_to_agents_domains_without_freemail(world: Engine) -> None:
    """Assignment of inbound traces: our side is the agents' addresses and their (non-freemail) domains."""
    with world.connect() as conn:
        side = load_our_side(conn)
    assert side.owns("crm@OurCo.de") and side.owns("agent.private@gmail.com")
    assert not side.owns("someone@gmail.com") and not side.owns("p.heyer@heyer-plan.de")
    assert side.agent_of("s.koenig@ourco.de") == "a1"


def test_configured_own_domains(world: Engine) -> None:
    """Assignment of inbound traces: configured own domains replace the default."""
    with world.begin() as conn:
        save_config(conn, BusinessConfig(own_domains=["heyer-plan.de"]))
        side = load_our_side(conn)
    assert side.owns("p.heyer@heyer-plan.de") and not side.owns("crm@ourco.de") and side.owns("s.koenig@ourco.de")


def _imported(engine: Engine, rows: list[dict]) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    seed(engine, {"activities": rows})
    with engine.begin() as conn:
        ids = list(conn.execute(select(Activity.id)).scalars())
        assign_activities(conn, ids)
        assign_activities(conn, ids)  # idempotent
    with engine.connect() as conn:
        links = conn.execute(select(Activity.source_id, ActivityLink.organisation_id, ActivityLink.contact_id)
                             .join(ActivityLink, ActivityLink.activity_id == Activity.id)
                             .order_by(Activity.source_id, ActivityLink.organisation_id)).all()
        inbox = conn.execute(select(Activity.source_id, InboxItem.address, InboxItem.reason)
                             .join(InboxItem, InboxItem.activity_id == Activity.id)).all()
    return {"links": [tuple(r) for r in links], "inbox": sorted(tuple(r) for r in inbox)}


def test_imported_activities_without_organisation_are_matched(world: Engine) -> None:
    """Tables, activities: an activity without organisation_id and contact_id is assigned by matching."""
    got = _imported(world, [
        {"id": "i1", "kind": "email", "occurred_at": "2026-03-01T10:00:00", "direction": "in",
         "from_address": "J.Mueller@mueller-ag.de", "to_address": "s.koenig@ourco.de"},
        {"id": "i2", "kind": "email", "occurred_at": "2026-03-01T10:00:00", "from_address": "s.koenig@ourco.de",
         "to_address": "info@heyer-plan.de; boss@kunde-sechs.de, t.becker@ourco.de"},
        {"id": "i3", "kind": "call", "occurred_at": "2026-03-01T10:00:00", "direction": "in",
         "phone_number": "+49 6151 1234-77"},
        {"id": "i4", "kind": "email", "occurred_at": "2026-03-01T10:00:00", "direction": "in",
         "from_address": "x@gmail.com"},
        {"id": "i5", "kind": "note", "occurred_at": "2026-03-01T10:00:00"},
        {"id": "i6", "kind": "call", "occurred_at": "2026-03-01T10:00:00", "organisation_id": "o7",
         "phone_number": "+49 6151 1234-77"},
    ])
    assert got["links"] == [("i1", "o2", "c2"), ("i2", "o1", None), ("i2", "o6", None), ("i3", "o1", None),
                            ("i6", "o7", None)]
    assert got["inbox"] == [("i4", "x@gmail.com", "freemail"), ("i5", None, "no_match")]
