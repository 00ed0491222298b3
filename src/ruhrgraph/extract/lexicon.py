"""The German word lists of the extraction rules, and the tiny predicates built on them.

Pure data: function words, titles, legal forms, organisation designators and their rg: classes,
descriptor and trade nouns, connectors inside names, acronyms that are never names, anaphoric
nouns. Nothing here reads a file or holds state beyond memoised pure functions; the gazetteer
and the matchers compiled from it live in :class:`~ruhrgraph.extract.resources.Resources`.

    >>> designator("Wirtschaftsförderung"), designator("Fraunhofer-Institut"), designator("Tisch")
    ('EconomicDevelopmentAgency', 'ResearchInstitute', '')
    >>> nominative("Instituts"), nominative("Verbandes")
    ('Institut', 'Verband')
"""

from __future__ import annotations

import functools
import re

# -- word lists (German grammar, not names) ------------------------------------------------------
FUNCTION_WORDS = frozenset("""
der die das den dem des ein eine einer eines einem einen und oder aber auch als am an auf aus bei beim
bis durch für gegen im in ins mit nach seit über um unter vom von vor zu zum zur so wie wo wer was
dies diese dieser dieses diesem diesen jede jeder jedes jeden jedem alle allen aller sein seine seiner
seinem seinen ihr ihre ihrer ihrem ihren unser unsere unserer unserem unseren es er sie wir ihr man
ist sind war waren wird werden wurde wurden hat haben hatte hatten kann können soll sollen muss müssen
nicht noch nur schon sehr mehr viele vielen neue neuen neuer neues erste ersten heute gestern morgen
dabei dazu damit daher denn doch dort hier jetzt nun insbesondere zudem außerdem ebenfalls gleich
zwei drei vier fünf zehn hundert beide beiden andere anderen weitere weiteren rund etwa knapp
ab gemeinsam zusammen bereits derzeit aktuell künftig zukünftig jährlich seitdem sowie sowohl
""".split())
DETERMINERS = frozenset("der die das den dem des ein eine einer eines einem einen dieser diese dieses "
                        "diesem diesen unser unsere ihr ihre sein seine".split())
TITLES = frozenset("Dr. Prof. Dipl.-Ing. Dr.-Ing. Dipl.-Kfm. Dipl.-Kffr. Mag. Ing. PD Dr.-Ing Dipl.-Ing Dr.rer.nat. "
                   "Dr. med. h.c. Prof.Dr. Dipl.-Kfm Dipl.-Kff. Dipl.-Inform. Dipl.-Inform".split())
HONORIFICS = frozenset({"Frau", "Herr", "Herrn"})
SPEECH_VERBS = frozenset("""sagt sagte sagen erklärt erklärte betont betonte ergänzt ergänzte
meint meinte so freut freute berichtet berichtete unterstreicht unterstrich fasst fasste
resümiert resümierte kommentiert kommentierte""".split())
PARTICLES = frozenset({"von", "van", "de", "der", "den", "zu", "di", "da", "del", "ten", "ter", "al",
                       "el", "bin", "le", "la", "dos", "du"})
LEGAL_FORMS = ("GmbH & Co. KG", "GmbH & Co KG", "gGmbH", "GmbH", "mbH", "AG", "SE", "KGaA", "KG", "OHG",
               "UG", "e. V.", "e.V.", "eG", "Inc.", "Inc", "Ltd.", "Ltd", "LLC", "Corp.", "S.A.",
               "B.V.", "N.V.", "S.p.A.", "plc", "PLC", "Pte. Ltd.", "Oy", "AB", "A/S", "GbR", "PartG", "Pvt. Ltd.",
               "Sp. z o.o.", "S.A. de C.V.", "S.A.", "SAS", "SARL", "S.r.l.", "Kft.", "Zrt.", "A.Ş.", "a.s.",
               "s.r.o.", "OÜ", "JSC", "Co., Ltd.", "Co. Ltd.", "K.K.", "Pty Ltd", "BV", "NV", "SpA", "Srl",
               "GmbH & Co. KGaA")
# organisation designators → rg: class
DESIGNATORS: dict[str, str] = {
    "Universität": "University", "Hochschule": "University", "Fachhochschule": "University",
    "University": "University", "Akademie": "University", "School": "University", "College": "University",
    "Institut": "ResearchInstitute", "Institute": "ResearchInstitute", "Forschungszentrum": "ResearchInstitute",
    "Zentrum": "ResearchInstitute", "Center": "ResearchInstitute", "Centre": "ResearchInstitute",
    "Labor": "ResearchInstitute", "Lab": "ResearchInstitute", "Labs": "ResearchInstitute",
    "Campus": "Organisation", "Konzerthaus": "Organisation", "Opernhaus": "Organisation",
    "Schauspielhaus": "Organisation", "Philharmonie": "Organisation",
    "Wirtschaftsförderung": "EconomicDevelopmentAgency", "Wirtschaftsentwicklung": "EconomicDevelopmentAgency",
    "Wirtschaftsförderungsgesellschaft": "EconomicDevelopmentAgency", "Standortmarketing": "EconomicDevelopmentAgency",
    "Entwicklungsgesellschaft": "EconomicDevelopmentAgency", "Agentur": "EconomicDevelopmentAgency",
    "Agency": "EconomicDevelopmentAgency",
    "IHK": "ChamberOfCommerce", "Handwerkskammer": "ChamberOfCommerce", "Handelskammer": "ChamberOfCommerce",
    "Industrie- und Handelskammer": "ChamberOfCommerce", "Kammer": "ChamberOfCommerce",
    "Chamber": "ChamberOfCommerce", "AHK": "ChamberOfCommerce", "HWK": "ChamberOfCommerce",
    "Netzwerk": "Network", "Cluster": "Network", "Initiative": "Network", "Initiativkreis": "Network",
    "Allianz": "Network", "Verbund": "Network", "Plattform": "Network", "Hub": "Network", "Bündnis": "Network",
    "Network": "Network", "Alliance": "Network",
    "Verband": "Association", "Wirtschaftsjunioren": "Association", "Verein": "Association",
    "Vereinigung": "Association",
    "Association": "Association", "Gesellschaft": "Association", "Society": "Association",
    "Arbeitgeberverband": "Association", "Council": "Association", "Forum": "Network",
    "Stiftung": "Foundation", "Foundation": "Foundation",
    "Ministerium": "PublicAuthority", "Bundesministerium": "PublicAuthority", "Landesministerium": "PublicAuthority",
    "Bezirksregierung": "PublicAuthority", "Landratsamt": "PublicAuthority", "Staatskanzlei": "PublicAuthority",
    "Regionalverband": "PublicAuthority", "Landesregierung": "PublicAuthority",
    "Stadtverwaltung": "PublicAuthority", "Botschaft": "PublicAuthority", "Generalkonsulat": "PublicAuthority",
    "Konsulat": "PublicAuthority", "Ministry": "PublicAuthority", "Authority": "PublicAuthority",
    "Behörde": "PublicAuthority", "Landesamt": "PublicAuthority", "Bundesamt": "PublicAuthority",
    "Messe": "TradeFairOrganiser", "Museum": "Organisation", "Klinikum": "Organisation",
    "Universitätsklinikum": "Organisation", "Krankenhaus": "Organisation", "Fabrik": "Organisation",
    "Genossenschaft": "Company", "Kolleg": "University", "Schule": "Organisation", "Ausschuss": "Association",
    "Kammern": "ChamberOfCommerce",
    "Stadtwerke": "Company", "Sparkasse": "Company", "Bank": "Company", "Holding": "Company", "Gruppe": "Company",
    "Group": "Company", "Werke": "Company", "Management": "Company", "Consulting": "Company",
    "Technologies": "Company", "Solutions": "Company", "Systems": "Company", "Logistics": "Company",
    "Corporation": "Company", "Company": "Company", "Partners": "Company", "Hafen": "Company",
    "Chemicals": "Company", "Energy": "Company", "Robotics": "Company", "Technology": "Company",
    "Software": "Company", "Analytics": "Company", "Ventures": "Company", "Capital": "Company",
    "Industries": "Company", "Trading": "Company", "Motors": "Company", "Pharma": "Company",
    "Services": "Company", "Engineering": "Company", "Automation": "Company", "Materials": "Company",
    "Studios": "Company", "Studio": "Company", "Games": "Company", "Media": "Company", "Devices": "Company",
    "Shipping": "Company", "Logistik": "Company", "Odası": "ChamberOfCommerce",
    "Volksbank": "Company", "Raiffeisenbank": "Company", "Verlagsgruppe": "Company",
    "Hospital": "Organisation", "Kliniken": "Organisation",  # (a "Klinik für …" is a hospital's department)
    "Gesamtschule": "Organisation", "Realschule": "Organisation", "Berufsschule": "Organisation",
    "Gymnasium": "Organisation", "Berufskolleg": "Organisation",
}
# compounds ending in these are designators too ("Fraunhofer-Institut", "Innovationszentrum")
DESIGNATOR_SUFFIXES = (("institut", "ResearchInstitute"), ("zentrum", "ResearchInstitute"),
                       ("universität", "University"), ("hochschule", "University"),
                       ("kammer", "ChamberOfCommerce"), ("verband", "Association"), ("verbände", "Association"),
                       ("stiftung", "Foundation"), ("netzwerk", "Network"), ("agentur", "EconomicDevelopmentAgency"),
                       ("ministerium", "PublicAuthority"), ("gesellschaft", "Association"),
                       ("cluster", "Network"), ("initiative", "Network"), ("förderung", "EconomicDevelopmentAgency"),
                       ("fabrik", "Organisation"), ("museum", "Organisation"), ("klinikum", "Organisation"),
                       ("ausschuss", "Association"), ("verbund", "Network"),
                       ("klub", "Association"), ("club", "Association"),  # "Wirtschaftsklub", "Industrie-Club"
                       ("krankenhaus", "Organisation"), ("spital", "Organisation"),  # "St.-Josef-Krankenhaus"
                       ("akademie", "Organisation"),  # "Landesmusikakademie"
                       ("handwerkerschaft", "Association"), ("kammertag", "Association"), ("innung", "Association"),
                       ("vereinigung", "Association"), ("verein", "Association"), ("forum", "Network"),
                       ("hospital", "Organisation"), ("klinik", "Organisation"), ("kliniken", "Organisation"),
                       ("sparkasse", "Company"),  # "Stadtsparkasse Wuppertal", "Kreissparkasse Köln"
                       # schools: "Martin-Luther-King Gesamtschule", "Myozai-Oberschule", "Sophie-Scholl-Berufskolleg"
                       ("schule", "Organisation"), ("gymnasium", "Organisation"), ("berufskolleg", "Organisation"))
# compounds with a designator suffix that name places or plans, not organisations ("das Oberzentrum Düsseldorf")
NOT_DESIGNATORS = frozenset({"oberzentrum", "mittelzentrum", "stadtzentrum", "ortszentrum", "stadtteilzentrum",
                             "einkaufszentrum", "logistikzentrum", "rechenzentrum", "messezentrum"})
NAME_CONNECTORS = frozenset({"für", "und", "&", "der", "des", "zu", "an", "on", "of", "for", "and", "the",
                             "de", "du", "in", "am", "im", "-", "–"})
GERMAN_CONNECTORS_AFTER_HEAD = frozenset({"für", "der", "des", "zur", "zum", "zu", "an", "am", "im",
                                          "in", "on", "of", "for"})
CAMEL = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:[A-ZÄÖÜ][a-zäöüß0-9]+)+$|^[A-ZÄÖÜ]{2,}[a-zäöüß]+[A-ZÄÖÜ][a-zäöüß]+")
CAMEL_STOP = frozenset({"YouTube", "LinkedIn", "PowerPoint", "JavaScript", "WhatsApp", "iPhone", "TikTok",
                         "PayPal", "McKinsey", "DeepMind", "OpenAI", "GitHub", "HafenCity", "NewsArticle",
                         "WebPage", "TypeScript", "PowerShell", "SharePoint"})
ACRONYM = re.compile(r"^[A-ZÄÖÜ][A-Za-zÄÖÜ0-9.&-]{1,9}$")
ACRONYM_STOP = frozenset("""CEO CTO CFO COO KI IT EU USA UK NRW BRD DDR CO2 MINT BIP PV ÖPNV ID PDF URL
EUR USD GW MW KW LNG UN UNO OECD WTO NATO FAQ PR TV KMU FH DAX SPD CDU FDP AfD HR AG GmbH ICT HQ
ESG F&E FuE B2B B2C CO E-Mail SUV""".split())
# place names that are also common words: a city only after "in", "aus", "nach" or "Stadt"
NOT_CITIES_ALONE = frozenset({"Norden", "Süden", "Westen", "Osten", "Mitte", "Linden", "Wetter", "Kamen",
                              "Alpen", "Lage", "Hof", "Heide", "Leer", "Roth", "Singen", "Bad", "Marken",
                              "Man", "Corona"})
ENGLISH_HEADS = frozenset({"Council", "Institute", "University", "Association", "Foundation", "Agency", "Chamber",
                            "Center", "Centre", "Authority", "Board", "Corporation", "Society", "Alliance", "Network",
                            "Ministry", "Organization", "Organisation", "Port", "Service", "Services", "Hub"})
# generic nouns that describe a company in front of its name: "die Tochter Sarvam Infotech Europe GmbH",
# "das Bochumer Startup ShieldLoop", "der Zulieferer Kisalföld Metall Kft."
DESCRIPTOR_HEADS = ("nachrichtenagentur", "anteilseigner", "mehrheitseigner", "eigentümer", "gesellschafter",
                    "marktführer", "riese", "unternehmen", "unternehmens",
                    "tochter", "tochterfirma", "spedition", "startup", "startups",
                    "start-up", "start-ups", "gesellschaft", "zulieferer", "zulieferers", "bauer", "bauers",
                    "hersteller", "herstellers", "anbieter", "anbieters", "dienstleister", "dienstleisters",
                    "betreiber", "betreibers", "konzern", "konzerns", "firma", "händler", "händlers", "entwickler",
                    "entwicklers", "produzent", "produzenten", "ausrüster", "ausrüsters", "spezialist",
                    "spezialisten", "versorger", "versorgers", "partner", "partners", "kunde", "kunden", "marke",
                    "plattform", "software", "firmen", "mittelständler", "mittelständlers", "familienunternehmen",
                    "betrieb", "betriebs", "dachgesellschaft", "muttergesellschaft", "gruppe", "sparte", "manufaktur",
                    "bahngesellschaft", "logistikunternehmen", "büro", "büros", "planungsbüro", "ingenieurbüro",
                    "softwarehaus", "softwarehauses", "agenturen", "dienstleistungsunternehmen",
                    "magazin", "magazins", "zeitschrift", "sender", "senders",  # media houses
                    "ligist", "ligisten", "geschäftsstelle",
                    # plural heads of lists: "die städtischen Töchter A, B und C"
                    "gesellschaften", "töchter",
                    "spin-off", "spin-offs", "ausgründung",  # "des Spin-offs Volterion GmbH"
                    "handel")  # "der Kunststoffhandel Rexin"  # "Basketball-Bundesligist X", "Geschäftsstelle X"
#: descriptor heads also written apart from their first part: "Basketball Bundesligist GIESSEN 46ers"
APART_DESCRIPTOR_HEADS = ("ligist", "unternehmen", "konzern", "hersteller", "zulieferer", "dienstleister", "spezialist")
# trade nouns that form a name with what follows: "Tischlerei Vogelsang & Töchter", "Privatbrauerei Heinrich Kolbe"
TRADE_HEADS = ("brauerei", "tischlerei", "schreinerei", "bäckerei", "metzgerei", "druckerei", "gärtnerei",
               "kanzlei", "apotheke", "autohaus", "verlag", "werft", "reederei", "brennerei",
               "weberei", "gießerei", "schmiede", "werkstatt", "praxis", "zeche", "spedition", "agentur",
               "werke")  # "die Mahlwerke Kreutz"
SUBUNITS = frozenset({"Lehrstuhl", "Lehrstuhls", "Fachbereich", "Fachbereichs", "Fakultät", "Abteilung", "Bereich",
                      "Bereichs", "Team", "Teams", "Arbeitsgruppe", "Referat", "Referats", "Dezernat", "Dezernats",
                      "Fachgebiet", "Fachgebiets", "Geschäftsbereich", "Geschäftsbereichs", "Geschäftsfeld",
                      "Geschäftsfelds", "Ressort", "Ressorts",
                      "Vorstand", "Vorstands", "Aufsichtsrat", "Aufsichtsrats", "Kuratorium", "Kuratoriums",
                      "Vorstellung", "Projekt", "Projekts", "Programm", "Programms", "Studiengang", "Studiengangs"})
#: the boards of an organisation ("im Aufsichtsrat der O", "des Aufsichtsrates der BMR")
BOARDS = ("Aufsichtsrat", "Vorstand", "Beirat", "Präsidium", "Kuratorium", "Verwaltungsrat", "Direktorium")
REGION_WORDS = frozenset({"Ruhr", "Rhein-Ruhr", "NRW", "Westfalen", "Rheinland", "Emscher-Lippe", "Niederrhein",
                          "Sauerland", "Münsterland", "Ostwestfalen", "OWL", "Südwestfalen", "Ruhrgebiet"})
# foreign-language designators that open a name: "Cámara de Comercio de Sevilla", "Instituto …"
FOREIGN_HEADS = frozenset({"Cámara", "Camara", "Câmara", "Sindicato", "Instituto", "Istituto", "Centro",
                           "Universidad", "Universidade", "Università", "Université", "Fundación", "Fundação",
                           "Agencia", "Agência", "Agence", "Chambre", "Office", "Gemeente", "Kamer", "Izba",
                           "Komora", "Confederación", "Associação", "Asociación", "Corporación", "Consejo", "Institute",
                           "Ministerio", "Ministério", "Ministère", "Banco", "Grupo", "Società", "Compañía"})
# English words that make an agency name with a place: "Business Metropole Ruhr", "Invest in Bavaria"
PLACE_BRANDS = frozenset({"Business", "Invest", "Startup", "Enterprise", "Visit", "Team", "Digital"})
# German generic business nouns: after a city adjective they make the name ("Hertener Stadtwerke GmbH")
GENERIC_BUSINESS = ("werke", "betriebe", "teile", "bau", "technik", "gesellschaft", "bank", "kasse", "versorgung",
                    "wasser", "energie", "verkehr", "wohnen", "hafen", "zoo", "brauerei", "metall", "druck",
                    "stahl", "logistik", "verlag", "bäder", "entsorgung", "wirtschaftsbetriebe", "gewerbe")
ROMANCE_CONNECTORS = frozenset({"de", "del", "de la", "la", "da", "do", "dos", "das", "des", "di", "du", "y", "e",
                                "et", "ve", "van", "&", "-"})
ENGLISH_CONNECTORS = frozenset({"on", "of", "for", "and", "&", "the", "de", "du", "del", "da", "di", "y"})
LOWER_ADJECTIVE = re.compile(r"(?:isch|lich|al|iv|ig|ell|är|ar|bar|iert|wandt|neu|ün|ern|ut|och|sam|haft|los|ant|ent)"
                              r"(?:e|en|er|es|em)$")
ADJECTIVE = re.compile(r"^[A-ZÄÖÜ][\w-]*(?:e|en|er|es|em)$")
TOWN_ADJECTIVE = re.compile(r"^[A-ZÄÖÜ]\w+er$")  # a town's adjective the gazetteer may not know ("Triberger")
STREET_WORDS = ("Straße", "Str.", "Weg", "Allee", "Platz", "Ring", "Chaussee", "Damm", "Tor", "Landstraße")
GEO_PREPOSITIONS = frozenset({"in", "aus", "nach", "bei", "von", "im", "ins", "nahe", "um"})

# nouns that, after a definite article, point back to an organisation: "des Vereins" → rg:Association
# ("" = any organisation class)
ANAPHORS: dict[str, str] = {
    "Verein": "Association", "Vereins": "Association", "Verband": "Association", "Verbandes": "Association",
    "Verbands": "Association", "Gesellschaft": "", "Unternehmen": "Company", "Unternehmens": "Company",
    "Firma": "Company", "Konzern": "Company", "Konzerns": "Company", "Start-up": "Company", "Startup": "Company",
    "Start-ups": "Company", "Institut": "ResearchInstitute", "Instituts": "ResearchInstitute",
    "Zentrum": "ResearchInstitute", "Zentrums": "ResearchInstitute", "Netzwerk": "Network",
    "Netzwerks": "Network", "Netzwerkes": "Network", "Cluster": "Network", "Clusters": "Network",
    "Hochschule": "University", "Universität": "University", "Stiftung": "Foundation",
    "Kammer": "ChamberOfCommerce", "IHK": "ChamberOfCommerce", "Agentur": "EconomicDevelopmentAgency",
    "Wirtschaftsförderung": "EconomicDevelopmentAgency", "Wirtschaftsentwicklung": "EconomicDevelopmentAgency",
}


#: prefixes of sports clubs' names ("VfL Bochum", "TuS Haltern", "SG Wattenscheid 09")
CLUBS = frozenset({"VfL", "VfB", "TuS", "SpVgg", "TSG", "TSV", "SSV", "FSV", "SV", "SC", "FC", "BV", "SG", "DJK",
                    "ETB", "MSV", "KFC", "SF", "RW", "TuRU", "HSV", "VfR"})
#: an indefinite article makes a compound generic: "aus einer Niederrhein-Sparkasse"
INDEFINITE = frozenset({"ein", "eine", "einer", "einem", "einen", "eines", "keine", "keiner"})
SCHOOLS = frozenset({"Gesamtschule", "Realschule", "Berufsschule", "Gymnasium", "Berufskolleg", "Schule"})
#: a house's management, named between a role and the house ("Vorsitzender der Geschäftsführung der O")
MANAGEMENT = frozenset({"Geschäftsführung", "Geschäftsleitung", "Hauptgeschäftsführung", "Leitung", "Führung",
                         "Spitze", "Unternehmensleitung", "Konzernleitung"})


# -- predicates ----------------------------------------------------------------------------------
def is_cap(text: str) -> bool:
    """Capitalised and containing a letter.

    >>> is_cap("Essen"), is_cap("essen"), is_cap("(")
    (True, False, False)
    """
    return bool(text) and text[0].isupper() and (text[0].isalpha() or any(ch.isalpha() for ch in text))


_PLURAL_NAMES = ("werke", "betriebe")  # designators that are plural nouns themselves


@functools.lru_cache(maxsize=65536)
def designator(text: str) -> str:
    """The rg: class a designator word signals, or ''."""
    if text in DESIGNATORS:
        return DESIGNATORS[text]
    base = text[:-2] if text.endswith("es") and text[:-2] in DESIGNATORS else (
        text[:-1] if (text.endswith("s") or (text.endswith("en") and text[:-1].endswith(_PLURAL_NAMES)))
        and text[:-1] in DESIGNATORS else "")  # "den Stadtwerken Bochum", not "den Hochschulen"
    if base:
        return DESIGNATORS[base]
    full = text.lower()
    low = full.rstrip("s")  # a genitive: "Instituts"
    if low in NOT_DESIGNATORS:
        return ""
    for suffix, cls in DESIGNATOR_SUFFIXES:
        for form in (low, full):  # ("Krankenhaus" ends in an s of its own)
            if form.endswith(suffix) and len(form) > len(suffix) + 2:
                return cls
    return ""


@functools.lru_cache(maxsize=65536)
def nominative(text: str) -> str:
    """'Instituts' → 'Institut', 'Verbandes' → 'Verband', 'Stadtwerken' → 'Stadtwerke' for designator words
    in the genitive or the dative plural; in a hyphenated compound its last part ("US-Generalkonsulats").

    >>> nominative("US-Generalkonsulats"), nominative("Max-Planck-Instituts"), nominative("Thyssen-Krupps")
    ('US-Generalkonsulat', 'Max-Planck-Institut', 'Thyssen-Krupps')
    """
    head, dash, last = text.rpartition("-")
    if dash and head and last[:1].isupper():
        return f"{head}-{nominative(last)}"
    for cut in ("es", "s", "n"):  # "n": the dative plural of plural names ("den Stadtwerken")
        if text.endswith(cut):
            stem = text[: -len(cut)]
            if stem in DESIGNATORS or any(stem.lower().endswith(s) for s, _ in DESIGNATOR_SUFFIXES):
                return stem
    return text


@functools.lru_cache(maxsize=65536)
def descriptor(word: str) -> bool:
    """A generic noun that describes a company in front of its name ("Startup", "Tochterfirma").

    >>> descriptor("Logistikunternehmen"), descriptor("Lumetric")
    (True, False)
    """
    low = word.lower()
    return any(low == h or (low.endswith(h) and len(low) > len(h) + 2) or low.endswith("-" + h)
               for h in DESCRIPTOR_HEADS)


def legal_class(form: str) -> str:
    """The rg: class a legal form implies: registered associations, cooperatives, else companies.

    >>> legal_class("GmbH"), legal_class("e.V.")
    ('Company', 'Association')
    """
    return "Association" if form in {"e.", "e.V.", "eG"} else "Company"


def initials_match(acr: str, words: list[str]) -> bool:
    """Does an acronym fit the words before it ("CCGA" ← "Chicago Council on Global Affairs")?

    >>> initials_match("CCGA", ["Chicago", "Council", "on", "Global", "Affairs"])
    True
    >>> initials_match("XYZ", ["Chicago", "Council"])
    False
    """
    letters = [ch for ch in acr if ch.isalpha()]
    caps = [w[0] for w in words if w[:1].isupper()]
    inner = [ch for w in words for ch in w if ch.isupper()]
    a = "".join(letters).upper()
    return a == "".join(caps).upper() or a == "".join(inner).upper() or (
        len(a) >= 2 and "".join(caps).upper().startswith(a)) or (
        a.lower() in " ".join(words).lower().replace(" ", "")[:len(a)])
