"""The small demo: a realistic German mid-size company (~600 organisations) as interchange CSV files."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from kundenakte.demo.activity import build_activities
from kundenakte.demo.billing import build_invoices, build_purchasing
from kundenakte.demo.context import Ctx
from kundenakte.demo.master import build_agents, build_contacts, build_organisations
from kundenakte.demo.sales import build_sales
from kundenakte.demo.tables import COLUMNS, write_table
from kundenakte.demo.work import (
    build_documents,
    build_projects,
    build_supplier_ratings,
    build_tickets,
    build_time_entries,
)


def build_small(seed: int, today: date, n_orgs: int = 600) -> Ctx:
    """Every table of the small demo in memory (rows as dicts), reproducible for (seed, today)."""
    ctx = Ctx(rng=random.Random(seed), today=today)
    build_agents(ctx)
    build_organisations(ctx, n_orgs)
    build_contacts(ctx)
    build_projects(ctx)
    build_invoices(ctx)
    build_purchasing(ctx)
    build_sales(ctx)
    build_tickets(ctx)
    build_time_entries(ctx)
    build_activities(ctx)
    build_documents(ctx)
    build_supplier_ratings(ctx)
    return ctx


def write_small(ctx: Ctx, folder: Path) -> dict[str, int]:
    """Write every table as `<table>.csv` into folder; returns rows per table."""
    folder.mkdir(parents=True, exist_ok=True)
    return {table: write_table(folder, table, ctx.tables.get(table, [])) for table in COLUMNS}
