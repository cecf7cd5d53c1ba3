"""English of the concentration page (dashboard/pages/concentration.py and its components, callbacks)."""

EN: dict[str, str] = {
    "Konzentrationsrisiko": "Concentration risk",
    "Umsatz (Kunden)": "Revenue (customers)",
    "Einkauf (Lieferanten)": "Purchases (suppliers)",
    "je Organisation": "per organisation",
    "je Gruppe": "per group",
    "Kurven": "Curves",
    "Entwicklung": "Trend",
    "Auffällige": "Flagged",
    "nicht konzentriert": "unconcentrated",
    "mäßig konzentriert": "moderately concentrated",
    "hoch konzentriert": "highly concentrated",
    "Gruppen": "Groups",
    "Gruppe": "Group",
    "Gruppe {name}": "Group {name}",
    "Anteil der Gruppen, größte zuerst": "Share of groups, largest first",
    "Anteil der Gruppen, kleinste zuerst": "Share of groups, smallest first",
    "Anteil der Organisationen, größte zuerst": "Share of organisations, largest first",
    "Anteil der Organisationen, kleinste zuerst": "Share of organisations, smallest first",
    "kumulierter Anteil am Umsatz": "Cumulative share of revenue",
    "kumulierter Anteil am Einkauf": "Cumulative share of purchases",
    "Summe {total}": "Total {total}",
    "{days} Tage": "{days} days",
    "Top 1 %": "Top 1%",
    "Top 20 %": "Top 20%",
    "Top 20 %: {share}": "Top 20%: {share}",
    "Keine Ausgangsrechnungen im Zeitraum – einen anderen Stichtag wählen.":
        "No outgoing invoices in the period – choose another as-of date.",
    "Keine Eingangsrechnungen im Zeitraum – einen anderen Stichtag wählen.":
        "No incoming invoices in the period – choose another as-of date.",
    "Anteil": "Share",
    "Pareto-Kurve": "Pareto curve",
    "Lorenz-Kurve": "Lorenz curve",
    "Gleichverteilung": "Equal shares",
    "Lorenz-Kurve (Gini {gini})": "Lorenz curve (Gini {gini})",
    "Kein Verlauf": "No trend",
    "Quartalsende": "Quarter end",
    "Gini · Anteil (0 bis 1)": "Gini · share (0 to 1)",
    "Niemand erreicht die Schwelle: keine Organisation hält einen auffälligen Anteil.":
        "Nobody reaches the threshold: no organisation holds a conspicuous share.",
    "Betrag": "Amount",
    "Die Konzentrationsauswertung braucht Leserechte für Analysen und für Umsatz oder Einkauf; "
    "Ihre Rolle hat sie nicht. Die Administration kann sie vergeben.":
        "The concentration analysis needs read access to analytics and to revenue or purchases; your role does "
        "not have it. An administrator can grant it.",
    "Welcher Anteil entfällt auf die größten: die größten zuerst, aufsummiert.":
        "How much the largest hold: largest first, added up.",
    "Die kleinsten zuerst, aufsummiert; je weiter unter der Diagonale, desto ungleicher.":
        "Smallest first, added up; the further below the diagonal, the more unequal.",
    "Verlauf: letzte acht Quartale": "Trend: last eight quarters",
    "Auffällig (Anteil ≥ Schwelle)": "Flagged (share ≥ threshold)",
    "Keine Berechtigung für diese Auswertung.": "You may not see this analysis.",
}
