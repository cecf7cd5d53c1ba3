"""`kundenakte concentration` and `kundenakte activity`."""

from __future__ import annotations

import argparse

from core.vocabulary import ACCOUNT_ASPECTS, ActivityGrouping, Aspect, Grouping, Period
from kundenakte.cli.common import add_as_of_option, add_db_option, add_format_option, open_engine, parse_date

CONCENTRATION_EPILOG = """\
--format json (default) prints one object: n, total, hhi, band, gini, top_shares ("1", "5", "10", "20"),
flagged [{organisation_id, metric, share}], plus aspect, by, as_of, window, pareto ([x, y] points, highest
first, thinned evenly to at most pareto_max_points when there are more organisations: pareto_thinned), and
trend (the same figures at the last eight quarter ends). --format csv prints the flagged organisations
(organisation_id, metric, share); --format table prints the headline figures, then the flagged ones.
"""

#: the groupings `activity --by` offers (not by contact)
ACTIVITY_GROUPINGS = (ActivityGrouping.AGENT, ActivityGrouping.ORGANISATION, ActivityGrouping.KIND)

ACTIVITY_EPILOG = """\
One row per group and period: period (week 2026-W05 ISO, month 2026-01, quarter 2026-Q1), agent_id /
organisation_id / kind, activities (count), minutes (sum of duration_minutes) and hours (logged time entries
of that agent or organisation in the period). By organisation an activity counts at every organisation it
landed at, and a time entry without organisation at its project's or ticket's. By kind, hours stay empty:
time entries have no kind. --from and --until are inclusive.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("concentration", help="concentration risk: Pareto, top shares, Gini, HHI, flagged",
                       epilog=CONCENTRATION_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--aspect", choices=[a.value for a in ACCOUNT_ASPECTS], required=True)
    add_as_of_option(p)
    p.add_argument("--window", type=int, default=None, metavar="DAYS", help="window in days (default 365)")
    p.add_argument("--by", choices=[g.value for g in Grouping], default=Grouping.ORGANISATION.value)
    add_format_option(p, default="json")
    add_db_option(p)
    p.set_defaults(handler=cmd_concentration)

    p = sub.add_parser("activity", help="activity analysis per agent, organisation or kind and period",
                       epilog=ACTIVITY_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--by", choices=[g.value for g in ACTIVITY_GROUPINGS], default=ActivityGrouping.AGENT.value)
    p.add_argument("--period", choices=[period.value for period in Period], default=Period.MONTH.value)
    p.add_argument("--from", dest="date_from", type=parse_date, default=None, metavar="D")
    p.add_argument("--until", dest="date_until", type=parse_date, default=None, metavar="D")
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_activity)


def cmd_concentration(args: argparse.Namespace) -> int:
    """Print the concentration report (json object, flagged rows as csv, or a table)."""
    from kundenakte.cli.document import write_document
    from kundenakte.cli.output import write_rows
    from services.concentration import concentration, flagged_rows, report_document
    from services.users import SYSTEM

    with open_engine(args) as engine:
        rep = concentration(engine, SYSTEM, Aspect(args.aspect), args.as_of, args.window, Grouping(args.by))
    if args.format == "csv":
        write_rows(flagged_rows(rep), ["organisation_id", "metric", "share"], "csv")
    elif args.format == "table":
        doc = report_document(rep)
        write_document({k: doc[k] for k in ("aspect", "by", "as_of", "window", "n", "total", "hhi", "band",
                                            "gini", "top_shares")}, "table")
        write_rows(flagged_rows(rep), ["organisation_id", "metric", "share"], "table")
    else:
        write_document(report_document(rep), "json")
    return 0


def cmd_activity(args: argparse.Namespace) -> int:
    """Print the activity analysis, one row per group and period."""
    from kundenakte.cli.output import write_frame
    from services.activity import activity
    from services.users import SYSTEM

    with open_engine(args) as engine:
        rep = activity(engine, SYSTEM, ActivityGrouping(args.by), Period(args.period), args.date_from,
                       args.date_until)
    write_frame(rep.frame, args.format, rep.columns)
    return 0
