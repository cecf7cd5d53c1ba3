"""`kundenakte users`: who may sign in (add, list, disable, enable, set a password); audited by the services.

The password never appears on the command line: it is asked for twice at a terminal (not echoed),
or read as one line from standard input when that is not a terminal (`echo "$PW" | kundenakte users add ...`).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from core.errors import InvalidInput, NotFound
from core.vocabulary import SIGN_IN_ROLES, Role
from kundenakte.cli.common import add_db_option, add_format_option, open_engine
from services.users import LOCALES, MIN_PASSWORD

LIST_COLUMNS = ["name", "role", "agent_id", "contact_id", "active", "locale", "created_at", "last_sign_in_at"]

EPILOG = f"""\
The password (at least {MIN_PASSWORD} characters) is asked for twice when standard input is a terminal,
else read as the first line of standard input:

  kundenakte users add anna --role sales --agent A07
  printf '%s\\n' "$PASSWORD" | kundenakte users passwd anna

Internal roles are linked to an agent (--agent), the role external to a customer's contact (--contact).
Disabling a user ends their sessions at once. Every change is written to the audit log (`kundenakte audit`).
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("users", help="who may sign in: add, list, disable, enable, passwd",
                       description="Manage the accounts that sign in to the dashboard.", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="users_action", metavar="ACTION")
    actions.required = True

    a = actions.add_parser("add", help="add a user (password from a prompt or standard input)", epilog=EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("name", metavar="NAME")
    a.add_argument("--role", required=True, choices=[r.value for r in SIGN_IN_ROLES], help="the sign-in role")
    link = a.add_mutually_exclusive_group()
    link.add_argument("--agent", metavar="ID", default=None, help="the agent an internal user is")
    link.add_argument("--contact", metavar="ID", default=None, help="the contact an external user is")
    a.add_argument("--locale", choices=LOCALES, default="de", help="the dashboard's language (default de)")
    add_db_option(a)
    a.set_defaults(handler=cmd_add)

    ls = actions.add_parser("list", help="list every user (never a password or hash)")
    add_format_option(ls)
    add_db_option(ls)
    ls.set_defaults(handler=cmd_list)

    d = actions.add_parser("disable", help="stop a user from signing in; ends their sessions")
    d.add_argument("name", metavar="NAME")
    add_db_option(d)
    d.set_defaults(handler=cmd_disable)

    e = actions.add_parser("enable", help="let a disabled user sign in again")
    e.add_argument("name", metavar="NAME")
    add_db_option(e)
    e.set_defaults(handler=cmd_enable)

    pw = actions.add_parser("passwd", help="set a user's password (prompt or standard input); ends their sessions",
                            epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    pw.add_argument("name", metavar="NAME")
    add_db_option(pw)
    pw.set_defaults(handler=cmd_passwd)


def read_password(prompt: str = "Password") -> str:
    """The new password: asked twice without echo at a terminal, else the first line of standard input."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        first = getpass.getpass(f"{prompt} (at least {MIN_PASSWORD} characters): ")
        if len(first) < MIN_PASSWORD:
            raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")
        if getpass.getpass(f"{prompt} again: ") != first:
            raise InvalidInput("the two passwords differ")
        return first
    line = stdin.readline() if stdin is not None else ""
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise InvalidInput("no password: type it at the prompt or give it as the first line of standard input")
    return password


@contextmanager
def _known(name: str) -> Iterator[None]:
    """An unknown user name as a clear refusal (exit 1)."""
    try:
        yield
    except NotFound as exc:
        raise NotFound(f"no user {name!r} (see `kundenakte users list`)") from exc


def cmd_add(args: argparse.Namespace) -> int:
    """Add a user with the password from the prompt or standard input (audited by the service)."""
    from services.commands.users import add_user
    from services.users import SYSTEM

    password = read_password()
    with open_engine(args) as engine:
        info = add_user(engine, SYSTEM, args.name, Role(args.role), password, agent_id=args.agent,
                        contact_id=args.contact, locale=args.locale)
    linked = f", agent {info.agent_id}" if info.agent_id else f", contact {info.contact_id}" if info.contact_id else ""
    print(f"user {info.name!r} added (role {info.role.value}{linked}, language {info.locale})", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Print every user (never a password or its hash)."""
    from dataclasses import asdict

    from kundenakte.cli.output import write_rows
    from services.commands.users import list_users
    from services.users import SYSTEM

    with open_engine(args) as engine:
        users = list_users(engine, SYSTEM)
    write_rows([asdict(u) for u in users], LIST_COLUMNS, args.format)
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    """Stop a user from signing in and end their sessions."""
    from services.commands.users import disable_user
    from services.users import SYSTEM

    with open_engine(args) as engine, _known(args.name):
        disable_user(engine, SYSTEM, args.name)
    print(f"user {args.name!r} disabled: cannot sign in, sessions ended", file=sys.stderr)
    return 0


def cmd_enable(args: argparse.Namespace) -> int:
    """Let a disabled user sign in again."""
    from services.commands.users import enable_user
    from services.users import SYSTEM

    with open_engine(args) as engine, _known(args.name):
        enable_user(engine, SYSTEM, args.name)
    print(f"user {args.name!r} enabled", file=sys.stderr)
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    """Set a user's password from the prompt or standard input; their sessions end."""
    from services.commands.users import change_password
    from services.users import SYSTEM

    password = read_password("New password")
    with open_engine(args) as engine, _known(args.name):
        change_password(engine, SYSTEM, args.name, password)
    print(f"password of {args.name!r} changed; their sessions ended", file=sys.stderr)
    return 0
