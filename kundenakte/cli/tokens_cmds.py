"""`kundenakte tokens`: API tokens for other systems (create, list, revoke); audited by the services.

A token is printed once, on standard output, at creation; only its SHA-256 is stored.
"""

from __future__ import annotations

import argparse
import sys

from core.vocabulary import TokenScope
from kundenakte.cli.common import add_db_option, add_format_option, open_engine, whole

LIST_COLUMNS = ["id", "user", "scope", "prefix", "created_at", "created_by", "expires_at", "revoked_at",
                "last_used_at"]

EPILOG = """\
  kundenakte tokens create --user erp --scope import --expires 365   # prints the token once
  kundenakte tokens list
  kundenakte tokens revoke 3

Send it as `Authorization: Bearer <token>` to /api/v1. A token acts as its user (the same permissions as
in the dashboard); its scope narrows that: read tokens only read; write tokens may also make the
dashboard's writes (a supplier rating, a relationship fixed by hand, an inbox item assigned); import tokens
may also POST /api/v1/import and /api/v1/inbound/*; admin tokens (admin accounts only) may make any write.
No token or an unknown, revoked or expired one: 401; outside its scope: 403. Every use of an import or admin
token is audited.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("tokens", help="API tokens for other systems: create, list, revoke",
                       description="Manage the tokens other systems send to /api/v1.", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="tokens_action", metavar="ACTION")
    actions.required = True

    c = actions.add_parser("create", help="a new token for a user (printed once)", epilog=EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("--user", required=True, metavar="NAME", help="the account the token acts as")
    c.add_argument("--scope", choices=[s.value for s in TokenScope], default=TokenScope.READ.value,
                   help="read (default), write, import or admin")
    c.add_argument("--expires", metavar="DAYS", type=whole(1), default=None, help="valid for DAYS days (default: "
                   "until revoked)")
    add_db_option(c)
    c.set_defaults(handler=cmd_create)

    ls = actions.add_parser("list", help="every token (never the token itself)")
    add_format_option(ls)
    add_db_option(ls)
    ls.set_defaults(handler=cmd_list)

    r = actions.add_parser("revoke", help="stop a token from working")
    r.add_argument("token_id", metavar="ID", type=whole(1), help="the token's id (see `tokens list`)")
    add_db_option(r)
    r.set_defaults(handler=cmd_revoke)


def cmd_create(args: argparse.Namespace) -> int:
    from services.commands.tokens import create_token
    from services.users import SYSTEM

    with open_engine(args) as engine:
        made = create_token(engine, SYSTEM, args.user, TokenScope(args.scope), args.expires)
    until = made.info.expires_at.date().isoformat() if made.info.expires_at else "until revoked"
    print(f"token {made.info.id} for {made.info.user!r}, scope {made.info.scope.value}, valid {until}; "
          "shown only now:", file=sys.stderr)
    print(made.token)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kundenakte.cli.output import write_rows
    from services.commands.tokens import list_tokens
    from services.users import SYSTEM

    with open_engine(args) as engine:
        tokens = list_tokens(engine, SYSTEM)
    write_rows([asdict(t) for t in tokens], LIST_COLUMNS, args.format)
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from services.commands.tokens import revoke_token
    from services.users import SYSTEM

    with open_engine(args) as engine:
        revoke_token(engine, SYSTEM, args.token_id)
    print(f"token {args.token_id} revoked", file=sys.stderr)
    return 0
