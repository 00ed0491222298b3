"""The regular expressions of the relation rules, over symbol strings and over raw sentences.

Symbol strings (see :mod:`.symbols`) write every mention as a placeholder — ``P`` person,
``O`` organisation, ``C`` city (``CnADJ`` a city adjective), ``K`` country, ``R`` region,
``E`` trade fair, ``L`` role — so a pattern reads like the German phrasing it covers:
``P0 von der O1`` is "Julia Jäger von der Wirtschaftsförderung Dortmund".

    >>> person_von_org = next(rx for name, rx, _ in MEMBERSHIP_PATTERNS if name == "person-von-org")
    >>> bool(person_von_org.search("P0 von der O1 begrüßte die Gäste"))
    True
    >>> bool(DELEGATION.search("Eine Delegation aus Korea besuchte Dortmund."))
    True
"""

from __future__ import annotations

import re

from ruhrgraph.extract.lexicon import APART_DESCRIPTOR_HEADS, BOARDS

# -- memberships ------------------------------------------------------------------------------
_OF = r"(?:von der|vom|von|bei der|beim|bei|aus dem|aus der|der|des|im|am|an der|für die|für den|für das)"
_HEAD_OF = r"(?:Spitze|Führung|Vorstand|Präsidium) (?:der|des) O(?P<o>\d+) : "
# words that are not a placeholder: a gap a pattern may skip without passing another person or organisation
_NO_ENTITY = r"(?:(?![POKLC]\d)[\w.-]+ )"
# the same, but a town may stand in the gap ("die O mit Sitz in C verlässt")
_NO_ACTOR = r"(?:(?![POKL]\d)[\w.-]+ )"
# "die (neue) Doppelspitze der O"
_TOP_OF = r"(?:die|eine) (?:neue )?(?:Doppelspitze|Spitze|Doppel-Spitze|Führungsspitze) (?:der|des) O(?P<o>\d+)"
# "Basketball-Bundesligist", "Handelsunternehmen" written apart before a name
_APART = "|".join(APART_DESCRIPTOR_HEADS)
# what may stand before a second role of the same person: "und seit 2007 Präsident", "zugleich
# stellvertretende Vorsitzende", "P, Gesellschafter der O1, ist seit 2005 Präsident der O2" — not a
# verb or a number ("…, sprachen zwei Forscher der O")
_SECOND_ROLE_GAP = (r"(?:(?:ist|war|wird|wurde|bleibt|auch|zugleich|außerdem|zudem|ferner|"
                    r"seit (?:\w+ )?\d{4}|seit \w+|stellv\.|"
                    r"(?:stellvertretend|amtierend|geschäftsführend|kaufmännisch|technisch|designiert|neu|"
                    r"langjährig|kommissarisch)(?:e|er|en)) ){0,3}?")
_TO_ROLE = r"(?:zum|zur|zu seinem|zu seiner|zu ihrem|zu ihrer) (?:\w+ )?L(?P<l>\d+)"
MEMBERSHIP_PATTERNS: list[tuple[str, re.Pattern[str], float]] = [
    # a house's greetings brought by its person: "überbrachte Vorstandsmitglied P die besten Wünsche der O",
    # "P überbrachte die Grüße des O"
    ("greetings-of-org", re.compile(r"\bP(?P<p>\d+) (?:(?:[\w-]+ ){0,2}?(?:die |ein |eine |seine |ihre ))?"
                                    r"(?:(?:besten|herzlichen|herzlichsten|offiziellen) )?"
                                    r"(?:Grüße|Wünsche|Glückwünsche|Grußworte?) (?:der |des |vom )O(?P<o>\d+)"), 0.75),
    # guests received at a house by its people: "Begrüßt wurden die Abgeordneten bei der O von P, der
    # Geschäftsführerin …", "Die Gäste wurden im O von Geschäftsführer P empfangen"
    ("greeted-at-org-by-person", re.compile(r"^(?=.*\b(?:[Bb]egrüßt|[Ee]mpfangen|willkommen|geführt)\b).*?"
                                            r"\b(?:bei|im|in) (?:der |dem |den )?O(?P<o>\d+) (?:von|durch) "
                                            r"(?:den |die |der |dem )?(?:L(?P<l>\d+) )?P(?P<p>\d+)"), 0.75),
    # a list of people with their functions: "…, P, Geschäftsführer O, …", "P, Inhaberin und Geschäftsführerin O."
    ("person-comma-role-house", re.compile(r"\bP(?P<p>\d+) , (?:L\d+ und )?L(?P<l>\d+) O(?P<o>\d+)"
                                           r"(?= [,.;)]| P\d| $|$)"), 0.75),
    # "P von der landeseigenen Außenwirtschaftsförderungsgesellschaft O": an adjective and a generic noun may
    # stand between the preposition and the name
    ("person-von-org", re.compile(r"P(?P<p>\d+) (?:\( )?(?:von der|vom|von|bei der|beim|aus dem|aus der) "
                                  r"(?:L(?P<l>\d+) )?(?:der |des )?(?:[a-zäöü][\w-]*(?:e|en|er|es) )?"
                                  r"(?:\w+ ?- (?:und|oder) )?(?:(?![POKLC]\d)[A-ZÄÖÜ][\w-]+ (?=O))?O(?P<o>\d+)"), 0.85),
    ("person-role-of-org", re.compile(r"P(?P<p>\d+) , (?:(?![PO]\d)[\w.-]+ ){0,3}?L(?P<l>\d+) (?:[\w/-]+ ){0,4}?"
                                      + _OF + r" (?:C\d+ADJ )?(?:[\w-]+ ){0,3}?O(?P<o>\d+)"), 0.85),
    # "P, Mitglied des Siemens Vorstands": a board named after its house (the role checked to be a board)
    ("person-in-board-of-named-org", re.compile(r"P(?P<p>\d+) , (?:\w+ )?(?:Mitglied|Mitglieder|Vorsitzender?|"
                                                r"Vorsitzenden) (?:des|der|im) O(?P<o>\d+) L(?P<l>\d+)"), 0.8),
    # a second role in the same apposition: "P, Geschäftsführer der O1, Mülheim, Vizepräsident der O2"
    # … or coordinated: "P, Präsident der O1 und Geschäftsführer der O2 in C, wurde gewählt"
    ("person-second-role", re.compile(r"P(?P<p>\d+) , (?:[\w.-]+ ){0,3}?L\d+ (?:[\w-]+ ){0,4}?" + _OF
                                      + r" (?:[\w-]+ ){0,3}?O\d+ (?:in C\d+ )?(?:, (?:C\d+ , )?|(?:, )?(?:und|sowie) )"
                                      + _SECOND_ROLE_GAP + r"L(?P<l>\d+) "
                                      + _OF + r" (?:[\w-]+ ){0,3}?O(?P<o>\d+)"), 0.8),
    # "P ist Präses der O1 und Geschäftsführer der O2", "P ist L der O1 in C und seit 2007 L der O2"
    ("person-is-second-role", re.compile(r"P(?P<p>\d+) (?:ist|wird|wurde|bleibt|war) (?:\w+ ){0,3}?L\d+ " + _OF
                                         + r" (?:[\w-]+ ){0,3}?O\d+ (?:in C\d+ )?(?:, )?(?:und|sowie) "
                                         + _SECOND_ROLE_GAP + r"L(?P<l>\d+) " + _OF + r" O(?P<o>\d+)"), 0.8),
    ("person-relative-at-org", re.compile(r"P(?P<p>\d+) , (?:die|der) (?:[\w.-]+ ){0,8}?(?:als L(?P<l>\d+) "
                                          r"(?:[\w-]+ ){0,2}?)?(?:bei der|beim|bei|an der|am|im|in der|"
                                          r"für die|für den) "
                                          r"O(?P<o>\d+)"), 0.75),
    # "P, der schon seit einem Jahr Geschäftsführer der O ist", "P, der seit 2010 Mitglied im Vorstand der O ist"
    ("person-relative-role-of-org", re.compile(r"P(?P<p>\d+) (?:an )?, (?:die|der) " + _NO_ACTOR + r"{0,12}?"
                                               r"(?:Mitglied (?:im|in der|des|der) |im |in der )?L(?P<l>\d+) "
                                               r"(?:der|des) O(?P<o>\d+) (?:ist|war|bleibt|sitzt|saß)\b"), 0.8),
    # "Bis dahin bleibt Prokurist P Interimsgeschäftsführer der O": the verb first
    ("verb-person-role-of-org", re.compile(r"\b(?:bleibt|ist|wird|war) (?:L\d+ )?P(?P<p>\d+) (?:[\w-]+ )?L(?P<l>\d+) "
                                           r"(?:der|des) O(?P<o>\d+)"), 0.75),
    # a headline's "Neues Betätigungsfeld für P: Der Geschäftsführer der O wechselt …"
    ("person-colon-role-of-org", re.compile(r"P(?P<p>\d+) : (?:Der|Die) L(?P<l>\d+) (?:der|des) O(?P<o>\d+) "
                                            r"(?!, P\d)(?![\w-]+ P\d)"), 0.7),
    ("person-at-org-zustaendig", re.compile(r"P(?P<p>\d+) , (?:bei der|beim|bei|an der|am|im) O(?P<o>\d+)"), 0.75),
    ("subunit-of-org", re.compile(r"P(?P<p>\d+) (?:, |(?:, (?:[\w-]+ ){0,3})?(?:vom|von der|am|an der|im|aus dem|"
                                  r"aus der) )"
                                  r"(?:[Ii]nternationalen )?"
                                  r"(?:Lehrstuhl|Fachbereich|Fakultät|Fachgebiet|Abteilung|Arbeitsgruppe|Bereich|"
                                  r"Institut|Zentrum|Team|Referat|Dezernat|Department|Center|International Office|"
                                  r"Büro|\w+abteilung|Stabsstelle)\b"
                                  r"(?:[\w-]+ |[\w-]+$| ){0,6}?"
                                  r"(?:der|des) O(?P<o>\d+)"), 0.75),
    ("org-appoints-person", re.compile(r"O(?P<o>\d+) (?:hat|hatte) (?:[\w.-]+ ){0,4}?P(?P<p>\d+) (?:zum|zur|als) "
                                       r"(?:[\w-]+ ){0,2}?L(?P<l>\d+)"), 0.8),
    # "Nach 18 Jahren … die Leitung des Evangelischen Klinikums Niederrhein (EVKLN) übernimmt dann P"
    ("org-taken-over-by-person", re.compile(r"\b(?:die|den) (?:Leitung|Geschäftsführung|Führung|Vorsitz) (?:der|des) "
                                            r"O(?P<o>\d+) (?:\( [\w-]+ \) )?(?:übernimmt|übernahm|übernehmen wird) "
                                            r"(?:dann |nun |jetzt |ab \w+ )?P(?P<p>\d+)"), 0.8),
    # "Die Wirtschaftsförderung Münster begrüßt P als neuen Geschäftsführer"
    ("org-welcomes-person-as-role", re.compile(r"O(?P<o>\d+) (?:begrüßt|begrüßte|gewinnt|gewann|holt|holte|stellt|"
                                               r"stellte|beruft|berief|verpflichtet|verpflichtete) (?:[\w.-]+ ){0,2}?"
                                               r"P(?P<p>\d+) (?:als|zum|zur) (?:neuen |neue |neuer |künftigen )?"
                                               r"L(?P<l>\d+)"), 0.8),
    # an anaphor opening the sentence with its role: "Der 44-jährige Geschäftsführer der O löst P ab"
    ("anaphor-role-of-org", re.compile(r"^P(?P<p>\d+) L(?P<l>\d+) " + _OF + r" (?:C\d+ADJ )?O(?P<o>\d+)"), 0.8),
    ("role-of-org-person", re.compile(r"L(?P<l>\d+) (?:[\w-]+ ){0,3}?" + _OF + r" (?:C\d+ADJ )?(?:[A-ZÄÖÜ][\w-]+ )?"
                                      r"O(?P<o>\d+) (?:\( O\d+ \) )?(?:, )?(?:[\w.-]+ ){0,2}?P(?P<p>\d+)"), 0.85),
    ("person-paren-org", re.compile(r"P(?P<p>\d+) \( (?:(?:[\w.-]+ ){0,2}?L(?P<l>\d+) "
                                    r"(?:(?:für|im|in) (?:[\w-]+ ){1,2}|[A-ZÄÖÜ][\w-]+ )?"  # "L für Betriebe der O"
                                    r"(?:und (?:[\w-]+ ){1,2})?(?:, )?)?"
                                    r"(?:der |des |bei der |beim |von der |vom )?"
                                    r"(?:Firma |[\w-]+s |[A-ZÄÖÜ][\w-]+ [\w-]*(?:" + _APART + r") )?"
                                    r"O(?P<o>\d+)"), 0.7),  # 11 of 16 right on real pages (2026-12-03)
    ("person-is-role-of-org", re.compile(r"P(?P<p>\d+) (?:ist|wird|wurde|bleibt|war|übernimmt|übernahm) "
                                         r"(?:\w+ ){0,3}?L(?P<l>\d+) " + _OF
                                         + r" (?:[a-zäöü]\w*(?:e|en) )?O(?P<o>\d+)"),
     0.8),  # "P ist bereits Geschäftsführer der städtischen O"
    # "P1 und P2 leiten das O seit August 2022": each of them
    ("persons-lead-org", re.compile(r"P(?P<p>\d+) (?:und P\d+ )?(?:leiten|führen|leitet|führt) (?:gemeinsam )?"
                                    r"(?:das|die|den) O(?P<o>\d+)"), 0.75),
    ("persons-lead-org", re.compile(r"P\d+ und P(?P<p>\d+) (?:leiten|führen) (?:gemeinsam )?(?:das|die|den) "
                                    r"O(?P<o>\d+)"), 0.75),
    # "P1 leitet ab sofort gemeinsam mit P2 die O": the partner too
    ("person-leads-org-with", re.compile(r"P\d+ (?:leitet|führt|leiten|führen) " + _NO_ENTITY + r"{0,3}?"
                                         r"(?:gemeinsam )?mit P(?P<p>\d+) (?:die|den|das) O(?P<o>\d+)"), 0.75),
    # "Stadtkämmerer P, der im Aufsichtsrat der O die Interessen der Stadt vertritt"
    ("person-relative-in-board", re.compile(r"P(?P<p>\d+) , (?:der|die) " + _NO_ENTITY + r"{0,3}?(?:im|in den|dem) "
                                            r"(?:" + "|".join(BOARDS) + r") (?:der|des) O(?P<o>\d+)"), 0.75),
    # "Das Unternehmen wird heute in der dritten Generation durch P geführt"
    ("org-led-by-person", re.compile(r"O(?P<o>\d+) (?:wird|wurde) " + _NO_ENTITY + r"{0,6}?(?:durch|von) "
                                     r"P(?P<p>\d+) (?:als (?:\w+ )?L(?P<l>\d+) )?(?:geführt|geleitet)\b"), 0.75),
    # "Künftig wird die O von P als Alleingeschäftsführer geführt": the house before its verb
    ("org-led-by-person", re.compile(r"\b(?:wird|wurde) (?:die|der|das) O(?P<o>\d+) (?:von|durch) P(?P<p>\d+) "
                                     r"(?:als (?:\w+ )?L(?P<l>\d+) )?(?:geführt|geleitet)\b"), 0.75),
    # "1972 übernahm sein Vater P die Leitung des Familienunternehmens"
    ("takes-over-person-org", re.compile(r"\b(?:übernimmt|übernahm) (?:[\w-]+ ){0,3}?P(?P<p>\d+) (?:die|den) "
                                         r"(?:Leitung|Geschäftsführung|Führung|Vorsitz) (?:der|des) "
                                         r"O(?P<o>\d+)"), 0.75),
    # "Seit einem Jahrzehnt engagiert sich P im Vorstand der O"
    ("person-active-in-board", re.compile(r"P(?P<p>\d+) " + _NO_ENTITY + r"{0,3}?(?:im|in den) "
                                          r"(?:" + "|".join(BOARDS) + r"|L(?P<l>\d+)) (?:der|des) (?:C\d+ADJ )?"
                                          r"O(?P<o>\d+)"),
     0.75),
    # "P leitet seit 2019 die O", "P führt ab 1.1.2027 die O"
    ("person-leads-org", re.compile(r"P(?P<p>\d+) (?:leitet|leitete|führt|führte|verantwortet|gründete|"
                                    r"vertritt|vertrat) (?:(?:seit|ab|ab dem|vom|zum|künftig|nun|jetzt) "
                                    + _NO_ENTITY + r"{0,6}?)?(?:\w+ )?(?:das|die|den|der) O(?P<o>\d+)"), 0.75),
    # "Ab Juli wird P der alleinige Geschäftsführer der O sein"
    ("is-person-role-of-org", re.compile(r"\b(?:ist|wird|wurde|war|bleibt) P(?P<p>\d+) (?:der|die) (?:\w+ ){0,2}?"
                                         r"L(?P<l>\d+) " + _OF + r" (?:[\w-]+ )?O(?P<o>\d+)"), 0.8),
    # "Seit 2006 ist Adrian bereits Präsident der IHK Trier"
    ("is-person-role-of-org", re.compile(r"\b(?:ist|war|bleibt) P(?P<p>\d+) (?:(?:bereits|schon|auch|zudem|"
                                         r"außerdem|weiterhin|nun|jetzt|zugleich|noch) )?L(?P<l>\d+) "
                                         r"(?:für " + _NO_ENTITY + r"{1,4}?)?(?:der (?:Geschäftsführung|"
                                         r"Geschäftsleitung|Hauptgeschäftsführung) )?(?:der|des) O(?P<o>\d+)"), 0.8),
    # "Berthold Schröder, Präsident der HWK Dortmund und des Westdeutschen Handwerkskammertags (WHKT)": the second house
    ("person-role-of-two-orgs", re.compile(r"P(?P<p>\d+) , (?:[\w-]+ )?L\d+ (?:der|des) O\d+ und (?:der|des) "
                                           + _NO_ENTITY + r"{0,2}?(?:\( )?O(?P<o>\d+)"), 0.75),
    # "Carsten Harder, HWK Hauptgeschäftsführer, empfingen …"
    ("person-org-role", re.compile(r"P(?P<p>\d+) , O(?P<o>\d+) L(?P<l>\d+) (?:,|\.|und)"), 0.75),
    # "Als neuer Präsident des DIHK wurde Peter Adrian gewählt"
    ("as-role-of-org-elected", re.compile(r"\bAls (?:neuer |neue |neues )?L(?P<l>\d+) (?:der|des) O(?P<o>\d+) "
                                          r"(?:wurde|wird|ist) (?:[\w.-]+ ){0,2}?P(?P<p>\d+) (?:[\w.-]+ ){0,3}?"
                                          r"(?:gewählt|bestätigt|berufen|bestellt|ernannt)\b"), 0.8),
    ("person-relative-leads-org", re.compile(r"P(?P<p>\d+) , (?:die|der) (?:[\w.-]+ ){0,4}?"
                                             r"(?:die|den|das|der) O(?P<o>\d+) "
                                             r"(?:[\w-]+ ){0,3}?(?:leitet|führt|verantwortet|gegründet|mitgegründet|"
                                             r"vertritt|koordiniert|managt|berät|aufgebaut|leitete|führte)"), 0.75),
    ("for-org-spoke", re.compile(r"\b(?i:für) (?:die|den|das) O(?P<o>\d+) (?:sprach|sprechen|spricht|erklärte|betonte|"
                                 r"ergänzte|sagte|unterzeichnete|präsentierte) (?:[\w.-]+ ){0,2}?P(?P<p>\d+)"), 0.75),
    # "Wechsel an der Spitze der O: Die Versammlung hat P1 zum neuen L und P2 zu seinem L gewählt" (each person)
    ("elected-at-head-of-org", re.compile(_HEAD_OF + r"(?:[\w.-]+ ){0,12}?P(?P<p>\d+) " + _TO_ROLE), 0.8),
    ("elected-at-head-of-org", re.compile(_HEAD_OF + r"(?:[\w.-]+ ){0,12}?P\d+ (?:zum|zur) (?:\w+ )?L\d+ "
                                          r"(?:und|,) P(?P<p>\d+) " + _TO_ROLE), 0.8),
    ("person-takes-over", re.compile(r"P(?P<p>\d+) (?:übernimmt|übernahm|übernehmen|hat|hatte|leitet|leitete|"
                                     r"verstärkt|verstärkte) (?:[\w.]+ ){0,4}?(?:die|den|das) (?:\w+ )?"
                                     r"(?:Geschäftsführung|Leitung|Vorsitz|Vorstandsvorsitz|Präsidentschaft|Führung|"
                                     r"Team|Spitze) (?:der|des|bei der|beim|im) O(?P<o>\d+)"), 0.8),
    ("org-has-new-role", re.compile(r"O(?P<o>\d+) (?:hat|bekommt|erhält|bekam|erhielt) (?:wie geplant )?(?:einen|eine) "
                                    r"(?:neuen|neue) L(?P<l>\d+) :? (?:[\w.-]+ ){0,3}?P(?P<p>\d+)"), 0.8),
    ("role-at-org-is-person", re.compile(r"L(?P<l>\d+) (?:[\w-]+ ){0,2}?(?:bei der|beim|bei|der|des|im|am) O(?P<o>\d+) "
                                         r"(?:ist|wird|bleibt|war) " + _NO_ENTITY + r"{0,5}?P(?P<p>\d+)"), 0.8),
    ("role-org-person", re.compile(r"L(?P<l>\d+) (?:der |des |bei der |beim |von der |vom |von )?O(?P<o>\d+) "
                                   r"P(?P<p>\d+)"), 0.8),
    ("person-comes-from-org", re.compile(r"P(?P<p>\d+) (?:[^OP.]{0,80}? )?(?:kommt|kam|wechselt|wechselte|stößt|stieß) "
                                         r"(?:[\w-]+ ){0,3}?(?:von der|vom|von) O(?P<o>\d+)"), 0.7),
    # "bevor er als Vorstandsmitglied zur Sparkasse Jena wechselte": P went to O in that post
    ("person-moves-to-org-as", re.compile(r"P(?P<p>\d+) " + _NO_ENTITY + r"{0,3}?als L(?P<l>\d+) (?:zur|zum|in die|"
                                          r"in den|an die|ins) O(?P<o>\d+) " + _NO_ENTITY + r"{0,2}?(?:wechselte|"
                                          r"wechselt|gewechselt|kam|kommt|ging|geht)\b"), 0.75),
    # "dass P vom Oldenburger Energieunternehmen O nach Münster wechselt": P comes from O
    ("person-from-org-moves", re.compile(r"P(?P<p>\d+) (?:vom|von der|von) (?:C\d+ADJ )?(?:[\w-]+ ){0,4}?O(?P<o>\d+) "
                                         r"(?:[\w.-]+ ){0,3}?(?:nach|zur|zum|zu|in die|an die) (?:[\w.-]+ ){0,3}?"
                                         r"(?:wechselt|wechselte|wechseln|kommt|kam|geht|ging)\b"), 0.7),
    ("person-works-at-org", re.compile(r"P(?P<p>\d+) (?:arbeitet|forscht|lehrt|ist|war|promoviert|"
                                       r"arbeitete|forschte|wechselte|wechselt|kam|kommt) (?:[\w-]+ ){0,5}?(?:bei der|"
                                       r"beim|bei|an der|am|im|für die|für den|von der|vom) O(?P<o>\d+)"), 0.7),
    ("org-person-role", re.compile(r"O(?P<o>\d+) -?(?:\w+ )?L(?P<l>\d+) P(?P<p>\d+)"), 0.75),
    # "eine Delegation der O unter Leitung des Präsidenten P": the leader belongs to the visiting institution
    ("delegation-led-by", re.compile(r"[Dd]elegation (?:der|des|von der|vom) O(?P<o>\d+) (?:[\w.-]+ ){0,2}?unter "
                                     r"(?:der )?(?:Leitung|Führung) (?:des|der|von) (?:[\w-]+ )?L(?P<l>\d+) "
                                     r"P(?P<p>\d+)"), 0.8),
    # "Der bisherige Vorstandschef P verlässt das Unternehmen": leaving, P still belongs to it
    ("person-leaves-org", re.compile(r"P(?P<p>\d+) (?:verlässt|verlasse|verließ) (?:[\w.-]+ ){0,3}?(?:das|den|die) "
                                     r"O(?P<o>\d+)"), 0.7),
    # "Der Industriekonzern O hat einen Nachfolger für seinen scheidenden Finanzchef P gefunden"
    ("org-its-role-person", re.compile(r"O(?P<o>\d+) (?:hat|hatte|sucht|suchte|verliert|verabschiedet|verabschiedete) "
                                       + _NO_ACTOR + r"{0,5}?(?:seinen|seine|seinem|ihren|ihre|ihrem) "
                                       r"(?:[\w-]+ )?L(?P<l>\d+) P(?P<p>\d+)"), 0.75),
    # "Der Aufsichtsrat habe P zum neuen Finanzvorstand bestellt, teilte das O mit"
    ("appointed-org-announced", re.compile(r"P(?P<p>\d+) (?:zum|zur) (?:neuen )?L(?P<l>\d+) (?:bestellt|ernannt|"
                                           r"berufen|gewählt) , (?:teilte|teilt|gab|gibt) (?:das|der|die) "
                                           r"O(?P<o>\d+) "), 0.75),
    # "Der O hat in seiner Mitgliederversammlung P, Präsident der Q, als persönliches Mitglied aufgenommen"
    ("org-admits-person", re.compile(r"O(?P<o>\d+) (?:hat|haben|hatte) " + _NO_ACTOR + r"{0,10}?P(?P<p>\d+) "
                                     r"(?:, (?:[\w.-]+ ){1,6}?, )?als (?:[\w.„“\"-]+ ){0,3}?(?:Mitglied|Mitglieder) "
                                     r"(?:[\w.„“\"-]+ )?(?:aufgenommen|berufen|gewählt|ernannt)\b"), 0.75),
    # "…, dass P die O mit Sitz in Bochum verlässt": the verb at the end of a subordinate clause
    ("person-leaves-org", re.compile(r"P(?P<p>\d+) (?:die|den|das) O(?P<o>\d+) " + _NO_ACTOR + r"{0,5}?"
                                     r"(?:verlässt|verließ|verlassen wird|verlassen hat)\b"), 0.7),
    # "ob P die Leitung der O auf Dauer übernehmen soll"
    ("person-takes-over", re.compile(r"P(?P<p>\d+) (?:die|den) (?:Leitung|Führung|Geschäftsführung|Spitze|Vorsitz) "
                                     r"(?:der|des) O(?P<o>\d+) " + _NO_ENTITY + r"{0,4}?(?:übernehmen|übernimmt|"
                                     r"übernahm|übernommen)\b"), 0.8),
    # "P hat … als Strategiechef von O gute Arbeit geleistet"
    ("person-as-role-of-org", re.compile(r"P(?P<p>\d+) (?:hat|hatte|ist|war|arbeitet|arbeitete|vertritt|vertrat|"
                                         r"fungiert|fungierte|amtiert|amtierte|sitzt|saß) "
                                         r"(?:[\w.-]+ ){0,5}?als L(?P<l>\d+) "
                                         r"(?:von der|vom|von|der|des|bei der|beim|bei) O(?P<o>\d+)"), 0.75),
    # "ist P als Hauptgeschäftsführer der O in den Ruhestand verabschiedet worden", "P als neue Leiterin des O"
    ("person-as-role-of-org", re.compile(r"(?<!zuvor )(?<!früher )(?<!bisher )P(?P<p>\d+) "
                                         r"(?!(?:[\w.-]+ ){0,3}?(?:zuvor|früher|bisher|vorher|ehemals|einst) )"
                                         + _NO_ENTITY + r"{0,3}?als (?:neuer |neue |neuen |"
                                         r"designierter |designierte |langjähriger |langjährige |amtierender |"
                                         r"amtierende )?L(?P<l>\d+) (?:der|des|von der|vom) O(?P<o>\d+)"), 0.75),
    # "P ist derzeit noch einer der Geschäftsführer der O", "P ist eine der Sprecherinnen des O"
    ("person-one-of-roles-of-org", re.compile(r"P(?P<p>\d+) (?:ist|bleibt|wird) (?:derzeit |noch |derzeit noch |"
                                              r"weiterhin |seit \d{4} )?(?:einer|eine) der (?:[\w-]+ )?L(?P<l>\d+) "
                                              r"(?:der|des|bei der|beim) O(?P<o>\d+)"), 0.8),
    # "der Präsident des Westdeutschen Handwerkskammertages (WHKT), P": the house named by its acronym
    ("role-of-acronym-org-person", re.compile(r"L(?P<l>\d+) (?:der|des) (?:[\w-]+ ){1,5}?\( O(?P<o>\d+) \) , "
                                              r"P(?P<p>\d+)"), 0.75),
    # "Von 2006 bis 2011 war P als Referent bei der O tätig"
    ("person-as-role-at-org", re.compile(r"P(?P<p>\d+) " + _NO_ENTITY + r"{0,4}?als L(?P<l>\d+) (?:bei der|beim|bei|"
                                         r"an der|am|im|in der|für die|für den|für das) O(?P<o>\d+) "
                                         + _NO_ENTITY + r"{0,3}?(?:tätig|beschäftigt|aktiv|angestellt)\b"), 0.75),
    # "Sie ist die erste Frau im Präsidium der O", "P sitzt seit 2019 im Aufsichtsrat des O"
    ("person-in-board-of-org", re.compile(r"P(?P<p>\d+) (?:ist|war|sitzt|saß|bleibt|blieb|gehört|gehörte) "
                                          r"(?:[\w.-]+ ){0,5}?(?:im|in den|dem) (?:" + "|".join(BOARDS) + r") "
                                          r"(?:der|des) (?:C\d+ADJ )?"
                                          r"O(?P<o>\d+)"), 0.75),
    # "P gibt seinen Posten als Geschäftsführer von O auf"
    ("person-post-at-org", re.compile(r"P(?P<p>\d+) (?:[\w-]+ ){0,3}?(?:seinen|ihren|den) (?:Posten|Job|Sitz) als "
                                      r"L(?P<l>\d+) " + _OF + r" O(?P<o>\d+)"), 0.75),
    # "Der Aufsichtsrat der O hat P mit der Geschäftsführung … betraut"
    ("org-entrusts-person", re.compile(r"O(?P<o>\d+) (?:hat|hatte) (?:[\w.-]+ ){0,3}?P(?P<p>\d+) mit der "
                                       r"(?:Geschäftsführung|Leitung|Führung)\b"), 0.75),
    # "P bildet gemeinsam mit P2 die Doppelspitze der O" (each of them)
    ("person-forms-top-of-org", re.compile(r"P(?P<p>\d+) (?:bildet|bilden|bildete|bildeten) (?:[\w.-]+ ){0,4}?"
                                           + _TOP_OF), 0.75),
    ("person-forms-top-of-org", re.compile(r"\b[Mm]it P(?P<p>\d+) (?:bildet|bildete) (?:[\w.-]+ ){0,6}?"
                                           + _TOP_OF), 0.75),
    ("person-forms-top-of-org", re.compile(r"P\d+ (?:bildet|bildete) (?:[\w.-]+ ){0,2}?mit (?:[\w.-]+ ){0,2}?"
                                           r"P(?P<p>\d+) (?:[\w.-]+ ){0,2}?" + _TOP_OF), 0.75),
    # "P wechselt … an die Spitze der O", "P rückt zur Spitze des O auf"
    ("person-to-top-of-org", re.compile(r"P(?P<p>\d+) (?:, )?(?:[\w.-]+ ){0,6}?(?:an die|zur) Spitze (?:der|des) "
                                        r"O(?P<o>\d+)"), 0.75),
    # "P wurde in den Vorstand der O berufen", "hat P in den Aufsichtsrat der O bestellt"
    ("person-into-board-of-org", re.compile(r"P(?P<p>\d+) (?:\( O\d+ \) )?(?:[\w.,-]+ ){0,6}?(?:in den|in das|"
                                            r"ins) L(?P<l>\d+) (?:der|des) O(?P<o>\d+) (?:[\w.-]+ ){0,3}?(?:bestellt|"
                                            r"berufen|gewählt|aufgenommen|entsandt|nachgerückt|eingezogen|wechseln|"
                                            r"wechselt|wechselte|einziehen|eintreten)\b"), 0.8),
    # "die Nachfolge von P an, der nach 18 Jahren an der Spitze der O … in den Vorstand der O2 wechselte":
    # a relative clause about P (each house it names in these two ways)
    ("person-relative-top-of-org", re.compile(r"P(?P<p>\d+) (?:an |ab |auf )?, (?:der|die) " + _NO_ENTITY
                                              + r"{0,8}?(?:an der|an die|zur) Spitze (?:der|des) "
                                              r"(?:C\d+ADJ )?O(?P<o>\d+)"), 0.75),
    ("person-relative-into-board", re.compile(r"P(?P<p>\d+) (?:an |ab |auf )?, (?:der|die) (?:(?!P\d)[\w.-]+ ){0,16}?"
                                              r"(?:in den|in das|ins) L(?P<l>\d+) (?:der|des) O(?P<o>\d+) "
                                              r"(?:wechselte|wechselt|gewechselt ist|berufen wurde|gewählt wurde|"
                                              r"eingezogen ist|einzieht|aufrückt|aufrückte)\b"), 0.75),
    # "…, von Geschäftsführer P, der auch Präsident der O ist, begrüßt"
    ("person-relative-role-of-org", re.compile(r"P(?P<p>\d+) , (?:die|der) (?:auch |zugleich |außerdem |zudem |"
                                               r"ebenfalls |bereits |seit \w+ |noch )*L(?P<l>\d+) (?:der|des|von der|"
                                               r"vom|bei der|beim) (?:C\d+ADJ )?O(?P<o>\d+) (?:[\w.-]+ ){0,2}?"
                                               r"(?:ist|war|bleibt|wird)\b"), 0.8),
    # "P ist für weitere fünf Jahre zum Präsidenten der O gewählt worden"
    ("person-elected-role-of-org", re.compile(r"P(?P<p>\d+) " + _NO_ENTITY + r"{0,6}?(?:zum|zur) (?:\w+ ){0,2}?"
                                              r"L(?P<l>\d+) " + _OF + r" O(?P<o>\d+) (?:[\w.-]+ ){0,3}?"
                                              r"(?:gewählt|wiedergewählt|ernannt|bestellt|berufen|bestimmt)\b"), 0.8),
    # "Der Nachfolger von P als Geschäftsführer der O steht fest": P held the post
    ("predecessor-role-of-org", re.compile(r"(?:Nachfolger|Nachfolgerin|Nachfolge) (?:von )?P(?P<p>\d+) als "
                                           r"L(?P<l>\d+) (?:der|des|bei der|beim) O(?P<o>\d+)"), 0.75),
]
# people who run a part of the house the article is about: "Das Geschäftsfeld Bildung leiten P und P",
# "P und P verantworten den Bereich Recht", "Neben P gehört P als Stellvertreter der Geschäftsführung an"
_UNIT = r"(?:Geschäftsfeld|Geschäftsbereich|Bereich|Abteilung|Referat|Ressort|Team|Dezernat|Stabsstelle|Fachbereich)"
_RUN = r"(?:leiten|leitet|verantworten|verantwortet|führen|führt|übernehmen|übernimmt)"
_PEOPLE = r"P\d+(?: (?:,|und) P\d+)*"
INTERNAL_UNIT = re.compile(rf"(?:\b(?:Das|Den|Die|Der) {_UNIT}\b(?: [^PO.]*?)? {_RUN} (?P<ps>{_PEOPLE}))|"
                           rf"(?:(?P<ps2>{_PEOPLE}) {_RUN} (?:künftig |gemeinsam |nun |jetzt )?"
                           rf"(?:den|das|die) {_UNIT}\b)|"
                           r"(?:(?:(?P<ps3>P\d+) gehört|gehört (?P<ps4>P\d+)) (?:(?![PO]\d)[\w-]+ ){0,2}?(?:als L\d+ )?"
                           r"(?:der Geschäftsführung|dem Vorstand|dem Präsidium|der Geschäftsleitung|"
                           r"der Hauptgeschäftsführung) an)")
ROLE_PERSON = re.compile(r"L(?P<l>\d+) P(?P<p>\d+)")
# a visit of the person before: "beim Besuch von P bei der O" (P is the guest, not a member)
VISIT_OF_PERSON = re.compile(r"\b(?:Besuch|Besuchs|Antrittsbesuch|Antrittsbesuchs|Gegenbesuch)\w* (?:von )?"
                             r"(?:[\w.]+ ){0,2}?$")
# before a role: someone else's staff ("seine Mitarbeiterin") or a former post ("der frühere Amtsleiter")
NOT_OWN_POST = re.compile(r"\b(?:seine[nmrs]?|ihre[nmrs]?|deren|dessen|frühere[nmrs]?|ehemalige[nmrs]?|"
                          r"einstige[nmrs]?) (?:\w+ )?$")
# a name right after "… der O": the role before belongs to it ("P1, der Chef der O, P2", "der L von O P2")
NEXT_NAME = re.compile(r" (?:, )?P\d+")
# several people named with one role: "die Vizepräsidenten P1 (5. v. l.) und P2", "P1, P2 und P3 wurden als
# Vizepräsidenten bestätigt", "Dem neuen Vorstand gehören außerdem an: P1 (…), P2 (…) und P3"
_LISTED = r"P\d+(?: \( [^()]*? \))?"
_PEOPLE_LIST = rf"{_LISTED}(?: (?:,|und|sowie) (?:die |der )?{_LISTED})+"
ROLE_LISTS = [
    re.compile(rf"\bL(?P<l>\d+) (?P<ps>{_PEOPLE_LIST})"),
    re.compile(rf"(?P<ps>{_PEOPLE_LIST}) (?:wurden|sind|werden|bleiben) (?:[\w-]+ ){{0,3}}?(?:als|zu|zum|zur) "
               rf"(?:\w+ )?L(?P<l>\d+)"),
    re.compile(rf"\b(?:Dem|Im|Zum) (?:\w+ )?L(?P<l>\d+) (?:gehören|gehörten) (?:[\w-]+ ){{0,2}}?(?:an )?: "
               rf"(?P<ps>{_PEOPLE_LIST})"),
]
# a sentence about someone visiting: the role holders in it need not belong to the organisation named
GUEST_VERB = re.compile(r"\b(?:besuch(?:t|te|ten|en)|besichtig(?:t|te|ten|en)|zu Gast|Antrittsbesuch|Staatsbesuch)\b")
PERSON_ROLE = re.compile(r"P(?P<p>\d+) , (?:\w+ ){0,2}L(?P<l>\d+)")
# "… bestimmte P zum neuen Vorsitzenden", "P übernimmt am 1. April die Geschäftsführung": a role with no
# organisation in the phrase
PERSON_TO_ROLE = re.compile(r"P(?P<p>\d+) (?:erneut |einstimmig |nun |jetzt )?(?:zum|zur) (?:neuen |neu |designierten |"
                            r"stellvertretenden |alleinigen )?L(?P<l>\d+)(?! (?:der|des|von|vom|bei|beim|im|O)\b)")
PERSON_TAKES_OVER = re.compile(r"P(?P<p>\d+) (?:übernimmt|übernahm) (?:(?![POC]\d)[\w.]+ ){0,4}?(?:die|den) (?:\w+ )?"
                               r"(?:Geschäftsführung|Leitung|Vorsitz|Vorstandsvorsitz|Führung)\b"
                               r"(?! (?:der|des|bei der|beim|im|von der|vom) )")
# "Anna Muster und Tim Berg von der O": the organisation belongs to both
# (not "von der O0 P1 und L P2, von der O3 P4 …": after a comma a new item of a list begins)
COORDINATED_PERSONS = re.compile(r"(?<!O\d )(?<!O\d\d )P(?P<a>\d+) (?:, P\d+ )*und (?:der |die )?(?:L\d+ )?"
                                 r"P(?P<b>\d+) (?:, (?!von der O\d+ P|vom O\d+ P))?"
                                 r"(?:von der|vom|von|bei der|beim|"
                                 r"aus dem|aus der) O(?P<o>\d+)")
# "P1, Vorstand der O1, und P2, Rektor der O2, sind damit neue persönliche Mitglieder im O": all of them
NEW_MEMBERS_OF = re.compile(r"\b(?:sind|werden|wurden|ist|wird|wurde) (?:damit |nun |jetzt |ab sofort )?"
                            r"(?:neue |neuen )?(?:[Pp]ersönliche |ordentliche |stimmberechtigte )?Mitglieder? "
                            r"(?:im|in der|der|des) "
                            r"O(?P<o>\d+)")
# "Deren Geschäftsführer P moderierte …", "Deren Präsident, P, begrüßte …": the house named just before
POSSESSIVE_ROLE = re.compile(r"(?:^|[.;:,] )(?:[\w.-]+ ){0,3}?(?:Deren|Dessen|deren|dessen) (?:[\w-]+ )?L(?P<l>\d+) "
                             r"(?:, )?P(?P<p>\d+)")
# "… sagte Anna Muster. Die Geschäftsführerin der O …": the next sentence names her role
ROLE_IN_NEXT_SENTENCE = re.compile(r"(?:Die|Der) L(?P<l>\d+) (?:der|des|von der|vom|bei der|beim) O(?P<o>\d+)")
# "Die O bekommt einen neuen Geschäftsführer. P folgt am 1. April auf …": the next sentence's subject
NEW_ROLE_ANNOUNCED = re.compile(r"O(?P<o>\d+) (?:hat|bekommt|erhält|bekam|erhielt|bekommen|erhalten) (?:wie geplant )?"
                                r"(?:einen|eine|zwei) (?:neuen|neue) L(?P<l>\d+) \.$")
NEW_ROLE_HOLDER = re.compile(r"(?:C\d+ADJ |[\w.-]+ ){0,2}?P(?P<p>\d+) (?:folgt|folgte|wird|übernimmt|übernahm|tritt|"
                             r"trat|heißt|ist|kommt|kam|löst|löste|startet|beginnt)\b")
# "Die Mitgliederversammlung der O hat einen neuen Vorstand gewählt": a board election of O …
BOARD_WORD = re.compile(r"[\w-]*(?:[Vv]orstand|Präsidium|[Aa]ufsichtsrat|[Bb]eirat|[Vv]erwaltungsrat|Hochschulrat|"
                        r"[Gg]remium|Kuratorium|Ausschuss)")
_BOARD = rf"(?:{BOARD_WORD.pattern}|L\d+)"  # a board may be read as a role: the caller checks its text
_NOT_OF_O = r"\b(?! (?:der|des) O)"  # "den Vorstand der O" names its own house
BOARD_ELECTED = re.compile(r"O(?P<o>\d+) (?:\( O\d+ \) )?(?:hat|haben|hatte|wählte|wählt|wählten|bekommt|erhält|bekam|"
                           r"erhielt) (?:[\w.-]+ ){0,5}?"
                           r"(?:einen|ein|ihren|seinen|den|das) (?:neuen |neues |neu )?" + _BOARD + _NOT_OF_O)
# … and the later sentences that say who is on it: every person they name
BOARD_MEMBERS = re.compile(r"\bim Amt bestätigt|\b(?:[Ii]n den|[Ii]ns) " + _BOARD + r" (?:[\w.-]+ ){0,5}?"
                           r"(?:aufgenommen|gewählt|berufen|nachgerückt|entsandt)\b|\b(?:verstärkt|verstärken|ergänzt|ergänzen|"
                           r"komplettiert|komplettieren) (?:den|das) (?:neuen |neue )?" + _BOARD + _NOT_OF_O
                           + r"|\b(?:Dem|dem) (?:neuen )?" + _BOARD + r" (?:gehören|gehört)\b" + _NOT_OF_O
                           + r"|\b(?:Neue|neue) (?:externe |interne )?Mitglieder sind\b|\bbleiben dem " + _BOARD
                           + r" erhalten\b|\bKomplettiert wird (?:der|das) (?:neue )?" + _BOARD + _NOT_OF_O)
#: "Die Delegation des O wurde angeführt von P1, …, P2, … sowie P3, …": everyone named after it belongs to O
DELEGATION_LED_BY_LIST = re.compile(r"[Dd]elegation (?:der|des|von der|vom) O(?P<o>\d+) (?:\( O\d+ \) )?"
                                    r"(?:wurde|wird|war) (?:[\w.-]+ ){0,2}?(?:angeführt|geleitet|angeleitet) "
                                    r"(?:von|durch) ")
#: "Wechsel an der Spitze der O: …" opens a board election of O too, and so does a vote of O's members
HEAD_CHANGE = re.compile(_HEAD_OF)
BODY_ELECTS = re.compile(r"(?:[\w-]*[Mm]itglieder|[\w-]*[Vv]ersammlung|Vorstand|Präsidium|Aufsichtsrat) (?:der|des) "
                         r"O(?P<o>\d+) (?:[\w.-]+ ){0,5}?(?:wählte|wählten|wählt|wählen|bestätigte|bestätigten|berief|"
                         r"beriefen|bestellte|bestellten)\b")
#: … and the people elected to a post in it: "P zu ihrem Präsidenten", "Als Vizepräsidenten wurden P, P gewählt"
ELECTED_TO = re.compile(r"\b(?:[Zz]um|[Zz]ur|zu ihrem|zu seinem|zu ihrer|zu seiner) (?:neuen |neue )?"
                        r"(?:stellvertretenden |stellvertretende )?L\d+"
                        r"|\b[Aa]ls (?:neuer |neue )?L\d+ (?:wurden|wurde) (?:[\w.,-]+ ){1,30}?"
                        r"(?:gewählt|bestätigt|berufen)\b|\b[Aa]ls L\d+ (?:fungieren|fungiert|amtieren|amtiert)\b"
                        r"|\b(?:[Dd]er|[Dd]ie) (?:wiedergewählte|neu gewählte|neugewählte)n? L\d+")
#: "P ist neuer Vorsitzender des O", "… haben die Mitglieder einen neuen Vorstand gewählt:" open an election
#: too (the second of the house the sentence or the one before names)
NEW_CHAIR_OF = re.compile(r"P\d+ (?:ist|wurde|wird|bleibt) (?:der |die )?(?:neuer|neue|erneut|wieder|weiterhin) "
                          r"L(?P<l>\d+) (?:der|des) O(?P<o>\d+)")
MEMBERS_ELECT_BOARD = re.compile(r"\b(?:haben|hat|wählten|wählte) (?:[\w.-]+ ){0,3}?(?:die )?(?:Mitglieder|"
                                 r"Mitgliederversammlung|Delegierten|Vollversammlung) (?:[\w.-]+ ){0,4}?"
                                 r"(?:einen|ein|den|das|ihren|seinen) (?:neuen |neues )?" + _BOARD
                                 + r" (?:gewählt|bestätigt)\b")
# "Sie folgt auf Reinhard Pohlmann": the predecessor held the post in the same organisation
# "P wurde als sein Nachfolger eingeführt", "Ihre Nachfolgerin wird P": the post of the person just named
SUCCESSOR_OF_NAMED = re.compile(
    r"P(?P<p>\d+) (?:[\w.-]+ ){0,2}?als (?:sein|ihr) (?:neuer |designierter )?Nachfolger\b|"
    r"P(?P<q>\d+) (?:[\w.-]+ ){0,2}?als (?:seine|ihre) (?:neue |designierte )?Nachfolgerin\b|"
    r"^(?:Sein|Ihr) (?:neuer )?Nachfolger (?:wird|ist|soll|heißt) (?:[\w.-]+ ){0,3}?P(?P<r>\d+)|"
    r"^(?:Seine|Ihre) (?:neue )?Nachfolgerin (?:wird|ist|soll|heißt) (?:[\w.-]+ ){0,3}?P(?P<s>\d+)")
PREDECESSOR = re.compile(r"\b(?:folgt|folgte|folgen|Nachfolge(?:rin)?|Nachfolger(?:in)? von|ersetzt|beerbt|"
                         r"löst|löste) (?:(?:[\w.]+ ){1,4}?auf |(?:auf )?(?:[\w.]+ ){0,2}?)"
                         r"P(?P<p>\d+)")  # "folgt am 1. April auf P" too

# -- seats ------------------------------------------------------------------------------------
LOCATION_PATTERNS: list[tuple[str, re.Pattern[str], float]] = [
    ("seat", re.compile(r"O(?P<o>\d+) (?:, )?(?:mit (?:Sitz|Hauptsitz|Stammsitz|Standort|Standorten|"
                        r"Niederlassung) in|aus|in) C(?P<c>\d+)"), 0.85),
    ("seat-verb", re.compile(r"O(?P<o>\d+) (?:hat|bezieht|bezog|eröffnet|eröffnete|zieht|zog|siedelt|"
                             r"siedelte|baut|verlegt|verlegte|gründete|gründet|errichtet|betreibt) "
                             r"(?:[^.]{0,80}? )?(?:in|nach) C(?P<c>\d+)"), 0.75),
    ("city-adjective", re.compile(r"C(?P<c>\d+)ADJ (?:\w+ ){0,2}O(?P<o>\d+)"), 0.8),
    ("anaphor-seat", re.compile(r"O(?P<o>\d+) (?:, )?(?:\w+ ){0,3}?(?:mit (?:Sitz|Hauptsitz|Stammsitz) in|"
                                r"hat (?:seinen|ihren) (?:Sitz|Hauptsitz) in|sitzt in|ist in) C(?P<c>\d+)"), 0.75),
    ("seat-after-apposition", re.compile(r"O(?P<o>\d+) (?:\( O\d+ \) )?(?:, )?[^OCP]{0,120}?(?:mit (?:Sitz|Hauptsitz|"
                                         r"Stammsitz) in|hat (?:seinen|ihren) (?:Sitz|Hauptsitz) in) "
                                         r"C(?P<c>\d+)"), 0.75),
    ("org-paren-in-city", re.compile(r"O(?P<o>\d+) \( O\d+ \) (?:in|aus) C(?P<c>\d+)"), 0.8),
    # (not a branch: "O, das in Kiew eine Niederlassung hat")
    ("org-relative-in-city", re.compile(r"O(?P<o>\d+) , (?:die|der|das) (?:[\w-]+ ){0,2}?in C(?P<c>\d+)"
                                        r"(?! (?:\w+ ){0,2}?(?:eine|einen|ein|seine|ihre|seinen|ihren) (?:\w+ )?"
                                        r"(?:Niederlassung|Dependance|Filiale|Tochter|Vertretung|Büro|Werk|Standort|"
                                        r"Zweigstelle|Außenstelle|Repräsentanz)\b)"), 0.7),
    ("org-at-site", re.compile(r"O(?P<o>\d+) (?:am|an den|an ihrem|an seinem) "
                               r"(?:Standort|Standorten) C(?P<c>\d+)"), 0.8),
    ("to-org-in-city", re.compile(r"\b(?:zur|zum|zu der|bei der|beim) O(?P<o>\d+) (?:nach|in) C(?P<c>\d+)"), 0.75),
    ("city-opens-sentence", re.compile(r"^In C(?P<c>\d+) (?:\w+ ){1,4}?(?:die|der|das) O(?P<o>\d+)"), 0.6),
    ("site-in-city", re.compile(r"O(?P<o>\d+) (?:[^OCP]{0,80}? )?(?:Standort|Standorte|Campus|Gelände|Werk|Werke|"
                                r"Zentrale|Sitz|Hauptsitz|Büro|Büros|Niederlassung|Firmensitz|Werksgelände|"
                                r"Betriebsgelände|Produktionsstätte|Labor|Labore|Fertigung) (?:[^OCP]{0,20}? )?"
                                r"(?:in|im) C(?P<c>\d+)"), 0.7),
    ("travel-to-org-in-city", re.compile(r"\b(?:in|nach) C(?P<c>\d+) (?:zur|zum|zu der|bei der|beim|bei|an die|an der|"
                                         r"in die|ins) O(?P<o>\d+)"), 0.75),
    ("based-in-city", re.compile(r"(?:in|aus) C(?P<c>\d+) (?:ansässige|ansässigen|ansässiger|ansässigen|"
                                 r"beheimatete|beheimateten|gegründete|gegründeten) (?:[\w-]+ ){0,2}O(?P<o>\d+)"), 0.8),
    ("org-in-city-quarter", re.compile(r"O(?P<o>\d+) (?:im|in der|am) C(?P<c>\d+)ADJ"), 0.75),
    # the town as an apposition: "der Schauenburg GmbH, Mülheim an der Ruhr, …", "Kustan GmbH (Gelsenkirchen)"
    ("org-comma-city", re.compile(r"O(?P<o>\d+) (?:, C(?P<c>\d+) (?=[,.;)]|$)|\( C(?P<c2>\d+) \))"), 0.7),
]
ADDRESS = re.compile(r"(?:an der|in der|am|im|an die)\s+([A-ZÄÖÜ][\wäöüß.-]*?(?:str\.|straße|Straße|weg|Weg|platz|"
                     r"Platz|allee|Allee|ring|Ring|damm|ufer|gasse|Gasse|markt|Markt)\s*\d+\s?[a-z]?)\s+in\s+"
                     r"([A-ZÄÖÜ][\wäöüß-]+)")

# -- visits -----------------------------------------------------------------------------------
# Anywhere in a word ("Wirtschaftsdelegation", "Unternehmerdelegationen") up to its end; only whether
# a sentence has one is ever asked, so no prefix is matched (each prefix tried from every character
# of every word made this the costliest test of a sentence).
DELEGATION = re.compile(r"(?:[Dd]elegation(?:en|s(?:teilnehm|mitglied|leiter|leitung|besuch)\w*)?|Abordnung|"
                        r"Besuchergruppe|[Rr]eisegruppe|Unternehmerreise|Delegationsreise|Handelsmission)\b")
VISITORS = re.compile(r"\b(?:Botschafter(?:in|s)?|Generalkonsul(?:in|s)?|Konsul(?:in|s)?|Gouverneur(?:in|s)?|"
                      r"Gast|Ehrengast|Gesandte[rn]?|Diplomat(?:en|in)?|"
                      r"Führungskräfte|Auszubildende|Azubis|Lehrlinge|Praktikant(?:en|innen)?|Delegierte|Landräte|"
                      r"Vertreter(?:innen)?|Gäste|Gästen|Besucher(?:innen)?|Unternehmer(?:innen)?|"
                      r"Investor(?:en|innen)?|Fachleute|Expert(?:en|innen)|\w*[Ss]tart-?ups|Unternehmen|Firmen|"
                      r"Gründer(?:innen)?|Forscher(?:innen)?|Wissenschaftler(?:innen)?|Studierende|Manager(?:innen)?|"
                      r"Ingenieur(?:e|innen)|Fachkräfte|Journalist(?:en|innen)|Reiseveranstalter(?:innen)?)\b")
VISIT_VERB = re.compile(r"\b(?:besucht\w*|Besuch\w*|besichtigt\w*|reist\w*|zu Gast|empf(?:ing|ingen|angen|ängt)|"
                        r"informiert\w* sich|"
                        r"kündigt\w* sich|kamen|kommen|trafen|treffen|kam)\b")
GROUP_WORDS = re.compile(r"\b(?:Gruppe|Gäste\w*|Delegation\w*|Besucher\w*|Teilnehmende\w*|Teilnehmer\w*|sie)\b")
SPEECH = re.compile(r"\b(?:sagt|sagte|betont|betonte|erklärt|erklärte|sprach|spricht|so)\b|[„“”\"]")
TRIGGER_WORD = re.compile(
    r"^[\w-]*(?:delegation|abordnung|gruppe|gäste|gästen|gast|besucher|vertreter|unternehmer|unternehmen|firmen|"
    r"start-?ups?|investor|expert|fachleute|wissenschaftler|forscher|forschende|manager|einkäufer|journalist|"
    r"studierende|gründer|ingenieur|besuch|teilnehmer|teilnehmende|reiseveranstalter|fachkräfte|politiker|minister|"
    r"bürgermeister|reeder|zulieferer|hersteller|mitglieder|führungskräfte|logistiker|spezialist|entscheider|"
    r"vertretung|unternehmensvertreter|auszubildende|azubi|lehrling|praktikant|delegierte|landräte|botschafter|"
    r"generalkonsul|konsul|diplomat)\w*$", re.IGNORECASE)
VISIT_CONTEXT = re.compile(r"\b(?:Gruppe|Gastgeber\w*|Station|Programm|Rundgang|Führung|Werksgelände|Besichtigung|"
                           r"Gelände|Campus|Abstecher|Termin|Gespräch\w*|Austausch|[Ee]ingeladen|Einladung|"
                           r"organisiert\w*|Organisiert|durchführt\w*|veranstaltet\w*|ausrichtet\w*|anzusehen|"
                           r"anzuschauen|"
                           r"ging es|weiter (?:zu|nach)|Anschließend|Reise|"
                           r"Goldenen?|Stahlbuch|Ehrenbuch|kennen|Antrittsbesuch|schaut\w* sich|sahen? sich|"
                           r"Präsentation)\b")
DELEGATE_ROLE = re.compile(r"(?:Delegationsleiter\w*|Delegationsmitglied\w*|Leiter\w* der Delegation)\W*$")
# when a visit sentence happens: "Am Dienstag besuchte …", "heute", "am 3. Mai"
TIME_ANCHOR = re.compile(r"\b(?:[Aa]m (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Vormittag|"
                         r"Nachmittag|Abend|\d{1,2}\.)|[Hh]eute|[Gg]estern|[Vv]ergangene[nr]? (?:Woche|Montag|"
                         r"Dienstag|Mittwoch|Donnerstag|Freitag))\b")
RECEPTION = re.compile(r"\b(?:Empfang|Empfangs)\b")
PRESENT_VERB = re.compile(r"\b(?:präsentiert\w*|stellt\w*\b.*\bvor|vorstellte|vorstellten|gab\b.*\bÜberblick|"
                          r"gibt\b.*\bÜberblick|"
                          r"referiert\w*|erläutert\w*|berichtet\w*|informiert\w*|führt\w*\b.*\bdurch|"
                          r"sprach|spricht|begrüßt\w*|begrüßen|zeigt\w*|diskutiert\w*|vorgestellt)\b")
# the origin right after a visiting group: "eine Delegation aus Korea", "Startups aus Tel Aviv, Haifa und …"
ORIGIN_AFTER_AUS = re.compile(r"\baus (?:dem |der |den )?(?:[\w-]+ ){0,2}?(?P<x>[KC])(?P<n>\d+)"
                              r"(?P<more>(?: (?:,|und|sowie) (?:der |den |dem |die )?(?:[KC]\d+))*)")
# people who "aus K waren angereist" came from there, whatever the group is called
ARRIVED = re.compile(r" (?:waren |war |sind |ist )?(?:eigens |extra |eigens dafür )?(?:angereist|angereisten|"
                     r"eingereist|nach (?:C|R)\d+ gereist|nach (?:C|R)\d+ gekommen|zu Besuch|zu Gast)\b")
# … and are a visiting group themselves: "Fünf Professorinnen … aus Paraguay waren angereist"
ARRIVED_FROM_ABROAD = re.compile(r"\baus (?:dem |der |den )?K\d+" + ARRIVED.pattern)
# the origins listed after a colon or in parentheses: "Betriebe aus den Partnerländern …: Litauen, Slowenien
# und Kroatien", "Vertreter aus fünf afrikanischen Staaten (Ghana, Kenia und Senegal)"
ORIGIN_LIST_AFTER_COLON = re.compile(r"\baus (?:den |allen |folgenden |diesen |\d+ |[\w-]+ ){0,3}?"
                                     r"(?:Ländern|Partnerländern|Staaten|Nationen|Regionen|Partnerregionen|Städten|"
                                     r"Partnerstädten)\b(?:[^:.;()]{0,120}: | \( )"
                                     r"(?P<list>[KC]\d+(?: (?:,|und|sowie) (?:der |den |dem |die )?[KC]\d+)*)")
# "Von Albanien über Frankreich bis Island und USA: die Liste der vertretenen Länder …"
ORIGIN_FROM_TO = re.compile(r"\b[Vv]on (?P<list>K\d+ (?:über K\d+ (?:(?:,|und) K\d+ )*)?bis K\d+(?: (?:und|sowie) "
                            r"K\d+)*)(?= [^.!?]{0,40}?\b(?:Länder|Nationen|Staaten)\b)")
# the origins of the sentence before: "Dazu sind Delegationen aus den Städten in Herne."
ORIGIN_BACK_REFERENCE = re.compile(r"\baus (?:den|diesen|allen|beiden|drei|vier|fünf) (?:\w+ )?(?:Städten|"
                                   r"Partnerstädten|Ländern|Partnerländern|Staaten)\b(?! ?:)")
# a diplomat of a country: "Botschafter von Kanada", "Generalkonsul der Republik Polen", "Botschafter Chinas"
DIPLOMAT_OF = re.compile(r"\bL(?P<l>\d+) (?:von |aus |der |des )?(?:Botschaft |Generalkonsulats |Konsulats )?"
                         r"(?:Republik |Königreichs |Volksrepublik |"
                         r"Bundesrepublik |Vereinigten Staaten von )?K(?P<k>\d+)")
# diplomats of several countries: "drei Botschafter, die von Südafrika, Kamerun und Kenia, sowie die
# Geschäftsträger der Botschaften von Guinea und Nigeria"
DIPLOMATS_OF_LIST = re.compile(r"\b(?:L(?P<l>\d+) (?:, (?:die|der) )?|Botschaften |Konsulate |Generalkonsulate )"
                               r"(?:von |aus |der |des )(?P<list>K\d+(?: (?:,|und|sowie) K\d+)+)")
DIPLOMAT_ROLES = frozenset({"ambassador", "consul general", "consul", "envoy"})
# the visitors' own institution: "eine Delegation der Universität X", "Vertreter der koreanischen Universität X"
VISITOR_ORG = re.compile(r"(?:\b\w*[Dd]elegation(?:en)?|\bAbordnung|\b\w*[Rr]eisegruppe|\bBesuchergruppe) "
                         r"(?:der|des|von der|vom) (?:[\w-]+ ){0,2}?O(?P<o>\d+)|"
                         r"\b(?:Vertreter(?:innen)?|Gäste|Besucher(?:innen)?|Mitglieder|L\d+) (?:der|des|von der|vom|"
                         r"aus der|aus dem) K\d+ (?:[\w-]+ )?O(?P<o2>\d+)|"
                         # "unter der Leitung von P, Präsident der O": the leader's organisation travels along
                         r"\b(?:unter (?:der )?Leitung|angeführt) (?:von|des|der) (?:[\w.-]+ ){0,2}?P\d+ , "
                         r"(?:[\w-]+ ){0,2}?L\d+ (?:von|der|des) (?:der |des )?O(?P<o3>\d+)")
# a trip abroad: "Delegationsreise der Wirtschaftsförderung nach Osaka", "reiste nach Japan"
TRIP_TO = re.compile(r"\b(?:[\w-]*[Rr]eise\w*|reist\w*|flog|flogen|Auslandsbesuch\w*) (?:[\w.-]+ ){0,6}?"
                     r"(?:nach|in die|in den) (?:[\w-]+ )?(?P<x>[KC])(?P<n>\d+)")
# a delegation from here going abroad: "eine Herner Delegation war eine Woche in Vietnam unterwegs"
HOME_DELEGATION_ABROAD = re.compile(r"\bC(?P<c>\d+)ADJ (?:[\w-]+ )?\w*[Dd]elegation\w*\b.*?\b(?:in|nach) "
                                    r"(?:[\w-]+ ){0,2}?(?P<x>[KC])(?P<n>\d+)")
# photo captions and credits: the people they name present nothing
CAPTION = re.compile(r"\b[vV]\. ?[lr]\.(?: ?n\. ?[lr]\.)?|\((?:\d\. ?)?(?:v\. ?)?[lrLR]\.\)|"
                     r"\b(?:Foto|Bild|Fotos|Bildquelle|Bildrechte)\s?:|©")
ROLE_SYMBOL = re.compile(r"L\d+")
ADJECTIVE_ENDING = re.compile(r"(?:e|en|er|es|em)$")
# -- events -----------------------------------------------------------------------------------
EVENT_TRIGGERS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:Vortragsreihe|Veranstaltungsreihe|Vorlesungsreihe)\w*"), "LectureSeries"),
    (re.compile(r"\b(?:Konferenz|Kongress|Tagung|Gipfel|Summit|Workshop|Forum|Symposium|Roadshow|"
                r"Netzwerktreffen|Fachtagung|Jahrestagung|Veranstaltung)\w*"), "Meeting"),
    (re.compile(r"\b(?:Vortrag|Präsentation|Keynote)\b"), "Presentation"),
    (re.compile(r"\b(?:Messe|Fachmesse|Leitmesse|\w+messe)\b"), "TradeFair"),
    (re.compile(r"\b(?:Wirtschaftsreise|Delegationsreise|Unternehmerreise|Reise)\b"), "Trip"),
]
INVITE = re.compile(r"(?:Auf |auf )?Einladung (?:des|der|von) (?:\w+ )?O(?P<o>\d+)")
VENUE = re.compile(r"\b(?:am|im|beim) O(?P<o>\d+)")
HELD_IN = re.compile(r"\bin C(?P<c>\d+)")
FAIR_PARTICIPANT = re.compile(r"\b([ORK])(\d+) (?:präsentierte sich|präsentiert sich|war|ist|stellte|stellt|"
                              r"nahm|nimmt)\b[^.]*?\b(?:auf|an) der E\d+")
