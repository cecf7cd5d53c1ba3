"""English of the frame around every page (dashboard/shell.py) and of the navigation labels."""

EN: dict[str, str] = {
    "Abmelden": "Sign out",
    "Sprache": "Language",
    "Stand": "As of",
    "heute": "today",
    "Historische Zahlen: Alle Werte zeigen den Stand vom {day}.": "Historical figures: every value shows the state "
                                                                   "as of {day}.",
    "Übersicht": "Overview",
    "Organisationen": "Organisations",
    "Kunden": "Customers",
    "Interessenten": "Prospects",
    "Lieferanten": "Suppliers",
    "ABC": "ABC",
    "Konzentration": "Concentration",
    "Bewertungen": "Ratings",
    "Aktivität": "Activity",
    "Posteingang": "Inbox",
    "Prognose": "Forecast",
    "Einstellungen": "Settings",
    "Aufbewahrung": "Retention",
}
