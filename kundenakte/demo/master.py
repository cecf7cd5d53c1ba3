"""Master data of the small demo: our agents, ~600 organisations in group trees, ~2,000 contacts.

Organisation rows carry private `_`-keys (kind, revenue weight, domain, dialling
parts, active period) that the fact generators read; the CSV writer ignores them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from core.vocabulary import Aspect, RelationshipMode
from kundenakte.demo import names as N
from kundenakte.demo.context import FIXED_ROLES, Archetype, Ctx, Row

#: how the organisations split into roles (the rest of the tree follows from the facts)
KIND_WEIGHTS: tuple[tuple[Archetype, float], ...] = (
    (Archetype.CUSTOMER, 0.46), (Archetype.SUPPLIER, 0.15), (Archetype.BOTH, 0.06), (Archetype.PROSPECT, 0.23),
    (Archetype.DORMANT, 0.10),
)
MOBILE_PREFIXES = ("151", "152", "160", "162", "170", "171", "172", "175", "176", "177", "179")
OWN_ORG_ID = "ORG-0000"
INGO_NAME = "Ingo Prospect"
SHARED_DOMAIN = "tz-weiterstadt.de"


def build_agents(ctx: Ctx) -> list[Row]:
    """Our ~25 people in teams, with addresses at our own domain; two have left (inactive)."""
    rows = []
    for i, (name, team, role) in enumerate(N.AGENTS, start=1):
        plain = name.removeprefix("Dr. ")
        first, last = plain.split(" ", 1)
        rows.append({
            "id": f"AG-{i:02d}", "name": name, "email": f"{N.ascii_slug(first)}.{N.ascii_slug(last)}@{N.OWN_DOMAIN}",
            "phone_extension": str(100 + i * 3), "team": team, "role": role,
            "active": i not in (9, 16),
        })
    ctx.tables["agents"] = rows
    return rows


class _Numbers:
    """Hands out phone numbers, never the same one twice, written the many ways Germans write them."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.used: set[str] = set()

    def subscriber(self, area: str, length: int | None = None, cc: str = "49") -> str:
        """A new subscriber number; Swiss national numbers have exactly nine digits."""
        n = length or (9 - len(area) if cc == "41" else max(5, 9 - len(area)) + self.ctx.rng.randint(0, 1))
        while True:
            s = str(self.ctx.rng.randint(2, 9)) + "".join(str(self.ctx.rng.randint(0, 9)) for _ in range(n - 1))
            if (area + s) not in self.used:
                self.used.add(area + s)
                return s

    def written(self, cc: str, area: str, sub: str, ext: str | None = None) -> str:
        """One of the usual spellings of +cc area sub[-ext]."""
        if ext is not None:
            tail = f"{sub}-{ext}"
            style = self.ctx.rng.randint(0, 3)
            if cc != "49":
                return f"+{cc} {area} {tail}"
            return (f"+49 {area} {tail}", f"0{area} {tail}", f"+49 (0){area} {tail}", f"0049 {area} {tail}")[style]
        if cc != "49":
            return (f"+{cc} {area} {sub}", f"00{cc} {area} {sub}", f"+{cc} (0){area} {sub}")[self.ctx.rng.randint(0, 2)]
        return (
            f"0{area} {sub}", f"0{area} {sub[:-2]}-{sub[-2:]}", f"+49 (0){area} {sub}", f"0049 {area} {sub}",
            f"+49 {area} {sub}", f"0{area}/{sub}", f"+49{area}{sub}", f"(0{area}) {sub}",
        )[self.ctx.rng.randint(0, 7)]

    def mobile(self) -> str:
        prefix = self.ctx.choice(MOBILE_PREFIXES)
        sub = self.subscriber(prefix, 7 + self.ctx.rng.randint(0, 1))
        return (f"0{prefix} {sub}", f"+49 {prefix} {sub}", f"0{prefix}-{sub}", f"+49 (0){prefix} {sub}",
                f"0049 {prefix} {sub}")[self.ctx.rng.randint(0, 4)]


def _company_name(ctx: Ctx, stem: str, supplier: bool) -> str:
    trade = ctx.choice(N.SUPPLIER_TRADES if supplier else N.TRADES)
    form = ctx.choice(N.LEGAL_FORMS)
    return f"{stem} {trade} {form}"


def _unique_domain(base: str, used: set[str], tld: str = "de") -> str:
    domain = f"{base}.{tld}"
    n = 2
    while domain in used:
        domain = f"{base}{n}.{tld}"
        n += 1
    used.add(domain)
    return domain


def _pick_kind(ctx: Ctx) -> Archetype:
    x = ctx.rng.random()
    for kind, w in KIND_WEIGHTS:
        if x < w:
            return kind
        x -= w
    return KIND_WEIGHTS[-1][0]


def build_organisations(ctx: Ctx, n_orgs: int = 600) -> list[Row]:
    """Own company, ~40 group trees (up to three levels), standalone firms, Ingo Prospect and a shared-domain pair."""
    rng = ctx.rng
    numbers = _Numbers(ctx)
    ctx.shared["numbers"] = numbers
    used_domains: set[str] = set()
    orgs: list[Row] = []

    def new_org(name: str, parent: str | None, kind: Archetype, city: N.City | None = None,
                domain_base: str | None = None) -> Row:
        city = city or (ctx.choice(N.FOREIGN_CITIES) if ctx.chance(0.04) else ctx.choice(N.CITIES))
        org: Row = {"id": f"ORG-{len(orgs):04d}", "name": name, "parent_id": parent, "_kind": kind,
                    "_city": city, "country": city.country, "city": city.name, "postcode": city.postcode}
        base = domain_base or N.ascii_slug(" ".join(name.split()[:2]))
        if kind != Archetype.DORMANT or ctx.chance(0.5):
            tld = {"AT": "at", "CH": "ch"}.get(city.country, "de" if ctx.chance(0.85) else "com")
            org["_domain"] = _unique_domain(base, used_domains, tld)
        else:
            org["_domain"] = None
        orgs.append(org)
        return org

    own = new_org(N.OWN_NAME, None, Archetype.OWN, N.CITIES[0], "odenwald-systemtechnik")
    own["_domain"] = None

    stems = list(N.COMPANY_STEMS)
    rng.shuffle(stems)
    # group trees
    for g in range(40):
        stem = stems[g % len(stems)]
        root = new_org(f"{stem} {ctx.choice(N.GROUP_ROOT_WORDS)} {ctx.choice(('GmbH', 'AG', 'SE'))}", None,
                       _pick_kind(ctx), domain_base=f"{N.ascii_slug(stem)}-gruppe")
        for _ in range(rng.randint(1, 5)):
            kind = _pick_kind(ctx)
            child = new_org(_company_name(ctx, stem, kind == Archetype.SUPPLIER), root["id"], kind)
            if ctx.chance(0.3):
                for _ in range(rng.randint(1, 2)):
                    city = ctx.choice(N.CITIES)
                    word = ctx.choice(N.BRANCH_WORDS)
                    new_org(f"{child['name']} {word} {city.name}", child["id"], _pick_kind(ctx), city,
                            domain_base=f"{N.ascii_slug(stem)}-{N.ascii_slug(city.name)}")
    # the two tenants of a technology park sharing one mail domain
    for name in ("Kranich Sensorik GmbH", "Triton Messtechnik GmbH"):
        org = new_org(name, None, Archetype.CUSTOMER, N.City("Weiterstadt", "64331", "6150"))
        used_domains.discard(org["_domain"])
        org["_domain"] = SHARED_DOMAIN
    ingo = new_org(INGO_NAME, None, Archetype.INGO, N.CITIES[0], "prospect-beratung")
    ingo["_domain"] = "prospect-beratung.de"
    while len(orgs) < n_orgs:
        kind = _pick_kind(ctx)
        stem = ctx.choice(N.COMPANY_STEMS) if ctx.chance(0.5) else ctx.choice(N.LAST_NAMES)
        new_org(_company_name(ctx, stem, kind == Archetype.SUPPLIER), None, kind)

    _fill_organisation_details(ctx, orgs, numbers)
    ctx.tables["organisations"] = orgs
    return orgs


def _fill_organisation_details(ctx: Ctx, orgs: list[Row], numbers: _Numbers) -> None:
    rng = ctx.rng
    agents = ctx.tables["agents"]
    sales = [a["id"] for a in agents if a["team"] == "Vertrieb" and a["active"]]
    purchasing = [a["id"] for a in agents if a["team"] == "Einkauf"]
    today = ctx.today
    for org in orgs:
        kind = org["_kind"]
        city: N.City = org["_city"]
        cc = N.COUNTRY_CODE[city.country]
        org["_cc"], org["_area"] = cc, city.area_code
        # revenue weight: Pareto-like, a few big customers
        weight = min(rng.paretovariate(1.15), 150.0)
        org["_weight"] = weight
        # active period as a customer: long-standing, new, or churned
        r = rng.random()
        if r < 0.6:
            since = today - timedelta(days=rng.randint(3 * 365 + 30, 10 * 365))
            until = None
        elif r < 0.88:
            since = today - timedelta(days=rng.randint(30, 3 * 365))
            until = None
        else:
            since = today - timedelta(days=rng.randint(3 * 365 + 30, 8 * 365))
            until = today - timedelta(days=rng.randint(400, 900))
        org["_since"], org["_until"] = since, until
        org["created_at"] = datetime.combine(since - timedelta(days=rng.randint(10, 200)),
                                             time(rng.randint(8, 17), rng.randint(0, 59)))
        street = f"{ctx.choice(N.STREETS)} {rng.randint(1, 180)}{ctx.choice(('', '', '', 'a', 'b'))}"
        org["street"] = street
        if city.country == "DE":
            org["vat_id"] = f"DE{rng.randint(100000000, 999999999)}" if ctx.chance(0.7) else None
        elif city.country == "AT":
            org["vat_id"] = f"ATU{rng.randint(10000000, 99999999)}"
        else:
            org["vat_id"] = f"CHE-{rng.randint(100, 999)}.{rng.randint(100, 999)}.{rng.randint(100, 999)} MWST"
        # main number: a switchboard for a third of them
        if kind != Archetype.OWN and city.country == "DE" and ctx.chance(0.3):
            base = numbers.subscriber(city.area_code, max(3, 7 - len(city.area_code)))
            org["_switch"] = base
            org["phone"] = numbers.written(cc, city.area_code, base, "0")
        else:
            org["_switch"] = None
            org["phone"] = numbers.written(cc, city.area_code, numbers.subscriber(city.area_code, cc=cc)) \
                if kind == Archetype.OWN or ctx.chance(0.95) else None
        domain = org["_domain"]
        if domain:
            domains = [domain]
            if ctx.chance(0.08):
                domains.append(domain.rsplit(".", 1)[0] + (".com" if not domain.endswith(".com") else ".de"))
            org["email_domains"] = ";".join(domains)
            org["website"] = f"https://www.{domain}" if domain != SHARED_DOMAIN else None
        org["relationship_mode"] = RelationshipMode.AUTO
        if kind.sold_to or kind == Archetype.INGO:
            org["key_account_manager_id"] = ctx.choice(sales)
            if ctx.chance(0.7):
                org["deputy_id"] = ctx.choice([a for a in sales if a != org["key_account_manager_id"]])
        elif kind == Archetype.SUPPLIER:
            org["key_account_manager_id"] = ctx.choice(purchasing)
        if kind.sold_to and ctx.chance(0.8):
            base = weight * 8000.0 * (1.5 + rng.random() * 2)
            org["revenue_potential"] = float(round(base, -3) or 1000)
            stale = ctx.chance(0.25)
            org["revenue_potential_updated_at"] = today - timedelta(
                days=rng.randint(400, 3 * 365) if stale else rng.randint(5, 300))
        org["vip"] = kind.holds(Aspect.CUSTOMER) and weight > 25
        if kind.holds(Aspect.CUSTOMER) and (org["vip"] or ctx.chance(0.45)):
            org["sla_hours"] = 4.0 if org["vip"] else float(ctx.choice((8, 24, 24, 48)))
            if ctx.chance(0.4):
                org["service_note"] = ctx.choice((
                    "Rufbereitschaft 24/7 vereinbart", "Zutritt nur nach Sicherheitsunterweisung",
                    "Ansprechpartner vor Ort: Werkschutz Tor 3", "Wartungsfenster nur samstags",
                    "Fernwartung über VPN, Zugang bei Leitung IT anfragen"))
    # one key customer with a framework contract: more than a tenth of the revenue (flagged in concentration)
    big = max((o for o in orgs if o["_kind"] == Archetype.CUSTOMER and o["_until"] is None), key=lambda o: o["_weight"])
    big["_weight"], big["vip"], big["sla_hours"] = 200.0, True, 4.0
    # a dozen organisations with roles fixed by hand
    candidates = [o for o in orgs if o["_kind"] in FIXED_ROLES]
    for org in ctx.rng.sample(candidates, 12):
        org["relationship_mode"] = RelationshipMode.FIXED
        org["fixed_roles"] = FIXED_ROLES[org["_kind"]]
    own = orgs[0]
    own["relationship_mode"], own["fixed_roles"] = RelationshipMode.FIXED, None
    own["phone"] = N.OWN_SWITCHBOARD
    own["website"] = f"https://www.{N.OWN_DOMAIN}"
    own["created_at"] = datetime.combine(date(ctx.today.year - 12, 1, 2), time(9, 0))


def build_contacts(ctx: Ctx) -> list[Row]:
    """People at every organisation with functions and an org chart (reports_to_id); ~3.3 per organisation."""
    rng = ctx.rng
    numbers: _Numbers = ctx.shared["numbers"]
    used_mail: set[str] = set()
    contacts: list[Row] = []
    ctx.tables["contacts"] = contacts
    for org in ctx.tables["organisations"]:
        kind = org["_kind"]
        if kind == Archetype.OWN:
            org["_contacts"] = []
            continue
        if kind == Archetype.INGO:
            n = 1
        elif kind.holds(Aspect.CUSTOMER):
            n = min(12, 2 + int(rng.expovariate(1 / 2.0)) + int(org["_weight"] ** 0.5 / 2))
        elif kind == Archetype.SUPPLIER:
            n = rng.randint(2, 4)
        elif kind == Archetype.PROSPECT:
            n = rng.randint(1, 4)
        else:
            n = rng.randint(1, 2)
        pattern = rng.randint(0, 3)
        members: list[Row] = []
        leads: list[Row] = []
        for i in range(n):
            female = ctx.chance(0.45)
            first = ctx.choice(N.FIRST_NAMES_F if female else N.FIRST_NAMES_M)
            last = ctx.choice(N.LAST_NAMES)
            if kind == Archetype.INGO:
                first, last, female = "Ingo", "Prospect", False
            if i == 0:
                function = "Inhaber" if kind == Archetype.INGO else ("Geschäftsführerin" if female else
                                                                       ctx.choice(("Geschäftsführer", "Vorstand",
                                                                                   "Inhaber")))
                boss = None
            elif i <= (n - 1) // 2 and len(leads) < len(N.FUNCTIONS_LEADS):
                function = N.FUNCTIONS_LEADS[(len(leads) + rng.randint(0, 1)) % len(N.FUNCTIONS_LEADS)]
                if any(lead["function"] == function for lead in leads):
                    function = next(f for f in N.FUNCTIONS_LEADS if all(x["function"] != f for x in leads))
                boss = members[0]
            elif leads and ctx.chance(0.85):
                lead = ctx.choice(leads)
                function = ctx.choice(N.FUNCTIONS_STAFF[lead["function"]])
                boss = lead
            else:
                function = ctx.choice((N.ASSISTANT, "Einkauf", "Buchhaltung"))
                boss = members[0]
            row: Row = {
                "id": f"CON-{len(contacts) + 1:05d}", "organisation_id": org["id"], "first_name": first,
                "last_name": last, "function": function, "reports_to_id": boss["id"] if boss else None,
                "created_at": org["created_at"] + timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 600)),
            }
            if row["created_at"] > ctx.now:
                row["created_at"] = ctx.now - timedelta(days=rng.randint(1, 30))
            row["email"] = _contact_mail(ctx, org, first, last, pattern, used_mail)
            if kind == Archetype.INGO:
                row["email"] = "ingo@prospect-beratung.de"
            if org["_switch"] and ctx.chance(0.8):
                ext = str(rng.randint(10, 99) if ctx.chance(0.7) else rng.randint(100, 399))
                row["phone"] = numbers.written(org["_cc"], org["_area"], org["_switch"], ext)
            elif ctx.chance(0.85):
                row["phone"] = numbers.written(org["_cc"], org["_area"],
                                               numbers.subscriber(org["_area"], cc=org["_cc"]))
            if ctx.chance(0.4):
                row["mobile"] = numbers.mobile()
            if function in N.FUNCTIONS_LEADS:
                leads.append(row)
            members.append(row)
            contacts.append(row)
        org["_contacts"] = [c["id"] for c in members]
    _share_reception_number(ctx, numbers)
    return contacts


def _share_reception_number(ctx: Ctx, numbers: _Numbers) -> None:
    """The two technology-park tenants share a reception: one number at contacts of two organisations."""
    by_id = {c["id"]: c for c in ctx.tables.get("contacts", [])}
    tenants = [o for o in ctx.tables["organisations"] if o.get("_domain") == SHARED_DOMAIN]
    sub = numbers.subscriber("6150", 5)
    spellings = (f"06150 {sub}", f"+49 6150 {sub}")
    for org, spelling in zip(tenants, spellings, strict=True):
        contact = by_id[org["_contacts"][0]]
        contact["phone"] = spelling
    ctx.shared["reception_number"] = spellings[0]


def _contact_mail(ctx: Ctx, org: Row, first: str, last: str, pattern: int, used: set[str]) -> str | None:
    if ctx.chance(0.05):
        return None
    f, lname = N.ascii_slug(first.split("-")[0]), N.ascii_slug(last)
    domain = org["_domain"]
    if domain is None:
        local = f"{f}.{lname}{ctx.rng.randint(1, 99)}"
        domain = ctx.choice(N.FREEMAIL)
    else:
        local = (f"{f}.{lname}", f"{f[0]}.{lname}", lname, f"{f}{lname}")[pattern]
    address = f"{local}@{domain}"
    n = 2
    while address.lower() in used:
        address = f"{local}{n}@{domain}"
        n += 1
    used.add(address.lower())
    # some exports keep the capitals people typed
    if ctx.chance(0.1):
        address = address[0].upper() + address[1:]
    return address
