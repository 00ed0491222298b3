"""Write N varied, *fictional* German news articles about the Ruhr economy, for benchmarks and tests.

Each article is assembled from sentence templates and entity pools: delegations from abroad
visiting regional agencies, trade-fair appearances, appointments, company settlements,
research cooperations and lecture trips. Regional cities and countries are real; companies,
institutes and people are invented (names drawn from the pools below), so that many articles
share actors — the cross-article identity the store must keep — and every article says it is
fictional. The output is deterministic for a given seed.

Usage::

    python benchmarks/generate_articles.py 1000 /tmp/articles [--seed 7]

or, from Python, :func:`generate`.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

CITIES = [
    "Dortmund", "Essen", "Bochum", "Duisburg", "Gelsenkirchen", "Oberhausen", "Herne", "Hagen", "Hamm",
    "Mülheim an der Ruhr", "Bottrop", "Recklinghausen", "Witten", "Unna", "Marl", "Gladbeck",
    "Castrop-Rauxel", "Moers",
]
ADJ = {  # city → adjective for "der Dortmunder …"
    "Dortmund": "Dortmunder", "Essen": "Essener", "Bochum": "Bochumer", "Duisburg": "Duisburger",
    "Gelsenkirchen": "Gelsenkirchener", "Oberhausen": "Oberhausener", "Herne": "Herner",
    "Hagen": "Hagener", "Hamm": "Hammer", "Bottrop": "Bottroper", "Witten": "Wittener",
    "Unna": "Unnaer", "Marl": "Marler", "Moers": "Moerser", "Gladbeck": "Gladbecker",
}
COUNTRIES = [  # "aus …" form, "nach …" form, adjective stem
    ("Korea", "nach Korea", "koreanisch"), ("Japan", "nach Japan", "japanisch"),
    ("China", "nach China", "chinesisch"), ("Indien", "nach Indien", "indisch"),
    ("Polen", "nach Polen", "polnisch"), ("Kanada", "nach Kanada", "kanadisch"),
    ("Singapur", "nach Singapur", "singapurisch"), ("Brasilien", "nach Brasilien", "brasilianisch"),
    ("Ghana", "nach Ghana", "ghanaisch"), ("der Türkei", "in die Türkei", "türkisch"),
    ("den Niederlanden", "in die Niederlande", "niederländisch"),
    ("Frankreich", "nach Frankreich", "französisch"), ("Schweden", "nach Schweden", "schwedisch"),
    ("Vietnam", "nach Vietnam", "vietnamesisch"), ("Mexiko", "nach Mexiko", "mexikanisch"),
    ("Südafrika", "nach Südafrika", "südafrikanisch"), ("Estland", "nach Estland", "estnisch"),
    ("Ungarn", "nach Ungarn", "ungarisch"), ("Israel", "nach Israel", "israelisch"),
    ("den USA", "in die USA", "US-amerikanisch"),
]
SECTORS = [  # topic noun, field phrase
    ("Wasserstoff", "der Wasserstoffwirtschaft"), ("Logistik", "der Logistik"),
    ("Gesundheitswirtschaft", "der Gesundheitswirtschaft"), ("IT-Sicherheit", "der IT-Sicherheit"),
    ("Kreislaufwirtschaft", "der Kreislaufwirtschaft"), ("Smart City", "der Stadtentwicklung"),
    ("Robotik", "der Robotik"), ("Erneuerbare Energien", "der erneuerbaren Energien"),
    ("Medizintechnik", "der Medizintechnik"), ("Chemie", "der chemischen Industrie"),
]
COMPANY_HEADS = ["Ruhr", "Emscher", "Revier", "Lippe", "Hafen", "Zechen", "Kohlen", "Stahl", "Halden",
                 "Kanal", "Kumpel", "Förder"]
COMPANY_TAILS = ["Tech", "Solar", "Logistik", "Data", "Med", "Wasserstoff", "Robotics", "Chemie", "Recycling",
                 "Systems", "Energie", "Sensorik"]
LEGAL = ["GmbH", "AG", "GmbH", "SE", "GmbH & Co. KG"]
INSTITUTE_TOPICS = ["Angewandte Wasserstoffforschung", "Digitale Logistik", "Medizinische Bildgebung",
                    "Kreislaufwirtschaft", "Industrielle Robotik", "Energiesystemtechnik",
                    "Cybersicherheit", "Urbane Transformation"]
FIRST_F = ["Anna", "Julia", "Miriam", "Sabine", "Katharina", "Leonie", "Fatma", "Ewa", "Ingrid", "Clara",
           "Hanna", "Nadine", "Yasemin", "Petra", "Sophie"]
FIRST_M = ["Jörg", "Tobias", "Stefan", "Markus", "Felix", "Ahmet", "Lukas", "Thomas", "Jan", "Dirk",
           "Florian", "Henrik", "Mehmet", "Oliver", "Paul"]
SURNAMES = ["Kemper", "Brückner", "Schäfer", "Nowak", "Yılmaz", "Hoffmann", "Krüger", "Wagner",
            "Lehmkuhl", "Becker", "Kowalski", "Ostermann", "Rüther", "Demir", "Große-Wilde", "Overbeck",
            "Schulte", "Kaminski", "Albers", "Terhorst"]
FOREIGN_NAMES = {
    "Korea": ["Min-jun Park", "Seo-yeon Kim"], "Japan": ["Hiroshi Tanabe", "Yuki Sato"],
    "China": ["Li Wei", "Zhang Min"], "Indien": ["Priya Raman", "Arjun Mehta"],
    "Polen": ["Agnieszka Wójcik", "Piotr Zieliński"], "Kanada": ["Emily Tremblay", "Liam Roy"],
}
ROLES_F = ["Geschäftsführerin", "Leiterin", "Projektleiterin", "Vorstandsvorsitzende", "Abteilungsleiterin"]
ROLES_M = ["Geschäftsführer", "Leiter", "Projektleiter", "Prokurist", "Abteilungsleiter"]
FAIRS = [("MEDICA", "Düsseldorf"), ("E-world", "Essen"), ("Hannover Messe", "Hannover"),
         ("transport logistic", "München"), ("Metropolitan Solutions", "Berlin")]
MARK = ("Fiktive Meldung: automatisch erzeugt für Tests und Benchmarks von ruhrgraph; "
        "Personen und Firmen sind erfunden.")


@dataclass(frozen=True)
class Person:
    name: str
    female: bool
    role: str


class _Pools:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.companies = sorted({f"{h}{t} {rng.choice(LEGAL)}" for h in COMPANY_HEADS for t in COMPANY_TAILS})
        rng.shuffle(self.companies)
        self.companies = self.companies[:60]
        self.institutes = [f"Institut für {topic} {city}" for topic in INSTITUTE_TOPICS
                           for city in ("Dortmund", "Bochum", "Duisburg", "Essen")]
        rng.shuffle(self.institutes)
        self.institutes = self.institutes[:16]
        self.people: dict[str, list[Person]] = {}

    def person(self, org: str) -> Person:
        """A person working for ``org``; organisations keep their people across articles."""
        staff = self.people.setdefault(org, [])
        if len(staff) < 3 and (not staff or self.rng.random() < 0.3):
            female = self.rng.random() < 0.5
            first = self.rng.choice(FIRST_F if female else FIRST_M)
            name = f"{first} {self.rng.choice(SURNAMES)}"
            staff.append(Person(name, female, self.rng.choice(ROLES_F if female else ROLES_M)))
        return self.rng.choice(staff)


def _upper(word: str) -> str:
    return word[:1].upper() + word[1:]


def _agency(city: str) -> str:
    return "Business Metropole Ruhr" if city == "Essen" else f"Wirtschaftsförderung {city}"


def _delegation(p: _Pools, day: date) -> tuple[str, list[str]]:
    rng = p.rng
    aus, _, adj = rng.choice(COUNTRIES)
    country = aus.split()[-1]
    city = rng.choice(CITIES)
    agency = _agency(city)
    sector, field = rng.choice(SECTORS)
    host = rng.choice(p.institutes + p.companies)
    presenter = p.person(host)
    guest = rng.choice(FOREIGN_NAMES.get(country, [""]))
    title = rng.choice([f"Delegation aus {aus} zu Gast in {city}",
                        f"{_upper(adj)}e Wirtschaftsdelegation besucht {city}",
                        f"Austausch zu {sector}: Besuch aus {aus} in {city}"])
    body = [
        f"Eine Delegation aus {aus} hat in dieser Woche {city} besucht.",
        rng.choice([
            f"Die Gäste informierten sich bei der {agency} über Chancen in {field}.",
            f"Eingeladen hatte die {agency}, die den Besuch gemeinsam mit Partnern vorbereitet hatte.",
        ]),
        rng.choice([
            f"Beim Empfang bei der {agency} stellte {presenter.name} von der {host} aktuelle Projekte vor.",
            f"{presenter.role} {presenter.name} präsentierte den Gästen die Arbeit der {host}.",
        ]),
    ]
    if guest:
        body.append(f"Delegationsleiter {guest} kündigte an, im kommenden Jahr mit einer weiteren Gruppe "
                    f"nach {city} zurückzukehren.")
    if rng.random() < 0.5:
        other = rng.choice(p.companies)
        body.append(f"Am zweiten Tag besuchte die Gruppe die {other} in {rng.choice(CITIES)}.")
    return title, body


def _fair(p: _Pools, day: date) -> tuple[str, list[str]]:
    rng = p.rng
    fair, fair_city = rng.choice(FAIRS)
    firms = rng.sample(p.companies, 2)
    city = rng.choice(CITIES)
    person = p.person(firms[0])
    title = f"Metropole Ruhr auf der {fair} in {fair_city}"
    body = [
        f"Auf der {fair} in {fair_city} präsentierten sich Unternehmen aus der Metropole Ruhr am "
        "Gemeinschaftsstand der Business Metropole Ruhr.",
        f"Die {firms[0]} aus {city} zeigte eine neue Lösung, {person.role} {person.name} stellte sie dem "
        f"Fachpublikum vor.",
        f"Auch die {firms[1]} war mit einem eigenen Stand vertreten.",
    ]
    return title, body


def _appointment(p: _Pools, day: date) -> tuple[str, list[str]]:
    rng = p.rng
    org = rng.choice(p.institutes + p.companies)
    person = p.person(org)
    previous = rng.choice(p.companies)
    title = f"{person.name} übernimmt Leitung bei der {org}"
    body = [
        f"{person.name} ist neue{'' if person.female else 'r'} {person.role} der {org}.",
        f"{'Sie' if person.female else 'Er'} war zuvor bei der {previous} tätig.",
        f"Die {org} hat ihren Sitz in {rng.choice(CITIES)}.",
    ]
    return title, body


def _settlement(p: _Pools, day: date) -> tuple[str, list[str]]:
    rng = p.rng
    aus, _, adj = rng.choice(COUNTRIES)
    city = rng.choice(CITIES)
    agency = _agency(city)
    suffix = rng.choice(["Pacific", "Global", "International", "Connect"])
    firm = f"{rng.choice(COMPANY_HEADS)}{suffix} {rng.choice(LEGAL)}"
    _, field = rng.choice(SECTORS)
    contact = p.person(agency)
    title = f"{_upper(adj)}es Unternehmen eröffnet Standort in {city}"
    body = [
        f"Die {firm} aus {aus} eröffnet ein Büro in {city}.",
        f"Das Unternehmen ist im Bereich {field} tätig und will von {city} aus Kunden in Europa betreuen.",
        f"Begleitet wurde die Ansiedlung von der {agency}; {contact.name} war Ansprechpartner"
        f"{'in' if contact.female else ''} für das Unternehmen.",
    ]
    return title, body


def _cooperation(p: _Pools, day: date) -> tuple[str, list[str]]:
    rng = p.rng
    institute = rng.choice(p.institutes)
    firm = rng.choice(p.companies)
    sector, field = rng.choice(SECTORS)
    lead = p.person(institute)
    title = f"Forschungskooperation zu {sector} im Ruhrgebiet"
    body = [
        f"Das {institute} und die {firm} arbeiten künftig im Bereich {field} zusammen.",
        f"{lead.role} {lead.name} vom {institute} sprach von einem wichtigen Schritt für den Transfer.",
        "Gefördert wird das Projekt vom Land Nordrhein-Westfalen.",
    ]
    return title, body


def _trip(p: _Pools, day: date) -> tuple[str, list[str]]:
    rng = p.rng
    aus, nach, _ = rng.choice(COUNTRIES)
    city = rng.choice(CITIES)
    agency = _agency(city)
    person = p.person(agency)
    title = f"{agency} wirbt in {aus} für die Metropole Ruhr"
    body = [
        f"Auf Einladung von Partnern reiste eine Gruppe der {agency} {nach}.",
        f"{person.role} {person.name} präsentierte dort den Wirtschaftsstandort {city}.",
        f"Im Mittelpunkt standen Kontakte zu Unternehmen aus {rng.choice(SECTORS)[1]}.",
    ]
    return title, body


TEMPLATES = [_delegation, _delegation, _fair, _appointment, _settlement, _cooperation, _trip]


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    out = "".join(ch if ch.isalnum() else "-" for ch in text.translate(table).lower())
    return "-".join(filter(None, out.split("-")))[:50]


def article(p: _Pools, n: int, day: date) -> tuple[str, str]:
    """File name and content of article ``n``."""
    rng = p.rng
    title, body = rng.choice(TEMPLATES)(p, day)
    teaser = rng.random() < 0.3
    lines = [title, " ".join(body)]
    if teaser:
        _, more = _appointment(p, day)
        lines += ["Weitere Meldungen", more[0][:80] + "…"]
    lines.append(MARK)
    name = f"bench_{n:05d}_{_slug(title)}"
    if n % 4 == 0:  # a quarter as plain text
        return name + ".txt", "\n".join(lines) + "\n"
    front = (f"---\ntitle: \"{title}\"\ndate: {day.isoformat()}\npublisher: ruhrgraph-Benchmark\n"
             f"fictional: true\n---\n")
    return name + ".md", front + "\n\n".join(lines[1:]) + "\n"


def generate(n: int, out_dir: str | Path, seed: int = 0) -> list[Path]:
    """Write ``n`` fictional articles into ``out_dir``; return their paths (deterministic per seed)."""
    rng = random.Random(seed)
    pools = _Pools(rng)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start = date(2023, 1, 2)
    written = []
    for i in range(n):
        day = start + timedelta(days=(i * 3) % 900)
        name, text = article(pools, i, day)
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = generate(args.n, args.out, args.seed)
    print(f"wrote {len(paths)} fictional articles to {args.out}")


if __name__ == "__main__":
    main()
