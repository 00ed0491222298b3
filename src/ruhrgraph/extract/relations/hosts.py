"""The host patterns of visits, over symbol strings (see :mod:`.symbols` and :mod:`.patterns`).

Each pattern finds an organisation that received visitors — "bei der O", "O empfing …", "Station
machte die Gruppe bei der O", "Auf dem Programm stand die O" — with the confidence of its phrasing;
:data:`HOST_LIST` reads the houses coordinated with the one a pattern found ("… bei der O1, der O2
und der O3").

    >>> any(rx.search("Die Delegation besuchte die O0 .") for rx, _ in HOST_PATTERNS)
    True
"""

from __future__ import annotations

import re

# a tour along hosts: "Während einer gemeinsamen Tour vom O0 zum Unternehmen O1 …"
_TOUR = r"\b(?:Tour|Rundfahrt|Bustour|Exkursion|Besichtigungstour|Rundreise|Fahrt) (?:(?![OP]\d)[\w-]+ ){0,3}?"
# who hosts a visit, with the confidence of the phrasing
HOST_PATTERNS: list[tuple[re.Pattern[str], float]] = [
    # "bei der O", "Besuch des Unternehmens O", "zur Soltauer Firma O", "bei der international tätigen O"
    (re.compile(r"\b(?i:bei der|beim|bei|bei dem|zu Gast bei der|zu Gast beim|zu Gast bei|Gast der|Gast des|Gäste der|"
                r"Gäste des|Besuch der|Besuch des|"
                r"Besuch bei der|Besuch beim|Station bei der|Station beim|an der|an die|ans|im|in der|ins|zur|zum|"
                r"Gelände der|Gelände des|Gelände von|Campus der|Campus des|Werksgelände von|Werksgelände der|"
                r"Werksgelände des|Räumen der|Räumen des) (?:C\d+ADJ |[A-ZÄÖÜ]\w+er (?=Firma ))?"
                r"(?:Firma |Unternehmens? |Instituts? |Werks? )?"
                r"(?:[a-zäöü][\w-]* ){0,2}O(\d+)"), 0.85),
    (re.compile(r"\bO(\d+) (?:empfing|empfängt|empfangen|begrüßte|begrüßt|begrüßten|hatte|lud|luden|organisierte|"
                r"organisiert|organisierten|hat|führte|führten|zeigte|zeigten|präsentierte|stellte|begleitete|"
                r"begleiteten|begleitet|betreute|betreuten|betreut)"), 0.8),
    # "Im Mittelpunkt der Reise stand das Technologiezentrum"
    (re.compile(r"\bIm Mittelpunkt (?:der |des )?\w+ (?:stand|standen|steht|stehen) (?:\w+ ){0,2}?"
                r"(?:die |der |das |den )?O(\d+)"), 0.8),
    # "Besuche des Hafens und des Parks sowie der dort ansässigen Kanalwerft GmbH"
    (re.compile(r"\bBesuch(?:e|en)? (?:des|der|beim|bei der|im|in der) (?:(?![OPLKC]\d)[^.;:!?]){0,80}? "
                r"(?:sowie|und) (?:der|des|dem|beim|bei der|im) (?:[a-zäöüß][\w-]* ){0,3}O(\d+)"), 0.8),
    # organisations as coordinated subjects: "Die O0 sowie die O1 boten … ein Programm", "O0 und O1 empfingen"
    (re.compile(r"\bO(\d+)(?= (?:(?:,|und|sowie) (?:die |der |das )?O\d+ )+(?:empfingen|empfangen|begrüßten|"
                r"boten|organisierten|luden|betreuten|begleiteten|hatten (?:\w+ ){0,3}?eingeladen|"
                r"(?:haben|hatten) (?:(?![OP]\d)[^.!?]){0,160}?"
                r"(?:angeboten|organisiert|eingeladen|zusammengestellt)\b))"),
     0.8),
    # "besuchte die Delegation mit Teilnehmern aus … die O"
    (re.compile(r"\b(?:besuchte|besuchten|besichtigte|besichtigten) (?:die|eine) (?:\w+ )?(?:\w*[Dd]elegation|Gruppe|"
                r"Gäste|Teilnehmer\w*) (?:(?![OP]\d)[^!?]){0,100}? (?:die|den|das) O(\d+)"), 0.8),
    # "Tags darauf wurden die Fertigung der O1 und der O2 besichtigt"
    (re.compile(r"\b(?:wurde|wurden) (?:[\w-]+ ){0,4}?(?:die |der |das |den )?(?:K\d+ )?(?:[\w-]+ )?O(\d+)"
                r"(?=[^.!?]{0,80}? (?:besucht|besichtigt)\b)"), 0.8),
    # "Die Teilnehmenden lernten … Unternehmen (u. a. O1, O2 sowie O3) kennen"
    (re.compile(r"\blernten (?:(?![OP]\d)[^!?]){0,160}?O(\d+)(?=[^!?]*\bkennen\b)"), 0.75),
    (re.compile(r"\bStation (?:machte|machten|macht|gemacht) (?:\w+ ){0,3}?(?:bei der|beim|bei|im|in der|an der) "
                r"O(\d+)"), 0.85),
    (re.compile(r"\b(?:besuchte|besuchten|besucht|besuchen|besichtigte|besichtigten|besichtigt) (?:[\w-]+ ){0,5}?"
                r"(?:die |den |das |der )?O(\d+)"), 0.85),
    (re.compile(r"\b(?:empfing|empfingen|begrüßte|begrüßten|empfängt|begrüßt) (?:\w+ ){0,2}?(?:die|der|das|den) "
                r"O(\d+)"), 0.8),
    (re.compile(r"\bStation (?:war|waren|ist|bildete|machte) (?:die |der |das |den )?(?:\w+ )?O(\d+)"), 0.85),
    (re.compile(r"\bvon (?:der |dem )?O(\d+) (?:empfangen|eingeladen|begrüßt|organisiert)"), 0.85),
    # "Am zweiten Tag folgte eine Besichtigung der O in C", "Den Abschluss bildete ein Workshop im O"
    (re.compile(r"\b(?:Besichtigung|Werksbesichtigung|Betriebsbesichtigung|Führung|Rundgang|Präsentation|"
                r"Besuch und Rundgang|Besuch und Besichtigung) (?:der|des|bei der|beim|"
                r"durch die|durch das|"
                r"über das) (?:(?:K\d+|C\d+ADJ) )?(?:Unternehmens |Firma |Werks |Konzerns )?O(\d+)"), 0.8),
    (re.compile(r"\b(?:Den Abschluss|Zum Abschluss|Abschluss) (?:bildete|machte|war|bildeten) (?:[\w-]+ ){0,4}?"
                r"(?:im|in der|bei der|beim|am|an der) O(\d+)"), 0.8),
    # "Anschließend ging es zum Kraftwerksstandort der O", "Danach ging es zur O"
    (re.compile(r"\bging es (?:[\w-]+ ){0,3}?(?:zum|zur|zu der|in die|ins) (?:(?![OP]\d)[\w-]+ ){0,2}?(?:der |des )?"
                r"O(\d+)"), 0.8),
    # "Während einer gemeinsamen Tour vom O0 zum Unternehmen O1 und zu O2 konnten sich die Gäste informieren"
    (re.compile(_TOUR + r"(?:vom|von der|von|zum|zur|zu) (?:Unternehmen |Firma |Werk )?O(\d+)"), 0.8),
    (re.compile(_TOUR + r"(?:vom|von der|von) O\d+ (?:zum|zur|zu) (?:Unternehmen |Firma |Werk )?O(\d+)"), 0.8),
    # … "und zu O2 im Nordsternpark": the tour's later stops
    (re.compile(_TOUR + r"(?:vom|von der|von|zum|zur|zu) (?:(?![PK]\d)[^.!?]){0,100}? (?:und|sowie) (?:zum|zur|zu) "
                r"(?:Unternehmen |Firma |Werk )?O(\d+)"), 0.8),
    # "…, wo sich drei junge Firmen präsentierten: die O, die O und das O"
    (re.compile(r"\bsich (?:[\w-]+ ){0,4}?(?:präsentierten|vorstellten|vorstellen|präsentieren) : "
                r"(?:die |der |das )?O(\d+)"), 0.8),
    # "… wurden von der Bürgermeisterin und der Wirtschaftsförderung Hamm in Empfang genommen"
    (re.compile(r"\bvon (?:(?!O\d)[^.!?]){0,60}?(?:und|sowie) (?:der |dem |den )?O(\d+) "
                r"(?:in Empfang genommen|empfangen|begrüßt)"), 0.85),
    # "… wurden von Vertretern des Wirtschaftsklubs und der Gemeinde Wedemark empfangen": the first of the list
    (re.compile(r"\bvon (?:(?:den |dem )?(?:L\d+|Vertreter(?:n|innen)?|Mitarbeiter(?:n|innen)?|Spitzen|"
                r"Verantwortlichen) )?"
                r"(?:des |der |dem |vom )?O(\d+)(?= (?:(?:,|und|sowie) (?:des |der |dem |vom )?O\d+ )*(?:[\w-]+ ){0,5}?"
                r"(?:in Empfang genommen|empfangen|begrüßt|willkommen geheißen)\b)"), 0.85),
    # "Mit dem Eintrag ins Goldene Buch der Stadt Köthen wurde der Besuch abgerundet"
    (re.compile(r"\b(?i:goldene|goldenen) Buch (?:der |des )?O(\d+)"), 0.85),
    # "… hatten die chinesischen Gäste Gelegenheit, Kontakte zum Wirtschaftsklub Langenhagen zu knüpfen"
    (re.compile(r"\bKontakte? (?:zum|zur|zu der|zu dem|mit der|mit dem) O(\d+)"), 0.8),
    # "Vertreter der Wirtschaftsförderung Herne informierten die Gäste"
    (re.compile(r"\bO(\d+) (?:informierte|informierten|betreute|betreuten) (?:die|den) (?:\w+ )?(?:Gäste|Gästen|"
                r"Delegation|Besucher\w*|Gruppe|Teilnehmer\w*)\b"), 0.8),
    # "Die Gäste sahen sich im Gewerbepark … die Kesselbau Wanne GmbH an"
    (re.compile(r"\b(?:schaute|schauten|sahen|sah) sich (?:(?![OP]\d)[^.!?]){0,80}?(?:die |den |das |der )?"
                r"O(\d+) an\b"), 0.8),
    (re.compile(r"\b(?:Organisiert|Eingeladen|Gastgeber) (?:\w+ ){0,4}?(?:die |der |das |den )?O(\d+)"), 0.8),
    # "… um sich auf dem Campus die Laborausstattung der O anzusehen"
    (re.compile(r"\bsich (?:(?![OP]\d)[^.!?]){0,80}?(?:die |den |das |der )?O(\d+) (?:anzusehen|anzuschauen|"
                r"anschauen|ansehen|zu besichtigen)\b"), 0.8),
    (re.compile(r"\b(?i:empfangen|begrüßt|betreut|eingeladen|begleitet) (?:\w+ ){0,4}?(?:von der|vom|von dem|von|"
                r"im|in der|bei der|beim) O(\d+)"), 0.85),
    # "besuchte größere Unternehmen im Ruhrgebiet, zum Beispiel O in C, O in C …"
    (re.compile(r"\b(?:besuchte|besuchten|besichtigte|besichtigten) (?:[\w-]+ ){0,10}?, (?:zum Beispiel|darunter|"
                r"etwa|beispielsweise|u\. ?a\.) O(\d+)"), 0.8),
    (re.compile(r"\b(?:besuchte|besuchten|besucht|besichtigte|besichtigten) (?:[\w-]+ ){0,8}?(?:die|den|das) "
                r"O(\d+)"), 0.85),
    (re.compile(r"\b(?:Einladung|Initiative) (?:der|des|von) O(\d+)"), 0.75),
    # "… ergaben sich Gelegenheiten für einen Austausch mit Akteuren der Wirtschaftsförderung Dortmund"
    (re.compile(r"\b(?:Austausch|Gespräch\w*|Treffen) mit (?:den |dem )?(?:Akteuren|Vertretern|Vertreterinnen|"
                r"Mitarbeitenden|Mitarbeitern|Experten|Expertinnen|Fachleuten|Verantwortlichen) (?:der|des|von) "
                r"O(\d+)"), 0.8),
    # "Die O, die den Tag der Konsulate gemeinsam mit dem Energieberater O2 und der O3 durchführt"
    (re.compile(r"\bO(\d+) , (?:die|der|das) [^.!?]{0,120}?(?:durchführt|durchführte|veranstaltet|veranstaltete|"
                r"organisiert|organisierte|ausrichtet|ausrichtete)\b"), 0.75),
    (re.compile(r"\bgemeinsam mit (?:dem |der |den )?(?:C\d+ADJ )?(?:L\d+ )?O(\d+)(?=(?: (?:und|sowie) "
                r"(?:dem |der |den )?O\d+)? (?:[\w-]+ ){0,2}?(?:durchführt|durchführte|veranstaltet|veranstaltete|"
                r"organisiert|organisierte|ausrichtet|ausrichtete)\b)"), 0.75),
    # "Im BildungsCenter der Kreishandwerkerschaft erläuterten …": a facility of the house
    (re.compile(r"\b(?i:im|in der|ins|am|an der) (?:O\d+|[\w-]*(?:[Zz]entrum|[Cc]enter|[Gg]ebäude|[Nn]eubau|"
                r"[Ll]abor|[Ll]aboren|[Hh]alle|[Cc]ampus|[Ss]itz|[Rr]äumen|[Ss]aal|[Ff]oyer|[Ww]erkstatt)) "
                r"(?:der|des) O(\d+)"), 0.8),
    # "Makejew besuchte am Montag … den Sitz des Traditionsunternehmens"
    (re.compile(r"\b(?:besuchte|besuchten|besichtigte|besichtigten) (?:[\w-]+ ){0,8}?(?:den Sitz|die Zentrale|"
                r"den Stammsitz|das Werk|den Standort|die Produktion|das Gelände|die Firmenzentrale) "
                r"(?:der|des|von) O(\d+)"), 0.8),
    # a dignitary signs the town's Golden Book: "trug sich in das Goldene Buch der Stadt Dortmund ein"
    (re.compile(r"\b(?:Goldenen? Buch|Stahlbuch|Ehrenbuch) (?:der|des) O(\d+)"), 0.85),
    (re.compile(r"\bGespräch\w* (?:(?:wurden|fanden|gab es|gab|folgten|führten|führte) (?:[\w-]+ ){0,2}?)?"
                r"mit (?:der |dem |den )?O(\d+)"), 0.75),
    # "traten der Botschafter und die Delegation in Kontakt mit der Geschäftsführung der Firma O", "Gespräche mit
    # dem Vorstandsvorsitzenden der O": the guests met the house's leaders
    (re.compile(r"\b(?:Kontakt|Gespräch\w*|Austausch|Treffen) mit (?:der |dem |den )?(?:L\d+|Geschäftsführung|"
                r"Geschäftsleitung|Leitung|Unternehmensleitung|Spitze|Führung) (?:der|des|von) (?:Firma )?O(\d+)"),
     0.75),
    # "Die O setzt ihre Beziehungen zur Stadt X fort und empfängt eine Delegation"
    (re.compile(r"\bO(\d+) (?:(?![OP]\d)[^.!?]){0,100}? und (?:empfängt|empfing|begrüßt|begrüßte) (?:eine|die|den|zwei|"
                r"drei|mehrere) "), 0.8),
    # "… hat sich die Delegation Unternehmen angesehen. U. a. X, das Maker Space der O1 und die Firma O2"
    (re.compile(r"^(?:U \. ?a \.|Unter anderem|Darunter|Dazu gehörten|Zum Beispiel) (?:(?![OP]\d)[^!?]){0,80}?"
                r"(?:der |die |das |den )?(?:Firma )?O(\d+)"), 0.75),
    # "Zum Workshop erwartet die O hochrangigen Besuch", "Die O erwartet eine Delegation aus …"
    (re.compile(r"\bO(\d+) (?:erwartet|erwartete|erwarten|erwarteten) (?:[\w-]+ ){0,2}?(?:Besuch|Gäste|Delegation|"
                r"Delegationen)\b"), 0.75),
    # "Weiterhin standen O1 in Burbach sowie die O2 auf dem Programm"
    (re.compile(r"\b(?:standen|stand|steht|stehen) (?:(?:auch|außerdem|zudem|dann|noch|weiterhin) )?"
                r"(?:die |der |das |den )?(?:Firma )?O(\d+)(?=[^.!?]*\bauf dem (?:Programm|Besuchsprogramm|Plan)\b)"),
     0.8),
    (re.compile(r"\bAuf dem Programm (?:stand|standen|steht|stehen) (?:(?![OP]\d)[^!?;:]){0,80}?"
                r"(?:die |der |das |den )?(?:Firma )?O(\d+)"), 0.8),
]
# further hosts coordinated with one a host pattern found: "… bei der O1 , der O2 und der O3"
HOST_LIST = re.compile(r"(?: in (?:C\d+|[A-ZÄÖÜ][\w-]+))?(?: ,| und| sowie| /)"
                       r"(?: (?:hier|dort|vor allem|auch|insbesondere|zudem|außerdem))* "
                       r"(?:die |der |das |den |dem |des |beim |bei der |zum |zur |zu )?"
                       r"(?:K\d+ (?:Unternehmen |Firma |Hersteller )?)?"
                       r"(?:[\w-]*(?:[Zz]ulieferer|[Hh]ersteller|[Kk]onzern|[Ss]pezialisten|[Dd]ienstleister|"
                       r"[Aa]nbieter|[Bb]auer|[Pp]roduzenten|[Hh]ändler) )?"
                       r"(?:C\d+ADJ )?(?:Firma )?O(\d+)")
