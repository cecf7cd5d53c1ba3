"""`kundenakte abc` and `kundenakte relationships`."""

from __future__ import annotations

import argparse

from kundenakte.cli.common import add_as_of_option, add_db_option, add_format_option


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("abc", help="ABC classification of one relationship as of a date")
    p.add_argument("--aspect", choices=("customer", "prospect", "supplier"), required=True)
    p.add_argument("--model", default=None, metavar="M",
                   help="rating model (customer: invoices|project_hours|revenue_potential; prospect: quotes|"
                   "opportunities|revenue_potential|potential_and_opportunities; supplier: ratings|"
                   "incoming_invoices); default: the configured one")
    add_as_of_option(p)
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_abc)

    p = sub.add_parser("relationships", help="prospect/customer/supplier and account numbers per organisation")
    add_as_of_option(p)
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_relationships)


def cmd_abc(args: argparse.Namespace) -> int:
    raise NotImplementedError("abc")


def cmd_relationships(args: argparse.Namespace) -> int:
    raise NotImplementedError("relationships")
