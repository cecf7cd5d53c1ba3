"""Reusable pieces of the dashboard: grids, KPI tiles, the record head, the timeline, ABC and concentration views."""

from dashboard.components.abc import abc_columns, abc_grid, metric_text, model_options, valid_model
from dashboard.components.abc_explain import explain_hint, explain_panel
from dashboard.components.abc_movements import matrix_table, moved_grid, moved_rows, warnings_table
from dashboard.components.concentration import flagged_table, pareto_figure, trend_figure
from dashboard.components.format import fixed, money, number, percent, record_href, when
from dashboard.components.grid import server_side_grid
from dashboard.components.record import abc_letters, contacts_table, phone_link, record_header
from dashboard.components.tiles import kpi_tile, record_tiles
from dashboard.components.timeline import timeline_items

__all__ = [
    "abc_columns", "abc_grid", "abc_letters", "contacts_table", "explain_hint", "explain_panel", "fixed",
    "flagged_table", "kpi_tile", "matrix_table", "metric_text", "model_options", "money", "moved_grid", "moved_rows",
    "number", "pareto_figure", "percent", "phone_link", "record_header", "record_href", "record_tiles",
    "server_side_grid", "timeline_items", "trend_figure", "valid_model", "warnings_table", "when",
]
