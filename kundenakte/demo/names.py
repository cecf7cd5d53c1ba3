"""Word lists for the demo company: German names, cities, streets, functions and our own staff.

Plain tuples (never sets) so every draw from them is reproducible for a seed.
"""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    """A city with a real postcode and dialling code (postcodes keep their leading zeros)."""

    name: str
    postcode: str
    area_code: str  # without the trunk 0, e.g. "6151"
    country: str = "DE"


CITIES: tuple[City, ...] = (
    City("Darmstadt", "64283", "6151"), City("Frankfurt am Main", "60311", "69"),
    City("Offenbach am Main", "63065", "69"), City("Wiesbaden", "65183", "611"),
    City("Mainz", "55116", "6131"), City("Mannheim", "68159", "621"), City("Heidelberg", "69117", "6221"),
    City("Karlsruhe", "76133", "721"), City("Stuttgart", "70173", "711"), City("München", "80331", "89"),
    City("Nürnberg", "90403", "911"), City("Würzburg", "97070", "931"), City("Köln", "50667", "221"),
    City("Düsseldorf", "40213", "211"), City("Essen", "45127", "201"), City("Dortmund", "44135", "231"),
    City("Münster", "48143", "251"), City("Hannover", "30159", "511"), City("Braunschweig", "38100", "531"),
    City("Göttingen", "37073", "551"), City("Kassel", "34117", "561"), City("Hamburg", "20095", "40"),
    City("Bremen", "28195", "421"), City("Kiel", "24103", "431"), City("Lübeck", "23552", "451"),
    City("Berlin", "10117", "30"), City("Potsdam", "14467", "331"), City("Magdeburg", "39104", "391"),
    City("Halle (Saale)", "06108", "345"), City("Erfurt", "99084", "361"), City("Jena", "07743", "3641"),
    City("Dresden", "01067", "351"), City("Leipzig", "04109", "341"), City("Chemnitz", "09111", "371"),
    City("Zwickau", "08056", "375"), City("Bautzen", "02625", "3591"), City("Görlitz", "02826", "3581"),
    City("Rostock", "18055", "381"), City("Schwerin", "19053", "385"), City("Saarbrücken", "66111", "681"),
    City("Freiburg im Breisgau", "79098", "761"), City("Ulm", "89073", "731"), City("Augsburg", "86150", "821"),
    City("Regensburg", "93047", "941"), City("Bensheim", "64625", "6251"), City("Weiterstadt", "64331", "6150"),
    City("Pfungstadt", "64319", "6157"), City("Dieburg", "64807", "6071"), City("Groß-Umstadt", "64823", "6078"),
    City("Aschaffenburg", "63739", "6021"), City("Fulda", "36037", "661"), City("Gießen", "35390", "641"),
)

FOREIGN_CITIES: tuple[City, ...] = (
    City("Wien", "1010", "1", "AT"), City("Graz", "8010", "316", "AT"), City("Linz", "4020", "732", "AT"),
    City("Zürich", "8001", "44", "CH"), City("Basel", "4051", "61", "CH"), City("Bern", "3011", "31", "CH"),
)

COUNTRY_CODE = {"DE": "49", "AT": "43", "CH": "41"}

STREETS: tuple[str, ...] = (
    "Hauptstraße", "Bahnhofstraße", "Industriestraße", "Gewerbering", "Rheinstraße", "Mainzer Landstraße",
    "Schillerstraße", "Goethestraße", "Lindenweg", "Am Kavalleriesand", "Holzhofallee", "Frankfurter Straße",
    "Robert-Bosch-Straße", "Carl-Zeiss-Ring", "Otto-Hahn-Straße", "Im Gewerbepark", "Königsallee",
    "Friedrich-Ebert-Anlage", "Mühlweg", "Kirchgasse", "Lange Reihe", "Parkstraße", "Daimlerstraße",
    "Max-Planck-Straße", "Am Hafen", "Europaplatz", "Rudolf-Diesel-Straße", "Hügelstraße", "Waldstraße",
    "Brückenstraße", "Am Weißen Turm", "Elisabethenstraße", "Dieselstraße", "Schloßstraße",
)

FIRST_NAMES_F: tuple[str, ...] = (
    "Anna", "Julia", "Katharina", "Sabine", "Petra", "Claudia", "Stefanie", "Nicole", "Andrea", "Birgit",
    "Monika", "Ursula", "Jessica", "Lena", "Laura", "Sophie", "Marie", "Lea", "Hannah", "Jana", "Sandra",
    "Kerstin", "Martina", "Susanne", "Heike", "Silke", "Anke", "Tanja", "Melanie", "Christine", "Jördis",
    "Bärbel", "Gülay", "Zoë", "Renée", "Dörte", "Maja", "Franziska", "Isabell", "Elif",
)
FIRST_NAMES_M: tuple[str, ...] = (
    "Thomas", "Michael", "Andreas", "Stefan", "Frank", "Markus", "Christian", "Peter", "Klaus", "Jürgen",
    "Wolfgang", "Uwe", "Ralf", "Jörg", "Matthias", "Alexander", "Sebastian", "Tobias", "Jan", "Florian",
    "Lukas", "Felix", "Jonas", "Maximilian", "Daniel", "Dirk", "Holger", "Torsten", "Björn", "Sören",
    "Günther", "Hans-Jürgen", "Karl-Heinz", "Özgür", "Mehmet", "René", "André", "Timo", "Niklas", "Benedikt",
)
LAST_NAMES: tuple[str, ...] = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
    "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
    "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel",
    "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann",
    "Franke", "Albrecht", "Schuster", "Simon", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer",
    "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber",
    "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann",
    "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Yılmaz", "Öztürk", "Nowak", "Kowalski",
)

#: (stem, trade) pairs for company names; the trade word also picks the industry wording
COMPANY_STEMS: tuple[str, ...] = (
    "Heyer", "Brandt", "Kessler", "Lindner", "Rieger", "Vogelsang", "Hellwig", "Oberle", "Sturm", "Kramer",
    "Falk", "Adler", "Brückner", "Wendt", "Thiele", "Ebert", "Lorenz", "Reuter", "Kühne", "Seifert",
    "Schönberger", "Wittmann", "Nagel", "Rösler", "Hübner", "Dreher", "Ostermann", "Pfälzer", "Gärtner",
    "Reinhardt", "Steinmetz", "Wörner", "Hecht", "Ludwig", "Moser", "Hagen", "Claasen", "Jansen", "Brenner",
    "Sander", "Mertens", "Petersen", "Holzapfel", "Engelhardt", "Fröhlich", "Bühler", "Kästner", "Zöllner",
    "Mainufer", "Rheintal", "Odenwald", "Bergstraße", "Taunus", "Spessart", "Elbtal", "Nordlicht",
    "Südwest", "Alpen", "Hansa", "Merkur", "Triton", "Vulkan", "Atlas", "Phönix", "Greif", "Kranich",
)
TRADES: tuple[str, ...] = (
    "Maschinenbau", "Anlagenbau", "Metallbau", "Elektrotechnik", "Haustechnik", "Logistik", "Spedition",
    "Kunststofftechnik", "Automation", "Systemhaus", "Software", "Ingenieurbüro", "Planung", "Bau",
    "Immobilien", "Energie", "Medizintechnik", "Lebensmittel", "Druck & Medien", "Verpackung",
    "Feinmechanik", "Werkzeugbau", "Industrieservice", "Gebäudetechnik", "Umwelttechnik", "Fahrzeugtechnik",
    "Handel", "Consulting", "Facility Services", "Präzisionsteile",
)
LEGAL_FORMS: tuple[str, ...] = ("GmbH", "GmbH", "GmbH", "GmbH & Co. KG", "AG", "KG", "e.K.", "SE", "OHG", "mbH")
SUPPLIER_TRADES: tuple[str, ...] = (
    "Elektrogroßhandel", "Stahlhandel", "Bürobedarf", "IT-Distribution", "Kabelwerk", "Schraubenhandel",
    "Hydraulik", "Pneumatik", "Arbeitsschutz", "Transporte", "Zeitarbeit", "Sensorik", "Druckluft",
)
GROUP_ROOT_WORDS: tuple[str, ...] = ("Holding", "Gruppe", "Beteiligungs-GmbH", "Industries")
BRANCH_WORDS: tuple[str, ...] = ("Niederlassung", "Werk", "Service", "Vertrieb")

#: contact functions: (function, department head?) in the order an org chart is built
FUNCTIONS_TOP: tuple[str, ...] = ("Geschäftsführer", "Geschäftsführerin", "Vorstand", "Inhaber")
FUNCTIONS_LEADS: tuple[str, ...] = (
    "Leitung Einkauf", "Leitung Buchhaltung", "Technische Leitung", "Leitung IT", "Vertriebsleitung",
    "Werkleitung", "Leitung Qualitätsmanagement",
)
FUNCTIONS_STAFF: dict[str, tuple[str, ...]] = {
    "Leitung Einkauf": ("Einkauf", "Strategischer Einkauf", "Disposition"),
    "Leitung Buchhaltung": ("Buchhaltung", "Kreditorenbuchhaltung", "Controlling"),
    "Technische Leitung": ("Projektleitung", "Konstruktion", "Instandhaltung"),
    "Leitung IT": ("IT-Administration", "Anwendungsbetreuung"),
    "Vertriebsleitung": ("Vertrieb Innendienst", "Key Account"),
    "Werkleitung": ("Produktion", "Schichtleitung", "Logistik"),
    "Leitung Qualitätsmanagement": ("Qualitätssicherung",),
}
ASSISTANT = "Assistenz der Geschäftsführung"

#: our own company
OWN_NAME = "Odenwald Systemtechnik GmbH"
OWN_DOMAIN = "odenwald-systemtechnik.de"
OWN_SWITCHBOARD = "+49 6151 9870-0"

#: our staff: (name, team, role); roles are sign-in roles
AGENTS: tuple[tuple[str, str, str], ...] = (
    ("Dr. Katharina Brenner", "Geschäftsführung", "management"),
    ("Markus Odenthal", "Geschäftsführung", "admin"),
    ("Stefanie Hübner", "Vertrieb", "teamlead"),
    ("Jörg Weißenfels", "Vertrieb", "agent"),
    ("Lena Schäfer", "Vertrieb", "agent"),
    ("Tobias Krämer", "Vertrieb", "agent"),
    ("Özlem Demir", "Vertrieb", "agent"),
    ("Florian Maaß", "Vertrieb", "agent"),
    ("Sabine Große", "Vertrieb", "agent"),
    ("René Böttcher", "Vertrieb", "agent"),
    ("Andreas Kühn", "Service", "teamlead"),
    ("Julia Lößner", "Service", "agent"),
    ("Sören Jürgens", "Service", "agent"),
    ("Melanie Fuchs", "Service", "agent"),
    ("Timo Rößler", "Service", "agent"),
    ("Hannah Göbel", "Service", "agent"),
    ("Niklas Engel", "Service", "agent"),
    ("Christian Müßig", "Projekte", "teamlead"),
    ("Anke Dörr", "Projekte", "agent"),
    ("Benedikt Schönfeld", "Projekte", "agent"),
    ("Maja Köhler", "Projekte", "agent"),
    ("Dirk Straßburger", "Projekte", "agent"),
    ("Petra Wölfel", "Einkauf", "teamlead"),
    ("Lukas Bähr", "Einkauf", "agent"),
    ("Gülay Aydın", "Einkauf", "agent"),
)

FREEMAIL: tuple[str, ...] = ("gmx.de", "web.de", "t-online.de", "gmail.com", "gmx.net", "outlook.com")
UNKNOWN_DOMAINS: tuple[str, ...] = ("messe-kontakt.eu", "newsletter-service.biz", "stellenmarkt-online.de",
                                    "b2b-verzeichnis.com")

TICKET_SUBJECTS: tuple[str, ...] = (
    "Störung Steuerung Linie 2", "Anlage meldet Fehler E-104", "Wartungstermin vereinbaren",
    "Ersatzteil benötigt: Sensor", "Zugang zum Kundenportal gesperrt", "Rechnung unklar",
    "Software-Update fehlgeschlagen", "Druckabfall im Hydraulikkreis", "Schulung für neue Mitarbeiter",
    "Dokumentation fehlt", "Notfall: Produktionsstillstand", "Frage zur Gewährleistung",
    "Temperaturüberschreitung Schaltschrank", "Lieferung unvollständig", "Lizenz verlängern",
)
NOTE_TEXTS: tuple[str, ...] = (
    "Gesprächsnotiz: Interesse an Erweiterung", "Budget für nächstes Jahr bestätigt", "Reklamation besprochen",
    "Neuer Ansprechpartner im Einkauf", "Rahmenvertrag läuft aus", "Messe-Kontakt nachfassen",
    "Zufriedenheit hoch, Referenz möglich", "Preiserhöhung angekündigt", "Wettbewerber im Gespräch",
)
TASK_TEXTS: tuple[str, ...] = (
    "Angebot nachfassen", "Wartungsvertrag verlängern", "Rückruf vereinbaren", "Unterlagen zusenden",
    "Termin vor Ort planen", "Mahnung prüfen", "Referenzbesuch organisieren", "Jahresgespräch vorbereiten",
)
MAIL_SUBJECTS_IN: tuple[str, ...] = (
    "Anfrage: Erweiterung der Anlage", "Rückfrage zu Ihrem Angebot", "Terminvorschlag Wartung",
    "Bestellung Ersatzteile", "Reklamation Lieferung", "Rechnung – Zahlungsziel", "Einladung zur Hausmesse",
    "Änderung unserer Bankverbindung", "Protokoll unseres Gesprächs", "Frage zur Schnittstelle",
)
MAIL_SUBJECTS_OUT: tuple[str, ...] = (
    "Ihr Angebot über die Modernisierung", "Auftragsbestätigung", "Wartungsbericht", "Terminbestätigung",
    "Unterlagen zur Schulung", "Projektstatus KW", "Zusammenfassung unseres Termins",
)
PROJECT_WORDS: tuple[str, ...] = (
    "Modernisierung Linie", "Retrofit Steuerung", "Neubau Halle", "Einführung MES", "Umbau Schaltanlage",
    "Digitalisierung Lager", "Energieaudit", "Rollout Sensorik", "Wartung & Support", "Automatisierung Prüfstand",
)
DOC_FOLDERS: tuple[str, ...] = ("Verträge", "Angebote", "Rechnungen", "Korrespondenz", "Protokolle")
DOC_FILES: dict[str, tuple[str, ...]] = {
    "Verträge": ("Rahmenvertrag.pdf", "Wartungsvertrag.pdf", "NDA.pdf", "Auftragsverarbeitung.pdf"),
    "Angebote": ("Angebot.pdf", "Leistungsverzeichnis.xlsx", "Preisblatt.pdf"),
    "Rechnungen": ("Sammelrechnung.pdf", "Gutschrift.pdf"),
    "Korrespondenz": ("Schreiben.docx", "Kündigung.pdf", "Bestätigung.pdf"),
    "Protokolle": ("Abnahmeprotokoll.pdf", "Besprechung.docx", "Übergabe.pdf"),
}
PROJECT_DOC_FILES: tuple[str, ...] = ("Pflichtenheft.docx", "Zeitplan.xlsx", "Pläne.dwg", "Abnahme.pdf")


def ascii_slug(text: str) -> str:
    """Transliterate German text for mail local parts and domains (`Jörg Weißenfels` -> `joerg-weissenfels`)."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                           "é": "e", "è": "e", "ë": "e", "ı": "i", "ç": "c", "ş": "s", "ğ": "g", "&": "-"})
    out = []
    for ch in text.translate(table).lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")
