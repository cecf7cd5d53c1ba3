"""Workbooks and German CSVs for controllers, written row by row from service results (xlsxwriter in constant
memory, pandas' to_csv in blocks)."""

from kundenakte.export.controllers import WorkbookSummary, export_controllers, export_sheet_csv
from kundenakte.export.lists import export_list, export_list_csv
from kundenakte.export.organisations import COLUMNS, export_organisations, write_organisation_workbook

__all__ = ["COLUMNS", "WorkbookSummary", "export_controllers", "export_list", "export_list_csv", "export_organisations",
           "export_sheet_csv", "write_organisation_workbook"]
