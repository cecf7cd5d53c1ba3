"""AG Grid's own texts (`localeText`) in the user's language: German here, English is the grid's default."""

from __future__ import annotations

from dashboard.i18n import Language, language

#: the grid chrome a user meets: empty and loading overlays, filter menus, column menu, paging, aria labels
GERMAN: dict[str, str] = {
    "noRowsToShow": "Keine Zeilen vorhanden",
    "loadingOoo": "Laden …",
    "loadingError": "Fehler beim Laden",
    "page": "Seite", "more": "mehr", "to": "bis", "of": "von", "next": "Nächste", "last": "Letzte",
    "pageSizeSelectorLabel": "Zeilen je Seite:", "pageLastRowUnknown": "?",
    "first": "Erste", "previous": "Vorherige",
    "selectAll": "Alle auswählen", "searchOoo": "Suchen …", "blanks": "(Leer)", "noMatches": "Keine Treffer",
    "filterOoo": "Filtern …", "equals": "ist gleich", "notEqual": "ist ungleich", "blank": "leer",
    "notBlank": "nicht leer", "empty": "Bitte wählen …", "lessThan": "kleiner als", "greaterThan": "größer als",
    "lessThanOrEqual": "kleiner oder gleich", "greaterThanOrEqual": "größer oder gleich",
    "inRange": "zwischen", "inRangeStart": "von", "inRangeEnd": "bis", "contains": "enthält",
    "notContains": "enthält nicht", "startsWith": "beginnt mit", "endsWith": "endet mit",
    "dateFormatOoo": "tt.mm.jjjj", "before": "vor", "after": "nach",
    "andCondition": "UND", "orCondition": "ODER",
    "applyFilter": "Anwenden", "resetFilter": "Zurücksetzen", "clearFilter": "Leeren", "cancelFilter": "Abbrechen",
    "columns": "Spalten", "filters": "Filter", "pinColumn": "Spalte anheften", "pinLeft": "Links anheften",
    "pinRight": "Rechts anheften", "noPin": "Nicht anheften", "autosizeThisColumn": "Diese Spalte anpassen",
    "autosizeAllColumns": "Alle Spalten anpassen", "resetColumns": "Spalten zurücksetzen",
    "sortAscending": "Aufsteigend sortieren", "sortDescending": "Absteigend sortieren",
    "sortUnSort": "Sortierung aufheben",
    "columnFilter": "Spaltenfilter", "columnChooser": "Spalten wählen", "chooseColumns": "Spalten wählen",
    "copy": "Kopieren", "ctrlC": "Strg+C", "paste": "Einfügen", "ctrlV": "Strg+V",
    "export": "Exportieren", "csvExport": "CSV-Export", "excelExport": "Excel-Export",
    "true": "ja", "false": "nein",
    "ariaFilterInput": "Filtereingabe", "ariaFilterValue": "Filterwert", "ariaSearch": "Suchen",
    "ariaSortableColumn": "Zum Sortieren Enter drücken", "ariaMenuColumn": "Für das Spaltenmenü Alt+Pfeil runter",
    "ariaFilterColumn": "Zum Filtern Strg+Enter drücken", "ariaColumnFiltered": "Spalte gefiltert",
    "ariaRowSelect": "Leertaste zum Auswählen", "ariaLabelColumnMenu": "Spaltenmenü",
    "ariaLabelFilterPanel": "Filter",
}


def grid_locale_text() -> dict[str, str]:
    """The `localeText` of a grid shown to the signed-in user (empty: AG Grid's English)."""
    return dict(GERMAN) if language() is Language.DE else {}


__all__ = ["GERMAN", "grid_locale_text"]
