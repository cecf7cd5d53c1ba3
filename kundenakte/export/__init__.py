"""Workbooks for controllers, written row by row from service results (xlsxwriter, constant memory)."""

from kundenakte.export.lists import export_list
from kundenakte.export.organisations import COLUMNS, export_organisations, write_organisation_workbook

__all__ = ["COLUMNS", "export_list", "export_organisations", "write_organisation_workbook"]
