"""Suggesting which column holds which registry field, from Italian and English headers as partners write them.

A header is compared after ``plain`` (case, accents and punctuation gone) and the expansion of the usual
abbreviations ('Rag. Soc.', 'Tel.', 'N. dip.', 'Cod. Fisc.'). Each field has phrases; a header scores
1.0 when it is one of them, less when it contains one among other words (the more extra words, the less), and
less again when it only resembles one (a typo). Columns and fields are then paired greedily, best score first,
each used once. A mapping saved for the same source wins for the columns it names that the file still has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from florwork.employers.linkage.normalise import plain

from .errors import MappingError
from .fields import CANONICAL_FIELDS, REQUIRED

MIN_CONFIDENCE = 0.5

_ABBREVIATIONS = {
    "rag": "ragione", "soc": "sociale", "denom": "denominazione", "cod": "codice", "fisc": "fiscale",
    "cf": "codice fiscale", "piva": "partita iva", "p": "partita", "part": "partita", "tel": "telefono",
    "cell": "cellulare", "ind": "indirizzo", "prov": "provincia", "pr": "provincia", "n": "numero",
    "nr": "numero", "num": "numero", "no": "numero", "dip": "dipendenti", "mail": "email", "www": "sito",
    "url": "sito", "resp": "responsabile", "rif": "riferimento", "loc": "localita",
    "comm": "commerciale", "descr": "descrizione", "att": "attivita", "tax": "tax", "id": "id",
}

_PHRASES: dict[str, tuple[str, ...]] = {
    "name": ("ragione sociale", "denominazione", "denominazione sociale", "nome azienda", "azienda", "impresa",
             "ditta", "societa", "company name", "company", "name", "business name", "legal name", "nome",
             "ragione sociale azienda", "nominativo"),
    "trade_name": ("insegna", "nome commerciale", "marchio", "trade name", "brand"),
    "vat_number": ("partita iva", "iva", "vat", "vat number", "vat numero", "vat id", "numero partita iva",
                   "partita iva codice fiscale"),
    "tax_code": ("codice fiscale", "tax code", "fiscal code", "tax id", "codice fiscale azienda"),
    "address": ("indirizzo", "via", "sede", "sede legale", "sede operativa", "indirizzo sede", "address",
                "street", "street address", "indirizzo sede legale", "indirizzo sede operativa"),
    "postcode": ("cap", "codice postale", "postcode", "post code", "postal code", "zip", "zip code"),
    "city": ("comune", "citta", "localita", "city", "town", "comune sede", "municipality"),
    "province": ("provincia", "province", "sigla provincia"),
    "phone": ("telefono", "phone", "telephone", "phone numero", "numero telefono", "telefono azienda",
              "centralino", "cellulare", "mobile"),
    "email": ("email", "e mail", "indirizzo email", "email azienda", "posta elettronica"),
    "pec": ("pec", "posta elettronica certificata", "email pec", "indirizzo pec"),
    "website": ("sito", "sito web", "sito internet", "website", "web site", "web"),
    "ateco_code": ("ateco", "codice ateco", "ateco code", "codice attivita", "settore", "sector", "nace"),
    "ateco_label": ("descrizione ateco", "attivita", "descrizione attivita", "activity", "settore attivita",
                    "business activity"),
    "employees": ("dipendenti", "numero dipendenti", "addetti", "numero addetti", "employees",
                  "numero employees", "headcount", "organico"),
    "legal_form": ("forma giuridica", "natura giuridica", "legal form", "tipo societa"),
    "source_id": ("id", "codice cliente", "codice", "codice azienda", "id azienda", "customer id", "record id"),
    "contact_name": ("referente", "contatto", "contact", "contact name", "persona di riferimento",
                     "nome referente", "responsabile", "contact person", "riferimento"),
    "contact_role": ("ruolo referente", "qualifica", "ruolo", "job title", "role", "qualifica referente"),
    "contact_phone": ("telefono referente", "cellulare referente", "contact phone", "telefono contatto"),
    "contact_email": ("email referente", "contact email", "email contatto"),
}


@dataclass(frozen=True)
class Suggestion:
    column: str
    confidence: float  # 1.0 a known header (or the source's saved choice), ~0.6 a loose resemblance
    saved: bool = False


def header_words(header: str) -> str:
    """'N. Dip.' → 'numero dipendenti', 'P.IVA/C.F.' → 'partita iva codice fiscale', 'C.A.P.' → 'cap'."""
    words = _join_letters(plain(header.replace(".", " ").replace("/", " ")).split())
    if words[:2] == ["p", "iva"]:
        words = ["piva", *words[2:]]
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def _join_letters(words: list[str]) -> list[str]:
    """Runs of single letters are one dotted abbreviation ('c a p' → 'cap', 'c f' → 'cf'); 'e mail' is 'email'."""
    joined: list[str] = []
    in_run = False
    for word in words:
        if joined and (in_run and len(word) == 1 or joined[-1] == "e" and word == "mail"):
            joined[-1] += word
        else:
            in_run = len(word) == 1 and word.isalpha()
            joined.append(word)
    return joined


def _score(words: str, phrase: str) -> float:
    if words == phrase:
        return 1.0
    if f" {phrase} " in f" {words} ":
        return 0.6 + 0.35 * len(phrase) / len(words)
    ratio = SequenceMatcher(None, words, phrase, autojunk=False).ratio()
    return 0.85 * ratio if ratio >= 0.8 else 0.0


def score_header(header: str) -> dict[str, float]:
    """Each canonical field's best score for one header (fields scoring nothing are left out)."""
    words = header_words(header)
    if not words:
        return {}
    scores = {field: max(_score(words, phrase) for phrase in phrases) for field, phrases in _PHRASES.items()}
    return {field: score for field, score in scores.items() if score > 0}


def suggest_mapping(header: Sequence[str], *, saved: Mapping[str, str] | None = None) -> dict[str, Suggestion]:
    """{canonical field: Suggestion(column, confidence)} for the columns recognised with confidence ≥ 0.5."""
    chosen: dict[str, Suggestion] = {}
    for field, column in (saved or {}).items():
        if field in CANONICAL_FIELDS and column in header and column not in {s.column for s in chosen.values()}:
            chosen[field] = Suggestion(column, 1.0, saved=True)
    taken = {s.column for s in chosen.values()}
    candidates = [(score, -index, field, column)
                  for index, column in enumerate(header) if column not in taken
                  for field, score in score_header(column).items() if field not in chosen]
    for score, _, field, column in sorted(candidates, key=lambda c: (-c[0], -c[1], CANONICAL_FIELDS.index(c[2]))):
        if score < MIN_CONFIDENCE or field in chosen or column in taken:
            continue
        chosen[field] = Suggestion(column, round(score, 2))
        taken.add(column)
    return {field: chosen[field] for field in CANONICAL_FIELDS if field in chosen}


def mapping_of(suggestions: Mapping[str, Suggestion]) -> dict[str, str]:
    return {field: suggestion.column for field, suggestion in suggestions.items()}


def check_mapping(header: Sequence[str], mapping: Mapping[str, str]) -> None:
    """Refuse a mapping naming an unknown field or a column the file lacks, or leaving the name unmapped."""
    for field, column in mapping.items():
        if field not in CANONICAL_FIELDS:
            raise MappingError("unknown_field", field=field)
        if column not in header:
            raise MappingError("unknown_column", field=field, column=column)
    for field in REQUIRED:
        if field not in mapping:
            raise MappingError("name_not_mapped", field=field)
