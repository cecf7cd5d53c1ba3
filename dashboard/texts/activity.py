"""English of the agent activity page (dashboard/pages/activity.py, its components and callbacks)."""

EN: dict[str, str] = {
    "Aktivität der Mitarbeiter": "Agent activity",
    "Mitarbeiter wählen …": "Choose an agent …",
    "Mitarbeiter × Art": "Agents × kind",
    "Im Zeitverlauf": "Over time",
    "{periods} vom {first} bis {last}: {n} Aktivitäten": "{periods} from {first} to {last}: {n} activities",
    "Die {shown} aktivsten von {n} Mitarbeitern; alle in der Auswahl oben. Klicken Sie auf eine Zeile.":
        "The {shown} most active of {n} agents; all of them in the choice above. Click a row.",
    "ohne Mitarbeiter": "no agent",
    "Klicken Sie auf eine Zeile, um die Arbeit eines Mitarbeiters zu sehen.": "Click a row to see an agent's work.",
    "Wählen Sie oben einen Mitarbeiter oder klicken Sie auf seine Zeile in der Heatmap: hier erscheinen die "
    "Organisationen und Kontakte, mit denen er zu tun hatte.":
        "Choose an agent above or click their row in the heatmap: the organisations and contacts they dealt with "
        "appear here.",
    "{name}: {first} bis {last}": "{name}: {first} to {last}",
    "Wochen": "Weeks",
    "Monate": "Months",
    "Quartale": "Quarters",
    "Keine Kontakte genannt.": "No contacts named.",
    "E-Mail": "Email",
    "Anruf": "Call",
    "Termin": "Appointment",
    "Notiz": "Note",
    "Aufgabe": "Task",
    "Keine Aktivitäten im Zeitraum": "No activities in the period",
    "Stunden": "Hours",
    "Aktivitäten": "Activities",
    "In diesem Zeitraum keine Aktivitäten bei Organisationen, die Sie sehen dürfen. Wählen Sie einen längeren "
    "Zeitraum oder einen anderen Stichtag.":
        "No activities in this period at organisations you may see. Choose a longer period or another as-of date.",
    "Organisation": "Organisation",
    "Organisationen": "Organisations",
    "Zuletzt": "Latest",
    "Kontakt": "Contact",
    "Kontakte": "Contacts",
    "Sie sehen nur Ihre eigene Arbeit.": "You see your own work only.",
    "Ihre Rolle darf Aktivitäten nicht lesen; die Administration kann es erlauben.":
        "Your role may not read activities; the administration can allow it.",
    "Diesen Mitarbeiter gibt es nicht oder Sie dürfen seine Arbeit nicht sehen.":
        "This agent does not exist or you may not see their work.",
    "Die Auswertung braucht Leserechte für Analysen; Ihre Rolle hat sie nicht. Die Administration kann sie "
    "vergeben.": "The analysis needs read access to analytics; your role does not have it. The administration "
                 "can grant it.",
}
