"""Reusable pieces of the dashboard: the server-side grid, KPI tiles, the record head, the timeline, formats."""

from dashboard.components.format import money, number, percent, when
from dashboard.components.grid import server_side_grid
from dashboard.components.record import contacts_table, record_header
from dashboard.components.tiles import kpi_tile, record_tiles
from dashboard.components.timeline import timeline_items

__all__ = [
    "contacts_table", "kpi_tile", "money", "number", "percent", "record_header", "record_tiles",
    "server_side_grid", "timeline_items", "when",
]
