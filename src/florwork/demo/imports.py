"""Three messy partner spreadsheets made from the demo companies, for the import pipeline's demo and tests.

Deterministic for a seed (the same bytes every time, so re-importing them is recognised), drawn from the very
plan ``florwork.demo.companies`` loads (same seed, same count), so they overlap the registry as partners' lists
do: the same companies under other spellings, partite IVA with 'IT' or spaces or their leading zeros eaten by a
spreadsheet, phones and addresses written differently, a few companies the registry lacks (some of them in two
files), and a few rows that cannot be imported as they are.

- ``confartigianato-firenze.csv``: Windows Excel's "CSV (;)" in cp1252, Italian headers, CRLF, a notes column
  with a formula-looking cell, a duplicated row, an unknown comune, a wrong check digit, a row without a name;
- ``cna-members-export.csv``: UTF-8, ',' separated, English headers, 'IT' VAT numbers, websites as URLs;
- ``elenco-aziende-partner.xlsx``: a title row above the header, partite IVA typed as numbers, ATECO codes.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from florwork.demo.companies import CompanySpec, companies_plan
from florwork.demo.plan import FEMALE_NAMES, MALE_NAMES, SURNAMES
from florwork.employers.identifiers import partita_iva_with_check_digit
from florwork.territory.selectors import comuni_in_province

FOLDER = "demo-imports"
CONFARTIGIANATO = "confartigianato-firenze.csv"
CNA = "cna-members-export.csv"
PARTNER_XLSX = "elenco-aziende-partner.xlsx"
SOURCES = {CONFARTIGIANATO: "Confartigianato Firenze", CNA: "CNA Firenze",
           PARTNER_XLSX: "Consorzio Artigiani Mugello"}
NEW_NAMES = ("Bottega Artigiana", "Tappezzeria", "Vetreria", "Ceramiche", "Lavanderia Industriale", "Torrefazione",
             "Serigrafia", "Falegnameria", "Officina Biciclette", "Sartoria", "Gelateria", "Pasticceria")
_LEGAL_VARIANTS = {" S.r.l.": (" SRL", " srl", " S.R.L.", ""), " S.p.A.": (" SPA", " S.p.a.", " spa"),
                   " S.n.c.": (" SNC", " snc", " & C. S.n.c."), " S.a.s.": (" SAS", " sas"),
                   " Soc. Coop.": (" Società Cooperativa", " Soc. Coop. a r.l.", " COOP")}


@dataclass
class _Company:
    name: str
    piva: str
    address: str
    postcode: str
    comune: str
    phone: str
    website: str
    employees: int | None
    ateco: str


def _companies(specs: list[CompanySpec], names: dict[str, str]) -> list[_Company]:
    return [_Company(s.values["legal_name"], s.values["partita_iva"], s.site["address"], s.site["postcode"],
                     names.get(s.site["comune_istat"], "Firenze"), s.values["phone"], s.values.get("website", ""),
                     s.values.get("employees"), s.values["ateco_code"]) for s in specs]


def _new_companies(rng: random.Random, count: int, taken: set[str], comuni: list[str]) -> list[_Company]:
    made = []
    while len(made) < count:
        number = rng.randrange(100_000, 9_999_999)
        piva = partita_iva_with_check_digit(f"{number:07d}048")
        if piva in taken:
            continue
        taken.add(piva)
        name = f"{rng.choice(NEW_NAMES)} {rng.choice(SURNAMES)}{rng.choice(('', ' S.r.l.', ' S.n.c.'))}"
        made.append(_Company(name, piva, f"Via {rng.choice(SURNAMES)} {rng.randint(1, 90)}", "", rng.choice(comuni),
                             f"055 {rng.randint(200000, 999999)}", "", rng.randint(2, 30), "47.78.10"))
    return made


def _name(rng: random.Random, name: str) -> str:
    for suffix, variants in _LEGAL_VARIANTS.items():
        if name.endswith(suffix):
            name = name[: -len(suffix)] + rng.choice(variants)
            break
    roll = rng.random()
    if roll < 0.3:
        name = name.upper()
    elif roll < 0.4 and len(name) > 8:  # a typo: two letters swapped inside a word
        i = rng.randrange(2, len(name) - 3)
        if name[i].isalpha() and name[i + 1].isalpha():
            name = name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name


def _address(rng: random.Random, address: str) -> str:
    street, _sep, number = address.rpartition(" ")
    street = rng.choice((street, street.replace("Via ", "V. ").replace("Viale ", "V.le "), street.upper()))
    return rng.choice((f"{street} {number}", f"{street}, {number}", f"{street} n. {number}"))


def _phone(rng: random.Random, phone: str) -> str:
    digits = phone.replace(" ", "")
    return rng.choice((phone, f"{digits[:3]}/{digits[3:]}", f"+39 {phone}", digits, f"{digits[:3]}-{digits[3:]}"))


def _piva(rng: random.Random, piva: str, *, missing: float) -> str:
    if not piva or rng.random() < missing:
        return ""
    return rng.choice((piva, piva, f"IT{piva}", f"{piva[:3]} {piva[3:6]} {piva[6:]}"))


def _uncertain(rng: random.Random, companies: list[_Company], share: float = 0.15) -> list[_Company]:
    """Some records as a partner knows them from another office: a mistyped name, no partita IVA, another phone
    and often street, so the linkage cannot be sure (the review queue's work)."""
    from dataclasses import replace

    changed = []
    for c in companies:
        if rng.random() < share:
            other_street = rng.random() < 0.6  # another phone, and often another street too
            c = replace(c, name=_typo(rng, c.name), piva="", website="", phone=f"055 {rng.randint(200000, 999999)}",
                        address=f"Via {rng.choice(SURNAMES)} {rng.randint(1, 90)}" if other_street else c.address)
        changed.append(c)
    return changed


def _typo(rng: random.Random, name: str) -> str:
    """Two letters of the longest word swapped and one dropped ('Ciampi' → 'Caimp'): a name typed from memory."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 5:
        i = rng.randrange(1, len(word) - 3)
        word = word[:i] + word[i + 1] + word[i] + word[i + 3:]
    words[longest] = word
    return " ".join(words)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FEMALE_NAMES + MALE_NAMES)} {rng.choice(SURNAMES)}"


def _wrong_piva(rng: random.Random) -> str:
    """A partita IVA with one digit mistyped: its check digit no longer matches."""
    piva = partita_iva_with_check_digit(f"{rng.randrange(100_000, 9_999_999):07d}048")
    return piva[:-1] + str((int(piva[-1]) + 1) % 10)


def _confartigianato(rng: random.Random, picked: list[_Company], new: list[_Company]) -> bytes:
    header = ["Ragione sociale", "P.IVA", "Indirizzo", "CAP", "Comune", "Prov.", "Telefono", "E-mail",
              "N. dipendenti", "Referente", "Note"]
    rows = []
    for c in picked + new:
        comune = rng.choice((c.comune, c.comune.upper(), f"{c.comune} (FI)"))
        email = f"info@{c.website.removeprefix('www.')}" if c.website and rng.random() < 0.7 else ""
        rows.append([_name(rng, c.name), _piva(rng, c.piva, missing=0.25), _address(rng, c.address), c.postcode,
                     comune, "FI", _phone(rng, c.phone), email, "" if c.employees is None else str(c.employees),
                     _person(rng), rng.choice(("", "", "", "cliente storico", "da richiamare"))])
    rows[0][10] = "Socia già dal 2019, attività artigiana"  # accents: Windows Excel writes them in cp1252
    rows[1][10] = "=HYPERLINK(\"http://example.com\";\"scheda\")"  # a formula typed in the notes
    rows[2][4] = "Firenze Nord"  # no such comune
    rows.insert(5, list(rows[4]))  # the same record twice
    rows.append([rows[3][0] + " bis", _wrong_piva(rng), "Via Nuova 1", "50100", "Firenze", "FI",
                 "", "", "", "", "P.IVA da verificare"])
    rows.append(["", "", "Via Senza Nome 3", "50100", "Firenze", "FI", "055 000000", "", "", "", "riga incompleta"])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("cp1252", errors="replace")


def _cna(rng: random.Random, picked: list[_Company], new: list[_Company]) -> bytes:
    header = ["Company name", "VAT number", "Address", "Postcode", "City", "Phone", "Email", "Website", "Employees"]
    rows = []
    for c in picked + new:
        website = rng.choice((f"https://{c.website}/", c.website, f"http://{c.website}")) if c.website else ""
        rows.append([_name(rng, c.name), _piva(rng, c.piva, missing=0.3), _address(rng, c.address), c.postcode,
                     c.comune, _phone(rng, c.phone), "", website, "" if c.employees is None else str(c.employees)])
    rows.append(["", "", "Via Pistoiese 3", "", "Firenze", "", "", "", ""])  # a record without its name
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _partner_xlsx(rng: random.Random, picked: list[_Company], new: list[_Company]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Aziende"
    sheet.append(["Elenco aziende partner – aggiornamento 2026"])
    sheet.append([])
    sheet.append(["Denominazione", "Partita IVA", "Sede", "Comune", "Telefono", "Codice ATECO", "Addetti"])
    for c in picked + new:
        piva = _piva(rng, c.piva, missing=0.3)
        value: str | int = int(piva) if piva.isdigit() and rng.random() < 0.6 else piva  # a number cell: 0s lost
        sheet.append([_name(rng, c.name), value, _address(rng, c.address), c.comune, _phone(rng, c.phone),
                      c.ateco, c.employees])
    sheet.append(["Autofficina Errata", _wrong_piva(rng), "Via Roma 2", "Firenze", "", "", 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_dates(buffer.getvalue())


def _fixed_zip_dates(data: bytes) -> bytes:
    """openpyxl stamps the zip entries and docProps with the time of writing: rewrite them fixed, so the same
    seed gives the same bytes (and the same SHA-256) every time."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-01-15T09:00:00Z", content)
            target.writestr(zipfile.ZipInfo(entry.filename, date_time=(2026, 1, 15, 9, 0, 0)), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def demo_import_files(*, seed: int = 1, count: int = 300) -> dict[str, bytes]:
    """{file name: bytes} of the three spreadsheets, from the demo companies' plan (``seed``, ``count``)."""
    comuni = [(c.istat_code, c.name) for c in comuni_in_province(province_code="FI")]
    if not comuni:
        raise ValueError("the comuni of the province of Florence are not in the territory table")
    companies = _companies(companies_plan(seed=seed, count=count, comuni=comuni), dict(comuni))
    rng = random.Random(seed * 104_729 + 14)
    taken = {c.piva for c in companies}
    names = [name for _code, name in comuni]
    size = max(4, len(companies) // 10)
    order = rng.sample(range(len(companies)), len(companies))
    # the two CSVs pass 100 rows with the demo's 300 companies: the linkage trains its model by EM on them
    first = [companies[i] for i in sorted(order[: 4 * size])]
    second = [companies[i] for i in sorted(order[3 * size: int(6.5 * size)])]  # overlaps the first file
    third = [companies[i] for i in sorted(order[: size // 2] + order[6 * size: int(7.5 * size)])]
    new = _new_companies(rng, 8, taken, names)
    return {CONFARTIGIANATO: _confartigianato(rng, _uncertain(rng, first), new[:4]),
            CNA: _cna(rng, _uncertain(rng, second), new[3:6]),  # one new company is in both files
            PARTNER_XLSX: _partner_xlsx(rng, _uncertain(rng, third), new[5:])}


def demo_import_files_write(*, directory: Path, seed: int = 1, count: int = 300) -> list[Path]:
    """Write the three spreadsheets to ``directory`` (created if needed); returns their paths. Idempotent."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in demo_import_files(seed=seed, count=count).items():
        path = directory / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        paths.append(path)
    return paths


def demo_imports_load(*, seed: int = 1, count: int = 300) -> list[Path]:
    """The demo's step: the spreadsheets under the var dir, where the upload page (in DEBUG) offers them."""
    from django.conf import settings

    return demo_import_files_write(directory=Path(settings.VAR_DIR) / FOLDER, seed=seed, count=count)
