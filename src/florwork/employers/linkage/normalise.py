"""Cleaning each canonical field before comparison: one function per field, ``None`` for missing or unusable.

Identifiers that fail their check digits are dropped (``None``): a wrong P.IVA is not evidence of anything,
and used as an exact key it would merge or split companies on a typo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from stdnum.it import codicefiscale, iva

MISSING = frozenset({"", "-", "--", "n/a", "na", "nan", "null", "none", "nd", "n.d.", "n.d", "?"})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")
_PARENTHESES = re.compile(r"\([^)]*\)")
_AND_COMPANY = re.compile(r"&\s*c\.?(?=\W|$)|\be\s+c\.(?=\W|$)")

# Italian legal forms (codice civile, libro V: società di persone, di capitali, cooperative) and third-sector
# labels (D.Lgs. 460/1997 ONLUS, D.Lgs. 112/2017 impresa sociale), as written once dots are removed.
_LEGAL_FORMS = re.compile(r"\b(?:" + "|".join([
    r"societa a responsabilita limitata(?: semplificata)?", r"societa per azioni", r"societa in nome collettivo",
    r"societa in accomandita (?:semplice|per azioni)", r"societa cooperativa(?: sociale)?(?: a r ?l)?",
    r"societa semplice", r"cooperativa sociale", r"soc coop(?: sociale| soc)?(?: a r ?l| arl)?", r"impresa sociale",
    r"onlus", r"srls", r"srl", r"spa", r"snc", r"sas", r"sapa", r"scarl", r"scrl", r"scpa", r"sc arl", r"ets",
    r"odv", r"aps",
]) + r")\b")

_ADDRESS_WORDS = {
    "v": "via", "vle": "viale", "vl": "viale", "pza": "piazza", "pzza": "piazza", "p zza": "piazza", "pz": "piazza",
    "cso": "corso", "c so": "corso", "lgo": "largo", "lgarno": "lungarno", "loc": "localita", "fraz": "frazione",
    "str": "strada", "vic": "vicolo", "p le": "piazzale", "ple": "piazzale",
}
_ADDRESS_NOISE = {"n", "nr", "num", "civ", "snc", "int"}


def plain(value: str) -> str:
    """Lower case, accents and punctuation removed, single spaces: the base of every text comparison."""
    text = unicodedata.normalize("NFKD", value.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("'", "").replace("\u2019", "").replace(".", "")
    return _NON_ALNUM.sub(" ", text).strip()


def _missing(value: str | None) -> bool:
    return value is None or value.strip().lower() in MISSING


def person_name(value: str | None) -> str | None:
    if _missing(value):
        return None
    assert value is not None
    return plain(value) or None


def company_name(value: str | None) -> str | None:
    """'F.lli Rossi & C. S.N.C.' and 'FRATELLI ROSSI snc' both become 'fratelli rossi'."""
    if _missing(value):
        return None
    assert value is not None
    text = plain(_AND_COMPANY.sub(" ", value.lower()))
    text = _LEGAL_FORMS.sub(" ", text)
    words = ["fratelli" if word in ("flli", "f lli") else word for word in text.split()]
    return " ".join(words) or None


def address(value: str | None) -> str | None:
    """'V.le G. Matteotti, n. 12' → 'viale g matteotti 12'."""
    if _missing(value):
        return None
    assert value is not None
    words = plain(value).split()
    if words and words[0] in _ADDRESS_WORDS:
        words[0] = _ADDRESS_WORDS[words[0]]
    elif len(words) > 1 and f"{words[0]} {words[1]}" in _ADDRESS_WORDS:
        words = [_ADDRESS_WORDS[f"{words[0]} {words[1]}"], *words[2:]]
    words = [word for word in words if word not in _ADDRESS_NOISE]
    return " ".join(words) or None


@lru_cache(maxsize=65536)  # a file holds few distinct comuni: clean each once
def city(value: str | None) -> str | None:
    """'Sesto F.no (FI)' keeps 'sesto fno': the province in brackets is dropped, the rest compared fuzzily."""
    if _missing(value):
        return None
    assert value is not None
    return plain(_PARENTHESES.sub(" ", value)) or None


@lru_cache(maxsize=65536)
def postcode(value: str | None) -> str | None:
    """Italian CAP: five digits; four digits lost their leading zero in a spreadsheet."""
    if _missing(value):
        return None
    assert value is not None
    text = re.sub(r"\s+", "", value).upper()
    if text.endswith(".0") and text[:-2].isdigit():  # a CAP read as a float by a spreadsheet
        text = text[:-2]
    if text.isdigit() and len(text) == 4:
        return text.zfill(5)
    return text or None


def phone(value: str | None) -> str | None:
    """Digits only, without the Italian country code (+39 / 0039); fewer than six digits is no number."""
    if _missing(value):
        return None
    assert value is not None
    text = value.strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+39") or text.startswith("0039"):
        digits = digits[4:] if digits.startswith("0039") else digits[2:]
    elif len(digits) >= 11 and digits.startswith("39"):
        digits = digits[2:]
    return digits if len(digits) >= 6 else None


def email(value: str | None) -> str | None:
    if _missing(value):
        return None
    assert value is not None
    text = value.strip().lower().removeprefix("mailto:").strip("<> ")
    local, at, domain = text.partition("@")
    if not at or not local or "." not in domain or "@" in domain or " " in text:
        return None
    return text


def website(value: str | None) -> str | None:
    """The domain alone: scheme, 'www.', port and path dropped."""
    if _missing(value):
        return None
    assert value is not None
    text = value.strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = re.split(r"[/?#]", text, maxsplit=1)[0].split(":")[0].removeprefix("www.").strip(".")
    return text if "." in text and " " not in text else None


def vat_number(value: str | None) -> str | None:
    """Partita IVA with a valid check digit (DPR 633/1972 art. 35), without the 'IT' prefix; otherwise None."""
    if _missing(value):
        return None
    assert value is not None
    text = re.sub(r"[\s.\-/]", "", value).upper().removeprefix("IT")
    if text.isdigit() and len(text) < 11:  # leading zeros eaten by a spreadsheet
        text = text.zfill(11)
    return text if iva.is_valid(text) else None


def tax_code(value: str | None) -> str | None:
    """Codice fiscale (16 characters, DM 23/12/1976, or 11 digits for companies) with a valid check character."""
    if _missing(value):
        return None
    assert value is not None
    text = re.sub(r"[\s.\-/]", "", value).upper().removeprefix("IT")
    if text.isdigit():  # a company's codice fiscale is its 11-digit P.IVA number: the cheaper check
        return text.zfill(11) if iva.is_valid(text.zfill(11)) else None
    return text if codicefiscale.is_valid(text) else None


def id_number(value: str | None) -> str | None:
    """Identity document number: letters and digits only; shorter than five is no number."""
    if _missing(value):
        return None
    assert value is not None
    text = re.sub(r"[^0-9A-Za-z]", "", value).upper()
    return text if len(text) >= 5 else None


def birth_date(value: str | None) -> str | None:
    """YYYYMMDD, DD/MM/YYYY (also with - or .) or ISO YYYY-MM-DD (a time part ignored) → 'YYYY-MM-DD'."""
    if _missing(value):
        return None
    assert value is not None
    text = value.strip().split("T")[0].split(" ")[0]
    parts: tuple[str, str, str] | None = None
    if re.fullmatch(r"\d{8}", text):
        parts = (text[:4], text[4:6], text[6:])
    elif match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text):
        parts = (match[1], match[2], match[3])
    elif match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
        parts = (match[3], match[2], match[1])
    if parts is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None


NORMALISERS: dict[str, Callable[[str | None], str | None]] = {
    "first_name": person_name, "last_name": person_name, "name": company_name, "birth_date": birth_date,
    "tax_code": tax_code, "vat_number": vat_number, "id_number": id_number, "address": address,
    "postcode": postcode, "city": city, "phone": phone, "email": email, "website": website,
}

IDENTIFIERS = ("tax_code", "vat_number")  # checked by their check digits: an invalid one is counted, then dropped


_SOUNDEX = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556")


def phonetic(value: str | None) -> str | None:
    """Soundex of the first word of four letters or more (or the first word): a typo-tolerant blocking key."""
    if not value:
        return None
    words = value.split()
    word = next((w for w in words if len(w) >= 4 and w.isalpha()), words[0])
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return word[:4]
    codes = "".join(letters).translate(_SOUNDEX)
    key, last = letters[0], codes[0]
    for code in codes[1:]:
        if code.isdigit() and code != last:
            key += code
        last = code if code.isdigit() or code not in "hw" else last
    return (key + "000")[:4]
