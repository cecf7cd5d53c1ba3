"""The two trees of the record: the org chart of the contacts (`contacts.reports_to_id`) and the group tree of
the organisation (`organisations.parent_id`), interchange.md.

Both come from imported data, so both may hold loops (A reports to B, B to A; a company its own grandparent):
every walk keeps the ids it has seen and stops at a repeat, and is bounded in depth and size, so no data can
make a request hang. The group tree shows only organisations the user may see (the policy's organisation
clause); the org chart only the contacts the record shows (an external user: their own contact).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, select

from core.schema import Contact, Organisation
from services import policy
from services.record import visible_record
from services.users import CurrentUser

#: the most contacts one org chart shows, and the most organisations one group tree walks
MAX_CONTACTS = 2000
MAX_GROUP = 500
#: the most steps up to the top of a group, and levels down
MAX_DEPTH = 50


@dataclass
class ChartNode:
    """A person in the org chart with the people reporting to them; `loop`: the chart reached it only through a
    reporting loop in the data (shown at the top, marked)."""

    id: str
    name: str
    function: str | None
    children: list[ChartNode] = field(default_factory=list)
    loop: bool = False


@dataclass(frozen=True)
class OrgChart:
    """The contacts by reporting line: those without a manager at the organisation at the top."""

    roots: list[ChartNode]
    #: whether the data holds a reporting loop (its people are shown from one of them down)
    has_loop: bool
    size: int


@dataclass
class GroupNode:
    """An organisation of the group with its visible subsidiaries; `current`: the record's own organisation."""

    id: str
    name: str
    current: bool = False
    children: list[GroupNode] = field(default_factory=list)


@dataclass(frozen=True)
class GroupTree:
    """The visible parents up to the top, the organisation, and its visible subsidiaries."""

    root: GroupNode
    #: whether the walk stopped at a loop or a bound (the tree shown is then not the whole group)
    truncated: bool
    has_loop: bool

    @property
    def alone(self) -> bool:
        """The organisation belongs to no group the user can see."""
        return self.root.current and not self.root.children


def _name(first: str | None, last: str) -> str:
    return " ".join(p for p in (first, last) if p)


def _chart(rows: list[tuple[str, str, str | None, str | None]]) -> OrgChart:
    """Nodes from (id, name, function, reports_to_id), ordered by name; loops broken at a member of the loop."""
    nodes = {cid: ChartNode(cid, name, function) for cid, name, function, _ in rows}
    manager = {cid: boss for cid, _, _, boss in rows if boss in nodes and boss != cid}
    reports: dict[str, list[str]] = {}
    for cid, _, _, _ in rows:
        if cid in manager:
            reports.setdefault(manager[cid], []).append(cid)
    seen: set[str] = set()

    def grow(top: str) -> ChartNode:
        seen.add(top)
        stack = [top]
        while stack:
            boss = stack.pop()
            for cid in reports.get(boss, []):
                if cid not in seen:
                    seen.add(cid)
                    nodes[boss].children.append(nodes[cid])
                    stack.append(cid)
        return nodes[top]

    roots = [grow(cid) for cid, _, _, _ in rows if cid not in manager]
    has_loop = False
    for cid, _, _, _ in rows:  # what is left hangs in (or below) a loop: start at a member of the loop
        if cid in seen:
            continue
        walked: set[str] = set()
        member = cid
        while member not in walked:
            walked.add(member)
            member = manager[member]
        root = grow(member)
        root.loop = has_loop = True
        roots.append(root)
    return OrgChart(roots, has_loop, len(nodes))


def org_chart(engine: Engine, user: CurrentUser, organisation_id: str) -> OrgChart:
    """The organisation's contacts as a tree by reporting line (NotFound if the organisation is not visible)."""
    c = Contact
    with engine.connect() as conn:
        g = visible_record(engine, conn, user, organisation_id)
        query = (select(c.id, c.first_name, c.last_name, c.function, c.reports_to_id)
                 .where(c.organisation_id == organisation_id)
                 .order_by(c.last_name, c.first_name, c.id).limit(MAX_CONTACTS))
        if g.user.is_external:  # their own contact only, never other people's data
            query = query.where(c.id == g.user.contact_id)
        rows = [(r.id, _name(r.first_name, r.last_name), r.function, r.reports_to_id) for r in conn.execute(query)]
    return _chart(rows)


def _ancestors(conn: Connection, organisation_id: str) -> tuple[list[tuple[str, str]], bool]:
    """(id, name) of the parents, nearest first, up to the top; and whether the walk ran into a loop."""
    o = Organisation
    chain: list[tuple[str, str]] = []
    seen = {organisation_id}
    current = conn.execute(select(o.parent_id).where(o.id == organisation_id)).scalar()
    for _ in range(MAX_DEPTH):
        if current is None:
            return chain, False
        if current in seen:
            return chain, True
        seen.add(current)
        row = conn.execute(select(o.id, o.name, o.parent_id).where(o.id == current)).first()
        if row is None:
            return chain, False
        chain.append((row.id, row.name))
        current = row.parent_id
    return chain, True


def _descendants(conn: Connection, organisation_id: str,
                 exclude: set[str]) -> tuple[list[tuple[str, str, str]], bool]:
    """(id, name, parent_id) of the subsidiaries level by level, each once; and whether a bound cut the walk."""
    o = Organisation
    found: list[tuple[str, str, str]] = []
    seen = {organisation_id, *exclude}
    frontier = [organisation_id]
    for _ in range(MAX_DEPTH):
        if not frontier:
            return found, False
        rows = conn.execute(select(o.id, o.name, o.parent_id).where(o.parent_id.in_(frontier))
                            .order_by(o.name, o.id).limit(MAX_GROUP + 1)).all()
        frontier = []
        for r in rows:
            if r.id in seen:
                continue
            if len(found) >= MAX_GROUP:
                return found, True
            seen.add(r.id)
            found.append((r.id, r.name, r.parent_id))
            frontier.append(r.id)
    return found, bool(frontier)


def group_tree(engine: Engine, user: CurrentUser, organisation_id: str) -> GroupTree:
    """The group around the organisation as far as the user may see it (NotFound if the organisation is not visible).

    A parent or subsidiary the user may not see is left out; what hangs below it is shown under the nearest
    visible organisation above it.
    """
    o = Organisation
    with engine.connect() as conn:
        g = visible_record(engine, conn, user, organisation_id)
        name = conn.execute(select(o.name).where(o.id == organisation_id)).scalar_one()
        ancestors, loop_up = _ancestors(conn, organisation_id)
        below, cut = _descendants(conn, organisation_id, {a for a, _ in ancestors})
        ids = [a for a, _ in ancestors] + [d for d, _, _ in below]
        visible: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            visible.update(conn.execute(select(o.id).where(o.id.in_(chunk),
                                                           policy.organisation_clause(g, o.id))).scalars())
    me = GroupNode(organisation_id, name, current=True)
    placed = {organisation_id: me}
    for child_id, child_name, parent_id in below:  # levels in order: a parent is placed before its children
        holder = placed.get(parent_id, me)
        if child_id in visible:
            node = GroupNode(child_id, child_name)
            holder.children.append(node)
            placed[child_id] = node
        else:
            placed[child_id] = holder
    top = me
    for parent_id, parent_name in ancestors:
        if parent_id in visible:
            top = GroupNode(parent_id, parent_name, children=[top])
    return GroupTree(top, truncated=cut or loop_up, has_loop=loop_up)


__all__ = ["MAX_CONTACTS", "MAX_DEPTH", "MAX_GROUP", "ChartNode", "GroupNode", "GroupTree", "OrgChart",
           "group_tree", "org_chart"]
