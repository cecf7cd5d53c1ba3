"""English of the retention page (`/retention`): the contacts due, why, and the erasure."""

EN: dict[str, str] = {
    "Zur Löschung fällige Kontakte": "Contacts due for deletion",
    "Fällig ist ein Kontakt, dessen letzte Spur (Anlage, Aktivität, Ticket, Angebot, Dokument, Zeitbuchung) vor "
    "dem Stichtag liegt oder der keine Spur hat; ein offenes Ticket schützt ihn. Anonymisieren entfernt Namen, "
    "Adressen und Nummern und behält die Geschäftsbelege.": "A contact is due when its last trace (creation, "
    "activity, ticket, quote, document, time entry) lies before the cut-off date or it has no trace; an open "
    "ticket protects it. Anonymising removes names, addresses and numbers and keeps the business records.",
    "Kontakt": "Contact",
    "Letzte Spur": "Last trace",
    "Grund": "Reason",
    "Kontakt-Nr.": "Contact id",
    "keine Spur vorhanden": "no trace at all",
    "letzte Spur vor dem Stichtag {cutoff}": "last trace before the cut-off date {cutoff}",
    "{n} Kontakt(e) fällig · Aufbewahrungsfrist {months} Monate · letzte Spur vor {cutoff} · Stand {day}":
        "{n} contact(s) due · retention period {months} months · last trace before {cutoff} · as of {day}",
    "die ersten {n} gezeigt": "the first {n} shown",
    "Niemand ist zur Löschung fällig.": "Nobody is due for deletion.",
    "Niemand ist zur Löschung fällig: jeder Kontakt hat eine Spur nach dem {cutoff} oder ein offenes Ticket.":
        "Nobody is due for deletion: every contact has a trace after {cutoff} or an open ticket.",
    "Grund für das Audit-Log": "Reason for the audit log",
    "Aufbewahrungsfrist abgelaufen": "Retention period expired",
    "Ausgewählte anonymisieren": "Anonymise selected",
    "{n} ausgewählte anonymisieren": "Anonymise {n} selected",
    "{n} Kontakt(e) unwiderruflich anonymisieren? Namen, Adressen und Nummern werden entfernt; Rechnungen und "
    "andere Belege bleiben.": "Anonymise {n} contact(s) for good? Names, addresses and numbers are removed; "
    "invoices and other records stay.",
    "{n} Kontakt(e) anonymisiert. Rechnungen, Angebote, Tickets und Dokumente bleiben erhalten; jede Löschung "
    "steht im Audit-Log.": "{n} contact(s) anonymised. Invoices, quotes, tickets and documents are kept; each "
    "erasure is in the audit log.",
    "Nichts gelöscht: {n} der gewählten Kontakte sind nicht (mehr) fällig.":
        "Nothing erased: {n} of the chosen contacts are not (or no longer) due.",
    "Nichts gelöscht: bitte einen Grund (bis 500 Zeichen) angeben.":
        "Nothing erased: please give a reason (up to 500 characters).",
}
