"""English of texts several pages share (relationships, ABC letters, empty states, buttons)."""

EN: dict[str, str] = {
    "Kunde": "Customer",
    "Kunden": "Customers",
    "Interessent": "Prospect",
    "Interessenten": "Prospects",
    "Lieferant": "Supplier",
    "Lieferanten": "Suppliers",
    "Organisation": "Organisation",
    "Organisationen": "Organisations",
    "ohne Buchstabe": "no letter",
    "ja": "yes",
    "nein": "no",
    "Suche": "Search",
    "Alle": "All",
    "Speichern": "Save",
    "Abbrechen": "Cancel",
    "Excel herunterladen": "Download Excel",
    "Laden …": "Loading …",
    "Keine Einträge": "No entries",
}
