"""English of the ABC page (dashboard/pages/abc.py, its callbacks and components abc, abc_explain, abc_movements)."""

EN: dict[str, str] = {
    "ABC-Klassen": "ABC classes",
    "Ihre Rolle darf die Kennzahlen keiner Beziehung lesen (Verkauf, Abrechnung oder Einkauf); die Administration "
    "kann sie freigeben.": "Your role may read the figures of no relationship (sales, billing or purchasing); an "
                           "administrator can grant them.",
    "DD.MM.YYYY": "DD/MM/YYYY",
    "Modell wie konfiguriert": "Model as configured",
    "vorher": "before",
    "nachher": "after",
    "Übergänge": "Transitions",
    "Wer hat sich bewegt": "Who moved",
    "ohne Klasse: {n}": "no class: {n}",
    "Modell {model}": "Model {model}",
    "Stand {day}": "As of {day}",
    "„vorher“ ({before}) liegt nach „nachher“ ({after}): bitte für „vorher“ ein früheres Datum wählen als für "
    "„nachher“.": "“before” ({before}) lies after “after” ({after}): please choose an earlier date for “before” "
                  "than for “after”.",
    "Diese Auswahl lässt sich nicht vergleichen.": "This selection cannot be compared.",
    # models, tabs, units
    "Rechnungen (Umsatz)": "Invoices (revenue)",
    "Projektstunden": "Project hours",
    "Umsatzpotenzial": "Revenue potential",
    "Angebote": "Quotes",
    "Potenzial + Chancen": "Potential + opportunities",
    "Eingangsrechnungen": "Incoming invoices",
    "Klassen": "Classes",
    "Bewegungen": "Movements",
    "Warnungen": "Warnings",
    "Kennzahl (€)": "Metric (€)",
    "Stunden": "Hours",
    "Bewertung (1–5)": "Rating (1–5)",
    "Rang": "Rank",
    "Klasse": "Class",
    # the explain panel
    "Begründung": "Explanation",
    "Zeile anklicken: Kennzahl, Rang, Schwellen und die Belege dahinter.":
        "Click a row: metric, rank, thresholds and the documents behind them.",
    "Rang {rank} von {n} eingestuften Organisationen; gleiche Kennzahlen teilen sich den besten Rang.":
        "Rank {rank} of {n} classified organisations; equal metrics share the best rank.",
    "Hält die Beziehung am Stichtag nicht und wird daher nicht eingestuft.":
        "Does not hold the relationship at the as-of date and is therefore not classified.",
    "Keine Bewegung im Zeitraum: die Beziehung bleibt, eine Klasse gibt es nicht.":
        "No movement in the period: the relationship stays, there is no class.",
    "{name}: Klasse {letter}": "{name}: class {letter}",
    "{name}: keine Klasse": "{name}: no class",
    "ohne Zeitfenster": "no time window",
    "Belege ({n})": "Documents ({n})",
    "Modell": "Model",
    "Stichtag": "As-of date",
    "Kennzahl": "Metric",
    "{rank} von {n}": "{rank} of {n}",
    "A ab": "A from",
    "B ab": "B from",
    "Eingangsrechnung": "Incoming invoice",
    "Zeiteintrag": "Time entry",
    "Bewertung": "Rating",
    "Verkaufschance": "Opportunity",
    "Beleg": "Document",
    "Datum": "Date",
    "Wert": "Value",
    # movements and warnings
    "aufgestiegen {up} · abgestiegen {down} · neu {new} · verloren {lost}":
        "up {up} · down {down} · new {new} · lost {lost}",
    "neu": "new",
    "verloren": "lost",
    "Bewegung": "Movement",
    "Wert vorher": "Value before",
    "Wert nachher": "Value after",
    "Keine Warnungen.": "No warnings.",
    "Warnungen: {aspect}": "Warnings: {aspect}",
    "Umsatz fällt um {slope} je Quartal (p = {p}); letztes Quartal {last}":
        "Revenue falls by {slope} per quarter (p = {p}); last quarter {last}",
    "{share} des Kundenumsatzes": "{share} of customer revenue",
    "{share} des Einkaufsvolumens": "{share} of the purchasing volume",
    "Umsatzpotenzial {value} lange nicht aktualisiert": "Revenue potential {value} not updated for a long time",
    "Keine Warnungen für Interessenten: kein Umsatzpotenzial ist veraltet.":
        "No warnings for prospects: no revenue potential is out of date.",
    "Keine Warnungen für Lieferanten: kein Lieferant hält einen zu hohen Anteil am Einkauf.":
        "No warnings for suppliers: no supplier holds too large a share of purchases.",
    "Keine Warnungen für Kunden: kein A-Kunde mit fallendem Umsatz, keiner mit zu hohem Anteil.":
        "No warnings for customers: no A-customer with falling revenue, none with too large a share.",
    "Potenzial veraltet": "Potential out of date",
    "Umsatz fällt": "Revenue falling",
    "Hoher Anteil": "High share",
    "Warnung": "Warning",
    "Befund": "Finding",
    "Niemand hält diese Beziehung am Stichtag – einen anderen Stichtag oder eine andere Beziehung wählen.":
        "Nobody holds this relationship at the as-of date – choose another date or relationship.",
    "Niemand hat die Klasse gewechselt – andere Daten wählen.": "Nobody changed class – choose other dates.",
    "Controlling-Arbeitsmappe (Excel)": "Controllers' workbook (Excel)",
    "Alle Beziehungen mit ABC, offenen Posten und letztem Kontakt, die Organisationsliste und die Konzentration, "
    "soweit Sie sie sehen dürfen": "Every relationship with ABC, open items and last touch, the organisation list "
    "and the concentration, as far as you may see them",
}
