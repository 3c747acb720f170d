"""Generated partner files with known truth, for tests and the benchmark: realistic Florentine companies and people,
copied with the errors partner spreadsheets carry (typos, legal forms written differently, missing or wrong P.IVA,
swapped names, other date formats, +39 prefixes, abbreviations).
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field

from stdnum import luhn
from stdnum.it import codicefiscale

Record = dict[str, str]

SURNAMES = ("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De-Luca "
            "Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara "
            "Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola De-Santis D'Angelo Marchetti "
            "Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini Messina Sala De-Angelis Gatti "
            "Pellegrini Palumbo Sanna Farina Rizzi Monti Cattaneo Morelli Amato Silvestri Mazza Testa Grassi "
            "Pellegrino Carbone Giuliani Benedetti Barone Rossetti Caputo Montanari Guerra Palmieri Bernardi Martino "
            "Fiore De-Rosa Ferretti Bellini Basile Riva Donati Piras Vitali Battaglia Sartori Neri Costantini Milani "
            "Pagano Ruggiero Sorrentino D'Amico Orlando Damico Negri Innocenti Bartolini Bruni Cecchi Ciampi Lotti "
            "Mugnai Nocentini Pratesi Tognoni Vannucci Bandini Baldi Fani Giannini Landi Masini Paoli Sarti").replace(
                "-", " ").split()
FIRST_NAMES = ("Marco Giuseppe Luca Andrea Francesco Alessandro Matteo Lorenzo Davide Simone Federico Riccardo "
               "Stefano Paolo Giovanni Roberto Antonio Fabio Massimo Daniele Giulia Francesca Chiara Sara Martina "
               "Valentina Alessia Elena Silvia Anna Laura Maria Federica Elisa Paola Giorgia Roberta Cristina "
               "Monica Barbara Niccolo Tommaso Jacopo Filippo Pietro Leonardo Gabriele Emma Sofia Aurora Beatrice "
               "Ginevra Alice Noemi Camilla Viola Irene Marta Caterina Lucia Ilaria").split()
SECTORS = ("Costruzioni Edilizia Impianti Elettrici Idraulica Trasporti Logistica Ristorante Trattoria Pizzeria Bar "
           "Pasticceria Forno Macelleria Pelletteria Calzaturificio Tessile Maglificio Meccanica Carpenteria "
           "Falegnameria Arredamenti Informatica Software Consulenze Servizi Pulizie Giardinaggio Vivai Agricola "
           "Vini Oleificio Autofficina Carrozzeria Farmacia Ottica Tipografia Grafica Studio Immobiliare Hotel "
           "Albergo Assistenza Cooperativa Sanitaria Laboratorio Gelateria Ceramiche Marmi Vetreria").split()
SYLLABLES = ("ar no tec val pla sto ri fi ren ze mu gel lo ca sa del to sca na flo ra pra ti bi sen ta ve ro ma "
             "lu ce pi sa co me ga li ne ta vo ra").split()
LEGAL_FORMS = (("S.R.L.", "srl", "Srl", "s.r.l."), ("S.P.A.", "SpA", "spa"), ("S.N.C.", "snc", "s.n.c."),
               ("S.A.S.", "sas", "s.a.s."), ("SOC. COOP.", "Società Cooperativa", "soc. coop."), ("ONLUS", "onlus"),
               ("",))
STREETS = ("Via Roma", "Via Garibaldi", "Via Mazzini", "Via dei Mille", "Via Pratese", "Via Aretina", "Via Senese",
           "Via Bolognese", "Viale Matteotti", "Viale dei Mille", "Piazza della Repubblica", "Piazza Dante",
           "Corso Italia", "Via Baracca", "Via Toscana", "Via Fiorentina", "Via del Lavoro", "Via dell'Industria",
           "Via Vittorio Veneto", "Via Cavour", "Via Gramsci", "Via Leonardo da Vinci", "Via Galilei", "Largo Liverani",
           "Via Pistoiese", "Via di Novoli", "Via Lombarda", "Via Chiantigiana", "Via Volterrana", "Via Empolese")
ABBREVIATIONS = {"Via ": "V. ", "Viale ": "V.le ", "Piazza ": "P.za ", "Corso ": "C.so ", "Largo ": "L.go "}
CITIES = (("Firenze", "50100"), ("Sesto Fiorentino", "50019"), ("Scandicci", "50018"), ("Empoli", "50053"),
          ("Campi Bisenzio", "50013"), ("Bagno a Ripoli", "50012"), ("Pontassieve", "50065"), ("Fiesole", "50014"),
          ("Signa", "50058"), ("Lastra a Signa", "50055"), ("Borgo San Lorenzo", "50032"), ("Figline e Incisa "
          "Valdarno", "50063"), ("Calenzano", "50041"), ("Impruneta", "50023"), ("Castelfiorentino", "50051"),
          ("Certaldo", "50052"), ("Vinci", "50059"), ("Greve in Chianti", "50022"), ("Fucecchio", "50054"),
          ("Montelupo Fiorentino", "50056"))
MAIL_DOMAINS = ("gmail.com", "libero.it", "alice.it", "yahoo.it", "hotmail.it", "virgilio.it", "tiscali.it")


@dataclass
class Truth:
    """The generated files and which rows are the same entity (pairs as (left_id, right_id))."""

    left: list[Record]
    right: list[Record] = field(default_factory=list)
    pairs: set[tuple[str, str]] = field(default_factory=set)


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a letter dropped, doubled, swapped with the next, or replaced."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2 and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1:]


def partita_iva(rng: random.Random) -> str:
    body = f"{rng.randrange(1, 10**7):07d}" + rng.choice(("048", "047", "046", "100", "015"))  # provincial office
    return body + luhn.calc_check_digit(body)  # the P.IVA check digit is Luhn's


def codice_fiscale(rng: random.Random, last: str, first: str, born: tuple[int, int, int]) -> str:
    consonants = [c for c in (last + first).upper() if c.isalpha() and c not in "AEIOU"] + list("XXXXXX")
    body = "".join(consonants[:6]) + f"{born[0] % 100:02d}" + "ABCDEHLMPRST"[born[1] - 1]
    body += f"{born[2] + rng.choice((0, 40)):02d}" + rng.choice("DGHL") + f"{rng.randrange(1, 999):03d}"
    return body + codicefiscale.calc_check_digit(body)


def street(rng: random.Random) -> str:
    """A street and number; most Italian streets are named after people, which gives a province's variety."""
    name = rng.choice(STREETS) if rng.random() < 0.3 else (
        f"{rng.choice(('Via', 'Via', 'Viale', 'Piazza'))} {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}")
    return f"{name} {rng.randrange(1, 200)}"


def brand(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3)))).capitalize()


def namesake(rng: random.Random, entities: list[Record], make: Callable[[random.Random], Record],
             shared: tuple[str, ...]) -> Record:
    """A different entity that shares some fields with an existing one: a branch with the same name elsewhere,
    a relative living at the same address. These are the pairs a linker must *not* merge."""
    entity = make(rng)
    if entities:
        other = rng.choice(entities)
        entity |= {key: other[key] for key in shared}
    return entity


def company(rng: random.Random) -> Record:
    surname, sector, made = rng.choice(SURNAMES), rng.choice(SECTORS), brand(rng)
    style = rng.randrange(4)
    base = (f"{made} {sector}", f"{sector} {surname}", f"{made} di {surname} {rng.choice(FIRST_NAMES)}",
            f"{surname} {sector} {made}")[style]
    city, cap = rng.choice(CITIES)
    vat = partita_iva(rng)
    # one domain per company: distinct firms do not share a website (the P.IVA digits make it unique)
    domain = f"{made.lower()}{surname.lower()}{vat[3:7]}.it".replace("'", "").replace(" ", "")
    return {"name": base, "form": rng.choice(LEGAL_FORMS)[0], "vat": vat, "tax": vat,
            "address": street(rng), "cap": cap, "city": city,
            "phone": f"055 {rng.randrange(10**6, 10**7)}", "email": f"info@{domain}", "web": f"www.{domain}"}


def company_row(rng: random.Random, entity: Record, *, noisy: bool) -> Record:
    """One partner's row for a company; a noisy copy carries a few of the usual errors."""
    row = {"ragione_sociale": f"{entity['name']} {entity['form']}".strip(), "partita_iva": entity["vat"],
           "codice_fiscale": entity["tax"], "indirizzo": entity["address"], "cap": entity["cap"],
           "comune": entity["city"], "telefono": entity["phone"], "email": entity["email"], "sito": entity["web"]}
    if not noisy:
        return row
    forms = next(f for f in LEGAL_FORMS if entity["form"] in f)
    row["ragione_sociale"] = f"{entity['name']} {rng.choice(forms)}".strip()
    edits: list[Callable[[], None]] = [
        lambda: row.update(ragione_sociale=typo(rng, row["ragione_sociale"])),
        lambda: row.update(ragione_sociale=row["ragione_sociale"].upper()),
        lambda: row.update(partita_iva=""),
        lambda: row.update(partita_iva="IT" + entity["vat"], codice_fiscale=""),
        lambda: row.update(partita_iva=entity["vat"][:-1] + str((int(entity["vat"][-1]) + 1) % 10)),  # wrong check
        lambda: row.update(ragione_sociale=entity["name"].split()[0] + " " + rng.choice(forms)),  # short trade name
        lambda: row.update(telefono=f"055 {rng.randrange(10**6, 10**7)}"),  # another line of the same company
        lambda: row.update(email=f"amministrazione@{entity['web'].removeprefix('www.')}"),
        lambda: row.update(indirizzo=_abbreviate(row["indirizzo"])),
        lambda: row.update(indirizzo=typo(rng, row["indirizzo"])),
        lambda: row.update(telefono="+39 " + entity["phone"]),
        lambda: row.update(telefono=""),
        lambda: row.update(email=entity["email"].upper()),
        lambda: row.update(email=""),
        lambda: row.update(sito="https://" + entity["web"] + "/"),
        lambda: row.update(comune=f"{entity['city']} (FI)"),
        lambda: row.update(cap=""),
    ]
    for edit in rng.sample(edits, rng.randint(2, 5)):
        edit()
    return row


def _abbreviate(address: str) -> str:
    for word, short in ABBREVIATIONS.items():
        if address.startswith(word):
            return short + address[len(word):]
    return address


HOUSEHOLD = ("last", "address", "cap", "city")  # a relative: same family name and home


def person(rng: random.Random) -> Record:
    last, first = rng.choice(SURNAMES), rng.choice(FIRST_NAMES)
    if rng.random() < 0.5:  # more surnames than the list: two-part or invented ones
        last = rng.choice((f"{last} {rng.choice(SURNAMES)}", brand(rng) + rng.choice(("i", "ini", "etti", "oni"))))
    born = (rng.randrange(1950, 2006), rng.randrange(1, 13), rng.randrange(1, 29))
    city, cap = rng.choice(CITIES)
    return {"first": first, "last": last, "born": f"{born[0]:04d}-{born[1]:02d}-{born[2]:02d}",
            "cf": codice_fiscale(rng, last, first, born), "doc": f"CA{rng.randrange(10**5):05d}"
            f"{rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}",
            "address": street(rng), "cap": cap, "city": city,
            "phone": f"3{rng.randrange(20, 94)}{rng.randrange(10**6, 10**7)}",
            "email": f"{first}.{last.replace(' ', '')}{rng.randrange(100)}@{rng.choice(MAIL_DOMAINS)}".lower()}


def person_row(rng: random.Random, entity: Record, *, noisy: bool, date_format: str = "iso") -> Record:
    row = {"nome": entity["first"], "cognome": entity["last"], "data_nascita": _date(entity["born"], date_format),
           "codice_fiscale": entity["cf"], "documento": entity["doc"], "indirizzo": entity["address"],
           "cap": entity["cap"], "comune": entity["city"], "cellulare": entity["phone"], "email": entity["email"]}
    if not noisy:
        return row
    y, m, d = entity["born"].split("-")
    edits: list[Callable[[], None]] = [
        lambda: row.update(cognome=typo(rng, row["cognome"])),
        lambda: row.update(nome=typo(rng, row["nome"])),
        lambda: row.update(nome=row["cognome"], cognome=row["nome"]),
        lambda: row.update(cognome=row["cognome"].upper(), nome=row["nome"].upper()),
        lambda: row.update(codice_fiscale=""), lambda: row.update(documento=""),
        lambda: row.update(data_nascita=_date(f"{y}-{d}-{m}" if int(d) <= 12 else entity["born"], date_format)),
        lambda: row.update(indirizzo=_abbreviate(row["indirizzo"])),
        lambda: row.update(cellulare="+39 " + entity["phone"]), lambda: row.update(cellulare=""),
        lambda: row.update(cellulare=f"3{rng.randrange(20, 94)}{rng.randrange(10**6, 10**7)}"),  # a new number
        lambda: row.update(codice_fiscale=entity["cf"][:-1] + ("A" if entity["cf"][-1] != "A" else "B")),
        lambda: row.update(email=""), lambda: row.update(email=entity["email"].upper()),
    ]
    for edit in rng.sample(edits, rng.randint(2, 4)):
        edit()
    return row


def _date(iso: str, style: str) -> str:
    y, m, d = iso.split("-")
    return {"iso": iso, "compact": f"{y}{m}{d}", "italian": f"{d}/{m}/{y}"}[style]


def companies_link(n_left: int, n_right: int, *, overlap: float = 0.6, seed: int = 0) -> Truth:
    """Two partner files; ``overlap`` of the right file's rows are noisy copies of left rows."""
    rng = random.Random(seed)
    entities = _entities(rng, n_left, company, ("name", "form"))
    truth = Truth(left=[{"id": f"A{i}"} | company_row(rng, e, noisy=False) for i, e in enumerate(entities)])
    shared = rng.sample(range(n_left), min(n_left, int(n_right * overlap)))
    rows: list[tuple[str | None, Record]] = [(f"A{i}", company_row(rng, entities[i], noisy=True)) for i in shared]
    rows += [(None, company_row(rng, namesake(rng, entities, company, ("name", "form")), noisy=False))
             for _ in range(n_right - len(rows))]
    rng.shuffle(rows)
    for index, (source, row) in enumerate(rows):
        truth.right.append({"id": f"B{index}"} | row)
        if source:
            truth.pairs.add((source, f"B{index}"))
    return truth


def companies_dedupe(n: int, *, duplicates: float = 0.1, seed: int = 0) -> Truth:
    """One file of ``n`` rows where ``duplicates`` of them are noisy copies of another row."""
    return _dedupe(n, duplicates, seed, company, ("name", "form"), lambda rng, e: company_row(rng, e, noisy=True),
                   lambda rng, e: company_row(rng, e, noisy=False))


def persons_link(n_left: int, n_right: int, *, overlap: float = 0.6, seed: int = 0,
                 formats: tuple[str, str] = ("iso", "italian")) -> Truth:
    rng = random.Random(seed)
    entities = _entities(rng, n_left, person, HOUSEHOLD)
    truth = Truth(left=[{"id": f"P{i}"} | person_row(rng, e, noisy=False, date_format=formats[0])
                        for i, e in enumerate(entities)])
    shared = rng.sample(range(n_left), min(n_left, int(n_right * overlap)))
    rows: list[tuple[str | None, Record]] = [
        (f"P{i}", person_row(rng, entities[i], noisy=True, date_format=formats[1])) for i in shared]
    rows += [(None, person_row(rng, namesake(rng, entities, person, HOUSEHOLD), noisy=False, date_format=formats[1]))
             for _ in range(n_right - len(rows))]
    rng.shuffle(rows)
    for index, (source, row) in enumerate(rows):
        truth.right.append({"id": f"Q{index}"} | row)
        if source:
            truth.pairs.add((source, f"Q{index}"))
    return truth


def persons_dedupe(n: int, *, duplicates: float = 0.1, seed: int = 0) -> Truth:
    formats = ("iso", "italian", "compact")
    return _dedupe(n, duplicates, seed, person, HOUSEHOLD,
                   lambda rng, e: person_row(rng, e, noisy=True, date_format=rng.choice(formats)),
                   lambda rng, e: person_row(rng, e, noisy=False, date_format=rng.choice(formats)))


def _entities(rng: random.Random, n: int, make: Callable[[random.Random], Record],
              shared: tuple[str, ...]) -> list[Record]:
    """``n`` entities, one in twenty sharing fields with an earlier one (see ``namesake``)."""
    entities: list[Record] = []
    for _ in range(n):
        entities.append(namesake(rng, entities, make, shared) if rng.random() < 0.05 else make(rng))
    return entities


def _dedupe(n: int, duplicates: float, seed: int, make: Callable[[random.Random], Record],
            shared: tuple[str, ...], noisy: Callable[[random.Random, Record], Record],
            clean: Callable[[random.Random, Record], Record]) -> Truth:
    rng = random.Random(seed)
    originals = n - int(n * duplicates)
    entities = _entities(rng, originals, make, shared)
    rows: list[tuple[int, Record]] = [(i, clean(rng, e)) for i, e in enumerate(entities)]
    rows += [(i, noisy(rng, entities[i])) for i in (rng.randrange(originals) for _ in range(n - originals))]
    rng.shuffle(rows)
    truth = Truth(left=[])
    by_entity: dict[int, list[str]] = {}
    for index, (entity, row) in enumerate(rows):
        truth.left.append({"id": f"R{index}"} | row)
        by_entity.setdefault(entity, []).append(f"R{index}")
    for members in by_entity.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                truth.pairs.add((a, b))
    return truth


COMPANY_COLUMNS = {"name": "ragione_sociale", "vat_number": "partita_iva", "tax_code": "codice_fiscale",
                   "address": "indirizzo", "postcode": "cap", "city": "comune", "phone": "telefono", "email": "email",
                   "website": "sito"}
PERSON_COLUMNS = {"first_name": "nome", "last_name": "cognome", "birth_date": "data_nascita",
                  "tax_code": "codice_fiscale", "id_number": "documento", "address": "indirizzo", "postcode": "cap",
                  "city": "comune", "phone": "cellulare", "email": "email"}


def precision_recall(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float]:
    """Pairs compared order-free (dedup pairs may come either way round)."""
    found_keys = {frozenset(p) for p in found}
    true_keys = {frozenset(p) for p in truth}
    hits = len(found_keys & true_keys)
    precision = hits / len(found_keys) if found_keys else 1.0
    recall = hits / len(true_keys) if true_keys else 1.0
    return precision, recall
