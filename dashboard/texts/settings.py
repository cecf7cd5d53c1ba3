"""English of the settings page (`/settings`): tabs, forms, the users' table, and why a save was refused."""

EN: dict[str, str] = {
    # tabs and introductions
    "ABC-Modelle": "ABC models",
    "Bewertungsgewichte": "Rating weights",
    "Wahrscheinlichkeiten": "Probabilities",
    "Aufbewahrungsfrist": "Retention period",
    "Berechtigungen": "Permissions",
    "Benutzer": "Users",
    "Diese Seite ist der Administration vorbehalten.": "This page is for administrators only.",
    "Welches Modell jede Beziehung einstuft, wie viele Tage jedes Modell zurückblickt und welcher Anteil der "
    "Rangliste A, B und C wird. Die Klassen folgen sofort.": "Which model ranks each relationship, how many days "
    "each model looks back and which share of the ranking becomes A, B and C. The classes follow at once.",
    "Wie stark Termintreue, Qualität und Kosten in die Bewertung eines Lieferanten eingehen.":
        "How much punctuality, quality and cost count in a supplier's rating.",
    "Die Standard-Wahrscheinlichkeit jedes Status einer Verkaufschance.":
        "The default probability of each status of a sales opportunity.",
    "Was jede Rolle je Informationsbereich darf, und welche Organisationen sie sieht.":
        "What each role may do per information area, and which organisations it sees.",
    "Nach wie vielen Monaten ohne Spur ein Kontakt zur Löschung fällig ist (DSGVO).":
        "After how many months without a trace a contact is due for deletion (GDPR).",
    "Aufbewahrungsfrist (Monate)": "Retention period (months)",
    "Zur Liste der fälligen Kontakte": "To the list of contacts due",
    # ABC form
    "Modell je Beziehung": "Model per relationship",
    "Zeitfenster der Modelle": "Windows of the models",
    "Klassenanteile (A + B + C = 100 %)": "Class shares (A + B + C = 100 %)",
    "Tage bis zum Stichtag": "days up to the as-of date",
    "Klasse {letter}": "Class {letter}",
    "Ausgangsrechnungen (Nettoumsatz)": "Outgoing invoices (net revenue)",
    "Gebuchte Projektstunden": "Project hours logged",
    "Gepflegtes Umsatzpotenzial": "Revenue potential as entered",
    "Angebotssumme im Zeitfenster": "Quotes in the window",
    "Verkaufschancen (Zielwert × Wahrscheinlichkeit)": "Opportunities (target value × probability)",
    "Umsatzpotenzial plus Verkaufschancen": "Revenue potential plus opportunities",
    "Lieferantenbewertungen (gewichtet)": "Supplier ratings (weighted)",
    "Eingangsrechnungen (Einkaufsvolumen)": "Incoming invoices (purchase volume)",
    # weights form
    "Gewichte im Modell Lieferantenbewertungen": "Weights in the supplier ratings model",
    "Termintreue": "Punctuality",
    "Qualität": "Quality",
    "Kosten": "Cost",
    "Die Kennzahl eines Lieferanten ist der gewichtete Mittelwert seiner Durchschnitte für Termintreue, Qualität "
    "und Kosten im Zeitfenster.": "A supplier's metric is the weighted mean of its averages for punctuality, "
    "quality and cost in the window.",
    # probabilities form
    "Status": "Status",
    "Ausgang": "Outcome",
    "Wahrscheinlichkeit (%)": "Probability (%)",
    "offen": "open",
    "gewonnen": "won",
    "abgelehnt": "rejected",
    "Keine Status für Verkaufschancen vorhanden: sie kommen mit dem Import.":
        "No opportunity statuses yet: they come with the import.",
    "Gilt für jeden Statuswechsel ohne eigene Wahrscheinlichkeit; das Modell Verkaufschancen rechnet mit Zielwert "
    "× Wahrscheinlichkeit.": "Applies to every status change without a probability of its own; the opportunities "
    "model computes target value × probability.",
    # permissions form
    "Rolle": "Role",
    "Organisationen": "Organisations",
    "Administration": "Administration",
    "Geschäftsleitung": "Management",
    "Vertrieb": "Sales",
    "Service": "Service",
    "Buchhaltung": "Accounting",
    "Einkauf": "Purchasing",
    "Extern (Kontakt)": "External (contact)",
    "Stammdaten": "Master data",
    "Vertriebspipeline": "Sales pipeline",
    "Faktura": "Billing",
    "Einkaufsdaten": "Purchasing data",
    "Service-Tickets": "Service tickets",
    "Projekte": "Projects",
    "Aktivitäten": "Activities",
    "Dokumente": "Documents",
    "Analysen": "Analytics",
    "Verwaltung": "Administration area",
    "kein Zugriff": "no access",
    "lesen": "read",
    "bearbeiten": "edit",
    "alle Organisationen": "all organisations",
    "eigene Kunden": "own accounts",
    "nur die eigene": "its own only",
    "Änderungen gelten ab der nächsten Anfrage. Die Administration behält das Recht, die Verwaltung zu "
    "bearbeiten.": "Changes hold from the next request on. Administrators keep the right to edit the "
    "administration area.",
    # users
    "Name": "Name",
    "Verknüpft mit": "Linked to",
    "Zustand": "State",
    "Zuletzt angemeldet": "Last signed in",
    "aktiv": "active",
    "gesperrt": "disabled",
    "Sperren": "Disable",
    "Entsperren": "Enable",
    "Mitarbeiter {name}": "Agent {name}",
    "Kontakt {id}": "Contact {id}",
    "Noch keine Benutzer: unten den ersten anlegen.": "No users yet: add the first one below.",
    "Neuen Benutzer anlegen": "Add a user",
    "Benutzername": "User name",
    "Mitarbeiter (interne Rollen)": "Agent (internal roles)",
    "Kontakt-Nr. (nur extern)": "Contact id (external only)",
    "Passwort (mindestens 12 Zeichen)": "Password (at least 12 characters)",
    "Benutzer anlegen": "Add user",
    "Benutzer {name} angelegt.": "User {name} added.",
    # what a save says
    "Nichts geändert: die Werte waren schon gespeichert.": "Nothing changed: the values were stored already.",
    "Gespeichert: {n} Wert(e) geändert.": "Saved: {n} value(s) changed.",
    "Nicht gespeichert:": "Not saved:",
    "Die ABC-Klassen werden ab sofort mit diesen Werten berechnet.":
        "The ABC classes are computed with these values from now on.",
    "Die Lieferanten werden ab sofort mit diesen Gewichten eingestuft.":
        "Suppliers are ranked with these weights from now on.",
    "Die Werte der Verkaufschancen und die Klassen der Interessenten folgen sofort.":
        "The opportunities' values and the prospects' classes follow at once.",
    "Die Liste der fälligen Kontakte folgt der neuen Frist.": "The list of contacts due follows the new period.",
    "Die Rechte gelten ab der nächsten Anfrage jedes Benutzers.": "The rights hold from each user's next request on.",
    "{field}: bitte eine Zahl eingeben": "{field}: please enter a number",
    "{field}: bitte eine ganze Zahl eingeben": "{field}: please enter a whole number",
    "Zeitfenster {field}: mindestens 1 Tag": "Window of {field}: at least 1 day",
    "Zeitfenster {field}: höchstens {max} Tage": "Window of {field}: at most {max} days",
    "{field}: kein Modell dieser Beziehung": "{field}: not a model of this relationship",
    "Anteil der Klasse {field}: 0 bis 100 %": "Share of class {field}: 0 to 100 %",
    "Die Klasse A braucht einen Anteil über 0 %": "Class A needs a share above 0 %",
    "Die Anteile von A, B und C ergeben {total} % statt 100 %": "The shares of A, B and C add up to {total} %, "
                                                                 "not 100 %",
    "Gewicht {field}: 0 bis {max}": "Weight of {field}: 0 to {max}",
    "Die Gewichte ergeben zusammen 0: mindestens eines muss über 0 liegen":
        "The weights add up to 0: at least one must be above 0",
    "Status {field} gibt es nicht": "There is no status {field}",
    "Wahrscheinlichkeit von {field}: 0 bis 100 %": "Probability of {field}: 0 to 100 %",
    "Aufbewahrungsfrist: {min} bis {max} Monate": "Retention period: {min} to {max} months",
    "{field}: kein Feld der Berechtigungen": "{field}: not a field of the permissions",
    "Die Administration behält das Recht, die Verwaltung zu bearbeiten (sonst könnte es niemand zurückgeben)":
        "Administrators keep the right to edit the administration area (else nobody could give it back)",
    "Die Rolle {field} hat einen festen Bereich": "The role {field} has a fixed scope",
    "Benutzer {field} gibt es nicht": "There is no user {field}",
    "Das eigene Konto lässt sich nicht sperren und seine Rolle nicht ändern":
        "Your own account cannot be disabled and its role not changed",
    "Der letzte aktive Administrator bleibt Administrator": "The last active administrator stays an administrator",
    "Externe Benutzer gehören zu einem Kontakt, interne zu einem Mitarbeiter":
        "External users belong to a contact, internal ones to an agent",
    "Ein Benutzername hat 1 bis 100 Zeichen": "A user name has 1 to 100 characters",
    "Ein Passwort hat {min} bis {max} Zeichen": "A password has {min} to {max} characters",
    "Den Benutzer {field} gibt es schon": "The user {field} exists already",
    "Mitarbeiter {field} gibt es nicht": "There is no agent {field}",
    "Kontakt {field} gibt es nicht": "There is no contact {field}",
}
