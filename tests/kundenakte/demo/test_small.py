"""The small demo company: interchange files that follow spec/interchange.md, with realistic shape."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from kundenakte.demo import DemoSummary, generate_demo
from tests.kundenakte.demo.checks import SPEC, problems
from tests.kundenakte.demo.conftest import TODAY

Tables = dict[str, list[dict[str, str]]]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_and_today_give_identical_bytes(small_folder: Path, tmp_path: Path) -> None:
    """Deterministic demo: the same seed and `today` write byte-identical files (CSV and inbound/)."""
    again = generate_demo(tmp_path / "again", size="small", seed=42, today=TODAY)
    assert _files(again.folder) == _files(small_folder)


def test_other_seed_or_today_gives_other_files(small_folder: Path, tmp_path: Path) -> None:
    """A different seed (or a different `today`) gives a different company."""
    first = _files(small_folder)
    other_seed = _files(generate_demo(tmp_path / "s", size="small", seed=43, today=TODAY).folder)
    other_day = _files(generate_demo(tmp_path / "d", size="small", seed=42, today=TODAY + timedelta(days=1)).folder)
    assert other_seed["invoices.csv"] != first["invoices.csv"]
    assert other_seed["organisations.csv"] != first["organisations.csv"]
    assert other_day["invoices.csv"] != first["invoices.csv"]


def test_every_table_is_written_with_every_spec_column_and_valid_values(small_folder: Path,
                                                                       small_tables: Tables) -> None:
    """interchange.md tables: all listed columns, required ones filled, enums, ISO dates, references resolve."""
    tables = small_tables
    assert sorted(tables) == sorted(SPEC)
    assert problems(small_folder, tables, TODAY) == []


def test_sizes_are_those_of_a_mid_size_company(small_demo: DemoSummary, small_tables: Tables) -> None:
    """Issue 2 item 5: ~600 organisations, ~2,000 contacts, ~25 agents, three years of invoices."""
    rows = small_demo.rows
    assert rows["organisations"] == 600
    assert 1600 <= rows["contacts"] <= 2400
    assert 20 <= rows["agents"] <= 30
    assert all(n > 0 for n in rows.values()), rows
    invoices = small_tables["invoices"]
    first = min(date.fromisoformat(r["invoice_date"]) for r in invoices)
    assert TODAY - timedelta(days=3 * 366) <= first <= TODAY - timedelta(days=3 * 365 - 30)
    assert max(date.fromisoformat(r["invoice_date"]) for r in invoices) >= TODAY - timedelta(days=7)


def test_organisations_form_group_trees_without_cycles(small_tables: Tables) -> None:
    """organisations.parent_id builds group trees (up to three levels here), never a cycle."""
    orgs = {r["id"]: r for r in small_tables["organisations"]}
    depth = {}
    for oid in orgs:
        seen, cur = set(), oid
        while orgs[cur]["parent_id"]:
            assert cur not in seen
            seen.add(cur)
            cur = orgs[cur]["parent_id"]
        depth[oid] = len(seen)
    assert sum(1 for d in depth.values() if d >= 1) >= 60
    assert max(depth.values()) == 2


def test_contacts_have_functions_and_an_org_chart_within_their_organisation(small_tables: Tables) -> None:
    """contacts.reports_to_id: a boss at the same organisation; functions like Geschäftsführer, Einkauf."""
    contacts = {r["id"]: r for r in small_tables["contacts"]}
    bossed = [c for c in contacts.values() if c["reports_to_id"]]
    assert len(bossed) > len(contacts) / 3
    assert all(contacts[c["reports_to_id"]]["organisation_id"] == c["organisation_id"] for c in bossed)
    functions = Counter(c["function"] for c in contacts.values())
    for f in ("Geschäftsführer", "Einkauf", "Buchhaltung"):
        assert functions[f] > 0, f
    mails = [c["email"].lower() for c in contacts.values() if c["email"]]
    assert len(mails) == len(set(mails))
    assert any(re.search(r"[äöüßÄÖÜ]", c["last_name"]) for c in contacts.values())


def test_agents_sit_in_teams_with_addresses_at_our_domain(small_tables: Tables) -> None:
    """agents: teams Vertrieb, Service, Projekte, Einkauf with sign-in roles; one own mail domain."""
    agents = small_tables["agents"]
    assert {"Vertrieb", "Service", "Projekte", "Einkauf"} <= {a["team"] for a in agents}
    assert len({a["email"].split("@")[1] for a in agents}) == 1
    assert {a["role"] for a in agents} >= {"admin", "agent"}


def test_phone_numbers_are_written_the_many_ways_germans_write_them(small_tables: Tables) -> None:
    """interchange.md Phone: `06151 123-45`, `+49 (0)6151 12345`, `0049 6151 12345`, switchboard `...-0`."""
    phones = [r["phone"] for r in small_tables["organisations"] if r["phone"]]
    patterns = {
        "national with dash": r"^0\d+ \d+-\d{2}$",
        "+49 (0)": r"^\+49 \(0\)\d+ \d+$",
        "0049": r"^0049 \d+ \d+$",
        "switchboard": r"^\+49 \d+ \d+-0$",
    }
    for label, pattern in patterns.items():
        assert any(re.match(pattern, p) for p in phones), label


def test_postcodes_keep_leading_zeros_and_names_keep_umlauts(small_tables: Tables) -> None:
    """interchange.md: text stays text (Saxony's 01067); UTF-8 umlauts survive."""
    orgs = small_tables["organisations"]
    assert any(r["postcode"].startswith("0") and len(r["postcode"]) == 5 for r in orgs)
    assert any(re.search(r"[äöüß]", r["name"]) for r in orgs)


def test_organisations_carry_the_optional_master_data(small_tables: Tables) -> None:
    """Domains (some several), stale and fresh revenue potentials, key account managers, VIPs, SLAs, fixed roles."""
    orgs = small_tables["organisations"]
    assert any(";" in r["email_domains"] for r in orgs)
    updated = [date.fromisoformat(r["revenue_potential_updated_at"]) for r in orgs if r["revenue_potential_updated_at"]]
    assert any(d < TODAY - timedelta(days=365) for d in updated)
    assert any(d > TODAY - timedelta(days=180) for d in updated)
    assert sum(1 for r in orgs if r["key_account_manager_id"]) > 300
    assert any(r["deputy_id"] for r in orgs)
    assert any(r["vip"] == "true" for r in orgs)
    assert {r["sla_hours"] for r in orgs if r["sla_hours"]} >= {"4.00", "24.00"}
    fixed = [r for r in orgs if r["relationship_mode"] == "fixed"]
    assert len(fixed) >= 5 and any(r["fixed_roles"] for r in fixed)
    domains = Counter(d for r in orgs for d in r["email_domains"].split(";") if d)
    assert max(domains.values()) == 2  # exactly the shared one


def test_revenue_is_skewed_so_abc_and_concentration_are_interesting(small_tables: Tables) -> None:
    """analytics.md concentration: a few big customers (Pareto-like); at least one holds 10 % or more."""
    invoices = small_tables["invoices"]
    start = TODAY - timedelta(days=364)
    metric: Counter[str] = Counter()
    for r in invoices:
        if r["status"] != "cancelled" and start <= date.fromisoformat(r["invoice_date"]) <= TODAY:
            metric[r["organisation_id"]] += float(r["amount_net"])
    values = sorted((v for v in metric.values() if v > 0), reverse=True)
    total = sum(values)
    top20 = sum(values[: max(1, len(values) // 5)])
    assert top20 / total > 0.6
    assert values[0] / total >= 0.10


def test_invoices_include_credit_notes_cancellations_dunning_and_payments(small_tables: Tables) -> None:
    """invoices: negative amount_net = credit note; cancelled; dunning levels; paid_date only when paid."""
    invoices = small_tables["invoices"]
    assert any(float(r["amount_net"]) < 0 for r in invoices)
    assert {r["status"] for r in invoices} == {"open", "paid", "cancelled"}
    assert {r["dunning_level"] for r in invoices} >= {"0", "1", "2"}
    assert all(bool(r["paid_date"]) == (r["status"] == "paid") for r in invoices)
    assert all(date.fromisoformat(r["paid_date"]) <= TODAY for r in invoices if r["paid_date"])


def test_quotes_are_open_decided_and_some_expired(small_tables: Tables) -> None:
    """quotes: open, accepted, rejected; decided_at exactly for the decided ones; some open ones expired."""
    quotes = small_tables["quotes"]
    assert {q["status"] for q in quotes} == {"open", "accepted", "rejected"}
    assert all(bool(q["decided_at"]) == (q["status"] != "open") for q in quotes)
    expired = [q for q in quotes if q["status"] == "open" and date.fromisoformat(q["valid_until"]) < TODAY]
    valid = [q for q in quotes if q["status"] == "open" and date.fromisoformat(q["valid_until"]) >= TODAY]
    assert expired and valid


def test_opportunity_histories_are_ordered_and_closed_ones_end_won_or_rejected(small_tables: Tables) -> None:
    """opportunity_status_changes: start with New, in time order; closed_at is the date of Won/Rejected."""
    tables = small_tables
    history: dict[str, list[dict[str, str]]] = {}
    for ch in tables["opportunity_status_changes"]:
        history.setdefault(ch["opportunity_id"], []).append(ch)
    for opp in tables["opportunities"]:
        steps = sorted(history[opp["id"]], key=lambda c: c["changed_at"])
        assert steps[0]["status"] == "New"
        assert steps[0]["changed_at"][:10] == opp["created_at"]
        if opp["closed_at"]:
            assert steps[-1]["status"] in ("Won", "Rejected")
            assert steps[-1]["changed_at"][:10] == opp["closed_at"]
        else:
            assert steps[-1]["status"] not in ("Won", "Rejected")
    assert {c["status"] for c in tables["opportunity_status_changes"]} == {
        "New", "Standard quote", "Negotiation", "Won", "Rejected"}


def _opportunity_metric(tables: dict[str, list[dict[str, str]]]) -> dict[str, float]:
    """analytics.md prospect model `opportunities` at TODAY, with the default probabilities."""
    default = {"New": 5.0, "Standard quote": 10.0, "Negotiation": 50.0, "Won": 100.0, "Rejected": 0.0}
    customers = {r["organisation_id"] for r in tables["invoices"] if r["status"] != "cancelled"}
    customers |= {p["organisation_id"] for p in tables["projects"]
                  if p["kind"] == "customer" and p["start_date"] and date.fromisoformat(p["start_date"]) <= TODAY}
    latest: dict[str, dict[str, str]] = {}
    for ch in sorted(tables["opportunity_status_changes"], key=lambda c: c["changed_at"]):
        latest[ch["opportunity_id"]] = ch
    metric: dict[str, float] = {}
    for opp in tables["opportunities"]:
        last = latest[opp["id"]]
        if opp["closed_at"] or last["status"] in ("Won", "Rejected") or opp["organisation_id"] in customers:
            continue
        prob = float(last["probability"]) if last["probability"] else default[last["status"]]
        org = opp["organisation_id"]
        metric[org] = metric.get(org, 0.0) + float(opp["target_value"]) * prob / 100
    return metric


def test_ingo_prospect_is_the_worked_example_of_the_help(small_tables: Tables) -> None:
    """analytics.md worked example: Ingo Prospect, one opportunity of 11,000.00 in status New, worth 550, a B."""
    tables = small_tables
    ingo = [o for o in tables["organisations"] if o["name"] == "Ingo Prospect"]
    assert len(ingo) == 1
    oid = ingo[0]["id"]
    opps = [o for o in tables["opportunities"] if o["organisation_id"] == oid]
    assert len(opps) == 1
    assert float(opps[0]["target_value"]) == 11000.00 and not opps[0]["closed_at"]
    changes = [c for c in tables["opportunity_status_changes"] if c["opportunity_id"] == opps[0]["id"]]
    assert [(c["status"], c["probability"]) for c in changes] == [("New", "")]
    for table in ("invoices", "quotes", "projects"):
        assert not [r for r in tables[table] if r["organisation_id"] == oid], table
    metric = _opportunity_metric(tables)
    assert metric[oid] == pytest.approx(550.0)
    higher = sum(1 for v in metric.values() if v > metric[oid])
    q = higher / len(metric)
    assert 0.20 <= q < 0.80, "Ingo must be a B-prospect under the opportunities model"


def test_projects_tickets_time_and_documents_look_like_a_real_business(small_tables: Tables) -> None:
    """projects (customer/contractor/internal, some restricted, standard), tickets with SLAs, versions."""
    tables = small_tables
    projects = tables["projects"]
    assert {p["kind"] for p in projects} == {"customer", "contractor", "internal"}
    assert any(p["restricted_team"] for p in projects) and any(p["standard"] == "true" for p in projects)
    tickets = tables["tickets"]
    assert {t["status"] for t in tickets} == {"open", "closed"}
    assert all(t["sla_hours"] for t in tickets)
    assert all(bool(t["closed_at"]) == (t["status"] == "closed") for t in tickets)
    docs = tables["documents"]
    assert any(re.fullmatch(r"Verträge/20\d\d", d["folder"]) for d in docs)
    assert max(int(d["version"]) for d in docs) >= 2
    keys = Counter((d["organisation_id"], d["folder"], d["filename"], d["version"]) for d in docs)
    assert max(keys.values()) == 1
    kinds = Counter(a["kind"] for a in tables["activities"])
    assert set(kinds) == {"email", "call", "appointment", "note", "task"}
    unassigned = [a for a in tables["activities"] if not a["organisation_id"] and not a["contact_id"]]
    assert unassigned and all(a["from_address"] or a["phone_number"] for a in unassigned)


def test_supplier_ratings_rate_suppliers_from_one_to_five_once_per_day_and_agent(small_tables: Tables) -> None:
    """supplier_ratings: time/quality/cost 1..5; (organisation, rated_at, agent) unique (the derived id)."""
    tables = small_tables
    ratings = tables["supplier_ratings"]
    suppliers = {r["organisation_id"] for r in tables["incoming_invoices"]}
    assert {r["organisation_id"] for r in ratings} <= suppliers
    keys = Counter((r["organisation_id"], r["rated_at"], r["agent_id"]) for r in ratings)
    assert max(keys.values()) == 1
    assert any(date.fromisoformat(r["rated_at"]) > TODAY - timedelta(days=90) for r in ratings)
