"""English of the supplier ratings page (dashboard/pages/ratings.py, its components and callbacks)."""

EN: dict[str, str] = {
    "Lieferantenbewertungen": "Supplier ratings",
    "Bewertung: gewichteter Mittelwert aus Termintreue, Qualität und Kosten (Gewichte {t} : {q} : {c}) über die "
    "Bewertungen der letzten {days} Tage; 1 = schlecht, 5 = sehr gut.":
        "Score: weighted mean of punctuality, quality and cost (weights {t} : {q} : {c}) over the ratings of the "
        "last {days} days; 1 = poor, 5 = excellent.",
    "{arrow} von {before} auf {after} ({change}) seit der vorigen Bewertung":
        "{arrow} from {before} to {after} ({change}) since the previous rating",
    "1 Lieferant": "1 supplier",
    "{n} Lieferanten": "{n} suppliers",
    "→ unverändert bei {score}": "→ unchanged at {score}",
    "Wählen Sie einen Lieferanten in der Liste oder im Formular: hier erscheinen sein Verlauf und seine "
    "Bewertungen.": "Choose a supplier in the list or in the form: its course and its ratings appear here.",
    "Termintreue": "Punctuality",
    "Qualität": "Quality",
    "Kosten": "Cost",
    "Lieferant": "Supplier",
    "ABC": "ABC",
    "Bewertung": "Rating",
    "Trend": "Trend",
    "Anzahl": "Count",
    "Zuletzt bewertet": "Last rated",
    "Noch kein Vergleich: nur eine Bewertung.": "No comparison yet: only one rating.",
    "Noch nicht bewertet.": "Not rated yet.",
    "Noch keine Bewertung. Erfassen Sie die erste mit dem Formular.": "No rating yet. Enter the first with the form.",
    "Lieferanten-ABC mit dem eingestellten Modell": "Supplier ABC with the configured model",
    "Gewichteter Mittelwert im Zeitfenster": "Weighted mean in the window",
    "Veränderung seit der vorigen Bewertung": "Change since the previous rating",
    "Bewertungen im Zeitfenster": "Ratings in the window",
    "Keine Bewertung bis zum Stichtag": "No rating up to the as-of date",
    "Neue Bewertung": "New rating",
    "Datum": "Date",
    "1 = schlecht, 5 = sehr gut": "1 = poor, 5 = excellent",
    "Notiz": "Note",
    "Bewertung speichern": "Save rating",
    "Ihre Rolle darf Bewertungen lesen, aber nicht erfassen; das macht der Einkauf.":
        "Your role may read ratings but not enter them; purchasing does that.",
    "Lieferant suchen …": "Search supplier …",
    "Von": "By",
    "Im Zeitfenster": "In the window",
    "{n} Bewertungen": "{n} ratings",
    "1 Bewertung": "1 rating",
    "Die Bewertung wurde nicht gespeichert: {reason}": "The rating was not saved: {reason}",
    "Das Datum darf nicht in der Zukunft liegen.": "The date may not lie in the future.",
    "Die Notiz ist zu lang (höchstens {n} Zeichen).": "The note is too long (at most {n} characters).",
    "Diese Organisation ist kein Lieferant.": "This organisation is no supplier.",
    "{criterion}: bitte einen Wert von 1 bis 5 wählen.": "{criterion}: please choose a value from 1 to 5.",
    "Gespeichert: Bewertung vom {day}. {moved}": "Saved: rating of {day}. {moved}",
    "Sortierung oder Filter nicht möglich": "Sort or filter not possible",
    "Bitte einen Lieferanten wählen.": "Please choose a supplier.",
    "Bitte ein Datum wählen.": "Please choose a date.",
    "Diesen Lieferanten gibt es nicht oder Sie dürfen ihn nicht sehen.":
        "This supplier does not exist or you may not see it.",
    "Die Bewertungen brauchen Leserechte für den Einkauf; Ihre Rolle hat sie nicht. Die Administration kann sie "
    "vergeben.": "The ratings need read access to purchasing; your role does not have it. The administration can "
                 "grant it.",
}
