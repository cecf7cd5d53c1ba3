"""`kundenakte permissions`: the permission matrix (role x information area) and each role's organisation scope.

A change holds from the next request on (the policy reads the rows on every request) and is written
to the audit log by the services.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from core.vocabulary import SIGN_IN_ROLES, Area, Level, Role, Scope
from kundenakte.cli.common import add_db_option, add_format_option, open_engine

if TYPE_CHECKING:
    from sqlalchemy import Engine

COLUMNS = ["role", *(a.value for a in Area), "scope"]

EPILOG = """\
Without an action: the matrix, one row per sign-in role, one column per information area (none, read or
edit), and the role's organisation scope (all, or own_accounts: where the user's agent or a member of its
team is key account manager or deputy; external users always see their own organisation only).

  kundenakte permissions --format csv
  kundenakte permissions set sales billing read
  kundenakte permissions scope sales own_accounts

Admins keep the right to edit the administration area.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("permissions", help="the permission matrix (role x area) and scopes; change them",
                       description="Show or change what each sign-in role may see and do.", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_show)
    actions = p.add_subparsers(dest="permissions_action", metavar="[set|scope]",
                               help="without one: show the matrix")

    s = actions.add_parser("set", help="set one cell of the matrix: ROLE AREA none|read|edit")
    s.add_argument("role", choices=[r.value for r in SIGN_IN_ROLES], metavar="ROLE",
                   help="one of: " + ", ".join(r.value for r in SIGN_IN_ROLES))
    s.add_argument("area", choices=[a.value for a in Area], metavar="AREA",
                   help="one of: " + ", ".join(a.value for a in Area))
    s.add_argument("level", choices=[lv.value for lv in Level], metavar="LEVEL",
                   help="one of: " + ", ".join(lv.value for lv in Level))
    _db_after_action(s)
    s.set_defaults(handler=cmd_set)

    internal = [r.value for r in SIGN_IN_ROLES if r is not Role.EXTERNAL]
    sc = actions.add_parser("scope", help="which organisations an internal role sees: ROLE all|own_accounts")
    sc.add_argument("role", choices=internal, metavar="ROLE", help="one of: " + ", ".join(internal))
    sc.add_argument("scope", choices=[s.value for s in Scope], metavar="SCOPE",
                    help="one of: " + ", ".join(s.value for s in Scope))
    _db_after_action(sc)
    sc.set_defaults(handler=cmd_scope)


def _db_after_action(p: argparse.ArgumentParser) -> None:
    """--db after the action too; left out, the value given before it (or the default) holds."""
    p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                   help="SQLAlchemy database URL (default: $KUNDENAKTE_DATABASE_URL, else sqlite:///kundenakte.db)")


def matrix_rows(engine: Engine) -> list[dict[str, Any]]:
    """One row per sign-in role: its level per area and its scope (empty for external: fixed)."""
    from services.policy import matrix, scopes

    with engine.connect() as conn:
        cells = matrix(conn)
        scope = scopes(conn)
    rows: dict[Role, dict[str, Any]] = {}
    for cell in cells:
        row = rows.setdefault(cell.role, {"role": cell.role.value,
                                          "scope": scope[cell.role].value if cell.role in scope else None})
        row[cell.area.value] = cell.level.value
    return list(rows.values())


def cmd_show(args: argparse.Namespace) -> int:
    """Print the matrix: one row per sign-in role, its level per area and its scope."""
    from kundenakte.cli.output import write_rows

    with open_engine(args) as engine:
        write_rows(matrix_rows(engine), COLUMNS, args.format)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    """Set one cell of the matrix (audited by the service); the change on stderr."""
    from services.policy import matrix, set_level
    from services.users import SYSTEM

    role, area, level = Role(args.role), Area(args.area), Level(args.level)
    with open_engine(args) as engine:
        with engine.connect() as conn:
            before = next(c.level for c in matrix(conn) if c.role is role and c.area is area)
        set_level(engine, SYSTEM, role, area, level)
    print(f"permission {role.value} {area.value}: {before.value} -> {level.value}", file=sys.stderr)
    return 0


def cmd_scope(args: argparse.Namespace) -> int:
    """Set the organisation scope of an internal role (audited by the service); the change on stderr."""
    from services.policy import scopes, set_scope
    from services.users import SYSTEM

    role, scope = Role(args.role), Scope(args.scope)
    with open_engine(args) as engine:
        with engine.connect() as conn:
            before = scopes(conn)[role]
        set_scope(engine, SYSTEM, role, scope)
    print(f"scope {role.value}: {before.value} -> {scope.value}", file=sys.stderr)
    return 0
