"""English of the inbox page (`/inbox`)."""

EN: dict[str, str] = {
    "Posteingang": "Inbox",
    "Art": "Kind",
    "Grund": "Reason",
    "Alle": "All",
    "Alle Gründe": "All reasons",
    "E-Mail": "Email",
    "Anruf": "Call",
    "Termin": "Appointment",
    "eingehend": "incoming",
    "ausgehend": "outgoing",
    "Nichts gefunden": "No match",
    "Freemail-Adresse": "Freemail address",
    "Domain mehrdeutig": "Ambiguous domain",
    "Nummer mehrdeutig": "Ambiguous number",
    "Weder ein Ansprechpartner noch eine Organisation kennt diese Adresse oder Nummer. Ordnen Sie sie zu; tragen "
    "Sie neue Ansprechpartner in den Stammdaten nach.":
        "No contact and no organisation knows this address or number. Assign it; add new contacts to the master "
        "data.",
    "Adressen von Freemail-Anbietern (gmail.com, web.de …) werden nie über die Domain zugeordnet. Ordnen Sie die "
    "Person ihrer Organisation zu.":
        "Addresses of freemail providers (gmail.com, web.de …) are never assigned by their domain. Assign the "
        "person to their organisation.",
    "Mehrere Organisationen haben diese Domain. Wählen Sie die richtige aus den Vorschlägen.":
        "Several organisations share this domain. Choose the right one from the suggestions.",
    "Ansprechpartner mehrerer Organisationen haben diese Nummer. Wählen Sie den richtigen aus den Vorschlägen.":
        "Contacts of several organisations have this number. Choose the right one from the suggestions.",
    "Zeitpunkt": "Date and time",
    "Richtung": "Direction",
    "Adresse oder Nummer": "Address or number",
    "Betreff": "Subject",
    "(ohne Betreff)": "(no subject)",
    "Nichts wartet auf eine Zuordnung.": "Nothing is waiting to be assigned.",
    "{n} warten auf eine Zuordnung": "{n} waiting to be assigned",
    "die neuesten {n} gezeigt": "the newest {n} shown",
    "Nichts wartet bei diesem Filter. Wählen Sie „Alle“, um alles zu sehen.":
        "Nothing is waiting with this filter. Choose “All” to see everything.",
    "Alles zugeordnet: Nichts wartet im Posteingang.": "All assigned: nothing is waiting in the inbox.",
    "Wählen Sie links einen Eintrag, um ihn einer Organisation oder einem Ansprechpartner zuzuordnen.":
        "Choose an entry on the left to assign it to an organisation or a contact.",
    "Wählen Sie links einen Eintrag, um die Einzelheiten zu sehen. Zum Zuordnen fehlt Ihnen das Recht, Aktivitäten "
    "zu bearbeiten.":
        "Choose an entry on the left to see its details. To assign it you need the right to edit activities.",
    "Zuordnen zu": "Assign to",
    "Zuordnen": "Assign",
    "Organisation oder Ansprechpartner suchen …": "Search an organisation or a contact …",
    "Organisation: {name}": "Organisation: {name}",
    "Ansprechpartner: {name} ({organisation})": "Contact: {name} ({organisation})",
    "Zugeordnet: {target}.": "Assigned: {target}.",
    "Künftige Nachrichten und Anrufe von {address} landen automatisch dort.":
        "Future mails and calls from {address} will land there by themselves.",
    "Zur Kundenakte": "Open the record",
    "Nicht zugeordnet: Der Eintrag wartet nicht mehr im Posteingang oder das Ziel ist nicht sichtbar. Die Liste "
    "ist neu geladen.":
        "Not assigned: the entry is no longer waiting in the inbox, or the target is not visible. The list has been "
        "reloaded.",
    "Nicht zugeordnet: Wählen Sie ein Ziel aus der Liste.": "Not assigned: choose a target from the list.",
    "Suchen": "Search",
    "Suche leeren": "Clear the search",
    "Auswahl leeren": "Clear the choice",
    "Nichts gefunden: mindestens zwei Buchstaben des Namens eingeben": "Nothing found: type at least two letters "
                                                                       "of the name",
}
