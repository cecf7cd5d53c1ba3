"""English of the organisation list (`/organisations`)."""

EN: dict[str, str] = {
    "Name": "Name",
    "Ort": "City",
    "Land": "Country",
    "Kunden-Nr.": "Customer no.",
    "Key Account": "Key account",
    "Umsatz 12 Mon.": "Revenue 12 mo.",
    "Offene Posten": "Open items",
    "1 Organisation": "1 organisation",
    "{n} Organisationen": "{n} organisations",
    "Filter nicht möglich: {why}": "Filter not possible: {why}",
}
