"""Single cells: formula-looking text (CSV injection, OWASP) and the numbers partners write for a headcount.

Decision on formula-looking cells. OWASP's list of dangerous first characters is = + - @ tab and carriage
return. On import such a cell is kept exactly as text and *flagged*, except a plain number ('-5', '+3,5') and
an international phone number ('+39 055 123 4567'): neither can call a function in a spreadsheet, and flagging
every '+39' of a phone column would bury the real warnings. On export every cell whose first non-blank
character is one of them is neutralised with a leading apostrophe, phones included (a spreadsheet would read
'+39 055 1234567' as a formula and show an error), plain numbers excepted (they stay numbers).
"""

from __future__ import annotations

import re

from florwork.employers.linkage.normalise import MISSING, plain

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:[.,]\d{3})+)(?:[.,]\d+)?(?:[eE][+-]?\d+)?")
_PHONE = re.compile(r"\+\d[\d ./()-]{5,}")
_RANGE = re.compile(r"(\d+)\s*(?:-|–|/|a|to)\s*(\d+)")
MAX_EMPLOYEES = 1_000_000  # as the registry's form (checks.py): more is a typo


def _starts_like_formula(value: str) -> bool:
    return value.lstrip(" ").startswith(FORMULA_STARTS)  # ' \n=1' too: spaces then a line break then a formula


def is_plain_number(value: str) -> bool:
    return _NUMBER.fullmatch(value.strip()) is not None


def looks_like_formula(value: str) -> bool:
    """True for a cell a spreadsheet could run as a formula (see the module's decision)."""
    if not _starts_like_formula(value) or value.strip().lower() in MISSING:
        return False
    text = value.strip()
    return not (is_plain_number(text) or _PHONE.fullmatch(text))


def neutralise_for_export(cell: str) -> str:
    """The cell as it must be written to a CSV/XLSX a person will open: "'" in front of formula-looking text."""
    if _starts_like_formula(cell) and not is_plain_number(cell):
        return "'" + cell
    return cell


class NotANumber(ValueError):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def parse_employees(value: str) -> int | None:
    """'12', '12.0' (a spreadsheet float), '1.200' (Italian thousands) → an int; '' → None. A size class such as
    '10-49' raises ``employees_range``: a class is not a headcount, and Law 68 quotas need the headcount."""
    text = value.strip().lower()
    if text in MISSING:
        return None
    if re.fullmatch(r"\d+(?:\.0+)?", text):
        number = int(text.split(".")[0])
    elif re.fullmatch(r"\d{1,3}(?:[.' ]\d{3})+", text):
        number = int(re.sub(r"\D", "", text))
    elif match := _RANGE.fullmatch(text):
        raise NotANumber("employees_range", low=int(match[1]), high=int(match[2]))
    else:
        raise NotANumber("employees_invalid")
    if number > MAX_EMPLOYEES:
        raise NotANumber("employees_invalid")
    return number


_LEGAL_FORMS = [  # the registry's LegalForm codes, recognised in free text (most specific first)
    ("srls", r"s\s*r\s*l\s*s|srl semplificata|responsabilita limitata semplificata"),
    ("srl", r"s\s*r\s*l|responsabilita limitata"),
    ("sapa", r"s\s*a\s*p\s*a|accomandita per azioni"),
    ("spa", r"s\s*p\s*a|per azioni"),
    ("snc", r"s\s*n\s*c|nome collettivo"),
    ("sas", r"s\s*a\s*s|accomandita semplice"),
    ("coop", r"coop\w*|s\s*c\s*a?\s*r\s*l|societa cooperativa"),
    ("consortium", r"consorzio|consortium|scarl"),
    ("di", r"ditta individuale|impresa individuale|di|sole trader|imprenditore individuale"),
    ("association", r"associazione|fondazione|aps|odv|onlus|ets|association|foundation"),
    ("public", r"ente pubblico|comune|azienda sanitaria|public body"),
]


def legal_form_code(value: str) -> str | None:
    """'S.r.l.' → 'srl', 'Soc. Coop. Sociale' → 'coop', 'Ditta individuale' → 'di'; None when not recognised."""
    text = plain(value)
    for code, pattern in _LEGAL_FORMS:
        if re.fullmatch(pattern, text):
            return code
    for code, pattern in _LEGAL_FORMS:  # within longer text; not 'di', which is also 'of' ('Pane di Mario')
        if code != "di" and re.search(rf"\b(?:{pattern})\b", text):
            return code
    return None
