"""`kundenakte abc` and `kundenakte relationships`."""

from __future__ import annotations

import argparse

from kundenakte.cli.common import add_as_of_option, add_db_option, add_format_option, open_engine, write_rows
from kundenakte.services.abc import REPORT_COLUMNS, AbcParams, abc_report
from kundenakte.services.relationships import RELATIONSHIP_COLUMNS, relationship_report
from kundenakte.services.users import SYSTEM


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
    """Print the classification of one relationship: organisation_id, name, class, metric, rank, n."""
    engine = open_engine(args)
    try:
        report = abc_report(engine, SYSTEM, AbcParams(args.aspect, args.model, args.as_of))
    finally:
        engine.dispose()
    write_rows(report.records(), REPORT_COLUMNS, args.format)
    return 0


def cmd_relationships(args: argparse.Namespace) -> int:
    """Print one row per organisation with its relationships and account numbers at the date."""
    engine = open_engine(args)
    try:
        frame = relationship_report(engine, SYSTEM, args.as_of)
    finally:
        engine.dispose()
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    write_rows(rows, RELATIONSHIP_COLUMNS, args.format)
    return 0
