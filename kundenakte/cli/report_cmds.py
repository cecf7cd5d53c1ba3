"""`kundenakte concentration` and `kundenakte activity`."""

from __future__ import annotations

import argparse

from kundenakte.cli.common import add_as_of_option, add_db_option, add_format_option, parse_date


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("concentration", help="concentration risk: Pareto, top shares, Gini, HHI, flagged")
    p.add_argument("--aspect", choices=("customer", "supplier"), required=True)
    add_as_of_option(p)
    p.add_argument("--window", type=int, default=None, metavar="DAYS", help="window in days (default 365)")
    p.add_argument("--by", choices=("organisation", "group"), default="organisation")
    add_format_option(p, default="json")
    add_db_option(p)
    p.set_defaults(handler=cmd_concentration)

    p = sub.add_parser("activity", help="activity analysis per agent, organisation or kind and period")
    p.add_argument("--by", choices=("agent", "organisation", "kind"), default="agent")
    p.add_argument("--period", choices=("week", "month", "quarter"), default="month")
    p.add_argument("--from", dest="date_from", type=parse_date, default=None, metavar="D")
    p.add_argument("--until", dest="date_until", type=parse_date, default=None, metavar="D")
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_activity)


def cmd_concentration(args: argparse.Namespace) -> int:
    raise NotImplementedError("concentration")


def cmd_activity(args: argparse.Namespace) -> int:
    raise NotImplementedError("activity")
