"""English of the sales forecast page (`/forecast`)."""

EN: dict[str, str] = {
    "Prognose": "Forecast",
    "Umsatzprognose": "Sales forecast",
    "Für": "For",
    "Alle Teams und Mitarbeiter": "All teams and staff",
    "Team {team}": "Team {team}",
    "Pipeline nach erwartetem Abschlussmonat und fakturierter Umsatz":
        "Pipeline by expected closing month and invoiced revenue",
    "Je Monat": "Per month",
    "Monat": "Month",
    "Euro (netto)": "Euro (net)",
    "Umsatz fakturiert": "Revenue invoiced",
    "Pipeline gewichtet": "Weighted pipeline",
    "Umsatz im Monatsmittel": "Mean monthly revenue",
    "Verkaufschancen": "Opportunities",
    "{n} offene Verkaufschancen": "{n} open opportunities",
    "letzte {n} volle Monate": "last {n} full months",
    "Umsatz laufender Monat": "Revenue this month",
    "bis {day}": "up to {day}",
    "(bis {day})": "(up to {day})",
    "Gewichtet: Zielwert × Wahrscheinlichkeit des Status am {day}; erwarteter Abschluss {days} Tage nach Anlage, "
    "ältere Chancen im laufenden Monat.":
        "Weighted: target value × probability of the status on {day}; expected to close {days} days after it was "
        "created, older opportunities in the current month.",
    "Ohne Berechtigung für Rechnungen: Nur die Pipeline wird gezeigt.":
        "No permission for invoices: only the pipeline is shown.",
    "Ohne Berechtigung für die Pipeline: Nur der fakturierte Umsatz wird gezeigt.":
        "No permission for the pipeline: only the invoiced revenue is shown.",
    "Keine Zahlen für diese Auswahl: weder offene Verkaufschancen noch Rechnungen. Wählen Sie „Alle Teams und "
    "Mitarbeiter“ oder einen anderen Stand, oder legen Sie Verkaufschancen an.":
        "No figures for this choice: neither open opportunities nor invoices. Choose “All teams and staff” or "
        "another date, or add opportunities.",
    "Keine Berechtigung: Die Prognose braucht Leserechte für die Pipeline oder die Rechnungen.":
        "No permission: the forecast needs read access to the pipeline or the invoices.",
    "Kein Team und kein Mitarbeiter dieses Namens": "No team and no one of that name",
}
