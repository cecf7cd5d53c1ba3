"""`kundenakte abc` and `kundenakte relationships`."""

from __future__ import annotations

import argparse

from core.vocabulary import MODELS, Aspect
from kundenakte.cli.common import add_as_of_option, add_db_option, add_format_option, open_engine


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("abc", help="ABC classification of one relationship as of a date")
    p.add_argument("--aspect", choices=[a.value for a in MODELS], required=True)
    p.add_argument("--model", default=None, metavar="M",
                   help=f"rating model ({'; '.join(f'{a}: ' + '|'.join(m) for a, m in MODELS.items())}); "
                   "default: the configured one")
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
    from kundenakte.cli.output import write_frame
    from services.abc import REPORT_COLUMNS, AbcParams, abc_report, model_of
    from services.users import SYSTEM

    aspect = Aspect(args.aspect)
    model = model_of(aspect, args.model) if args.model else None
    with open_engine(args) as engine:
        report = abc_report(engine, SYSTEM, AbcParams(aspect, model, args.as_of))
    write_frame(report.rows, args.format, REPORT_COLUMNS)
    return 0


def cmd_relationships(args: argparse.Namespace) -> int:
    """Print one row per organisation with its relationships and account numbers at the date."""
    from kundenakte.cli.output import write_frame
    from services.relationships import RELATIONSHIP_COLUMNS, relationship_report
    from services.users import SYSTEM

    with open_engine(args) as engine:
        frame = relationship_report(engine, SYSTEM, args.as_of)
    write_frame(frame, args.format, RELATIONSHIP_COLUMNS)
    return 0
