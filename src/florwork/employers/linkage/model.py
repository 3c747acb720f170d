"""The Splink model: comparisons per canonical field (with fallback priors), blocking keys and training rules.

Comparison levels are written as Splink settings dicts (DuckDB SQL) rather than library classes so each level
carries its own prior m/u probabilities: when EM cannot run (a handful of records) or fails, those priors are the
model, and the summary says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Level = tuple[str, str, float, float]  # label, SQL condition, prior m, prior u


def _col(name: str, side: str) -> str:
    return f'"{name}_{side}"'


def _comparison(name: str, null_sql: str, levels: list[Level], description: str,
                fix_m: bool = False) -> dict[str, Any]:
    comparison_levels: list[dict[str, Any]] = [
        {"sql_condition": null_sql, "label_for_charts": "missing", "is_null_level": True}]
    for label, sql, m, u in levels:
        comparison_levels.append({"sql_condition": sql, "label_for_charts": label, "m_probability": m,
                                  "u_probability": u, "fix_m_probability": fix_m})
    return {"output_column_name": name, "comparison_description": description,
            "comparison_levels": comparison_levels}


def _null(*columns: str) -> str:
    return " OR ".join(f"{_col(c, 'l')} IS NULL OR {_col(c, 'r')} IS NULL" for c in columns)


def _else(m: float, u: float) -> Level:
    return ("different", "ELSE", m, u)


def exact_identifier(name: str) -> dict[str, Any]:
    """Tax ids and document numbers: equal is strong evidence, different is strong evidence against. Their m is
    fixed, not learned: check digits already refuse most typos, so two valid, different P.IVA mean two companies;
    EM, left free, can settle on a latent class (e.g. 'same address') in which identifiers differ."""
    a, b = _col(name, "l"), _col(name, "r")
    return _comparison(name, _null(name), [("exact", f"{a} = {b}", 0.95, 0.0001), _else(0.05, 0.9999)],
                       f"{name}: exact identifier", fix_m=True)


def fuzzy_text(name: str, thresholds: tuple[float, ...], priors: list[tuple[float, float]]) -> dict[str, Any]:
    """Exact, then Jaro-Winkler bands (the first also takes the same words in another order). No edit distance:
    DuckDB's Damerau-Levenshtein is ~40x slower than Jaro-Winkler, which already scores one typo above 0.94."""
    a, b = _col(name, "l"), _col(name, "r")
    levels: list[Level] = [("exact", f"{a} = {b}", *priors[0])]
    for index, threshold in enumerate(thresholds):
        sql = f"jaro_winkler_similarity({a}, {b}) >= {threshold}"
        if index == 0:  # the same words in another order ('rossi costruzioni' / 'costruzioni rossi')
            sql = (f"({sql} OR CASE WHEN length({a}) = length({b}) THEN "
                   f"list_sort(string_split({a}, ' ')) = list_sort(string_split({b}, ' ')) ELSE false END)")
        levels.append((f"jaro-winkler >= {threshold}", sql, *priors[index + 1]))
    levels.append(_else(*priors[-1]))
    return _comparison(name, _null(name), levels, f"{name}: exact, then Jaro-Winkler")


def person_name() -> dict[str, Any]:
    """First and last name together, so that swapped names are a level of their own."""
    fl, fr, ll, lr = _col("first_name", "l"), _col("first_name", "r"), _col("last_name", "l"), _col("last_name", "r")
    null = f"({fl} IS NULL OR {fr} IS NULL) AND ({ll} IS NULL OR {lr} IS NULL)"
    both = "jaro_winkler_similarity({a}, {b}) >= {t} AND jaro_winkler_similarity({c}, {d}) >= {t}"
    levels: list[Level] = [
        ("exact", f"{fl} = {fr} AND {ll} = {lr}", 0.55, 0.00005),
        ("swapped", f"{fl} = {lr} AND {ll} = {fr}", 0.08, 0.000005),
        ("both jaro-winkler >= 0.92", both.format(a=fl, b=fr, c=ll, d=lr, t=0.92), 0.2, 0.0002),
        ("both jaro-winkler >= 0.85", both.format(a=fl, b=fr, c=ll, d=lr, t=0.85), 0.08, 0.002),
        ("last name exact", f"{ll} = {lr}", 0.04, 0.01),
        ("first name exact", f"{fl} = {fr}", 0.03, 0.02),
        _else(0.02, 0.96795),
    ]
    return _comparison("full_name", null, levels, "first and last name: exact, swapped, Jaro-Winkler")


def birth_date() -> dict[str, Any]:
    """ISO dates: exact, day and month transposed, the year off by one, one typed digit wrong."""
    a, b = _col("birth_date", "l"), _col("birth_date", "r")
    transposed = (f"substr({a}, 1, 4) = substr({b}, 1, 4) AND substr({a}, 6, 2) = substr({b}, 9, 2) "
                  f"AND substr({a}, 9, 2) = substr({b}, 6, 2)")
    year_off = (f"substr({a}, 6, 5) = substr({b}, 6, 5) "
                f"AND abs(CAST(substr({a}, 1, 4) AS INTEGER) - CAST(substr({b}, 1, 4) AS INTEGER)) = 1")
    levels: list[Level] = [
        ("exact", f"{a} = {b}", 0.85, 0.00005),
        ("day and month transposed", transposed, 0.04, 0.00001),
        ("year off by one", year_off, 0.04, 0.0001),
        ("one digit", _one_substitution(a, b), 0.04, 0.003),
        _else(0.03, 0.99684),
    ]
    return _comparison("birth_date", _null("birth_date"), levels, "birth date: exact, transposed, year off by one")


def postcode() -> dict[str, Any]:
    a, b = _col("postcode", "l"), _col("postcode", "r")
    return _comparison("postcode", _null("postcode"), [
        ("exact", f"{a} = {b}", 0.85, 0.02),
        ("same area (first three digits)", f"substr({a}, 1, 3) = substr({b}, 1, 3)", 0.1, 0.2),
        _else(0.05, 0.78)], "postcode: exact, same area")


def _one_substitution(a: str, b: str) -> str:
    """Same length and one character different (Hamming distance, only defined on equal lengths)."""
    return f"CASE WHEN length({a}) = length({b}) THEN hamming({a}, {b}) ELSE 99 END <= 1"


def phone() -> dict[str, Any]:
    """Exact, or one digit mistyped."""
    a, b = _col("phone", "l"), _col("phone", "r")
    return _comparison("phone", _null("phone"), [
        ("exact", f"{a} = {b}", 0.7, 0.0001), ("one digit", _one_substitution(a, b), 0.1, 0.0005),
        _else(0.2, 0.9994)], "phone: exact, one digit")


def email() -> dict[str, Any]:
    """Exact (lower case), or nearly (a typo in a long address)."""
    a, b = _col("email", "l"), _col("email", "r")
    return _comparison("email", _null("email"), [
        ("exact", f"{a} = {b}", 0.7, 0.0001), ("jaro-winkler >= 0.95", f"jaro_winkler_similarity({a}, {b}) >= 0.95",
                                             0.1, 0.001),
        _else(0.2, 0.9989)], "e-mail: exact, nearly")


def website() -> dict[str, Any]:
    a, b = _col("website", "l"), _col("website", "r")
    return _comparison("website", _null("website"), [("exact domain", f"{a} = {b}", 0.8, 0.0002),
                                                     _else(0.2, 0.9998)], "website: same domain")


def comparisons(kind: str, mapped: set[str]) -> list[dict[str, Any]]:
    """One comparison per mapped field (first and last name make one) in the contract's field order."""
    found: list[dict[str, Any]] = []
    if kind == "persons" and mapped & {"first_name", "last_name"}:
        if {"first_name", "last_name"} <= mapped:
            found.append(person_name())
        else:
            only = "first_name" if "first_name" in mapped else "last_name"
            found.append(fuzzy_text(only, (0.92, 0.85), [(0.6, 0.005), (0.25, 0.01), (0.1, 0.05), (0.05, 0.935)]))
    if "name" in mapped:
        found.append(fuzzy_text("name", (0.94, 0.88, 0.8),
                                [(0.55, 0.0002), (0.25, 0.0005), (0.1, 0.003), (0.05, 0.03), (0.05, 0.9663)]))
    if "birth_date" in mapped:
        found.append(birth_date())
    for identifier in ("tax_code", "vat_number", "id_number"):
        if identifier in mapped:
            found.append(exact_identifier(identifier))
    if "address" in mapped:
        found.append(fuzzy_text("address", (0.92, 0.8), [(0.6, 0.001), (0.2, 0.004), (0.1, 0.05), (0.1, 0.945)]))
    if "postcode" in mapped:
        found.append(postcode())
    if "city" in mapped:
        found.append(fuzzy_text("city", (0.9,), [(0.85, 0.05), (0.08, 0.01), (0.07, 0.94)]))
    if "phone" in mapped:
        found.append(phone())
    if "email" in mapped:
        found.append(email())
    if "website" in mapped:
        found.append(website())
    return found


@dataclass(frozen=True)
class BlockKey:
    """A blocking key computed per record (DuckDB SQL over the normalised columns); pairs sharing it are scored."""

    name: str
    needs: tuple[str, ...]
    sql: str


def _key(name: str, *needs: str, sql: str | None = None) -> BlockKey:
    return BlockKey(name=name, needs=needs, sql=sql or " || '|' || ".join(needs))


BLOCK_KEYS: dict[str, tuple[BlockKey, ...]] = {
    "persons": (
        _key("tax_code", "tax_code"), _key("id_number", "id_number"), _key("email", "email"), _key("phone", "phone"),
        _key("names", "first_name", "last_name",  # order-free, so swapped first and last names meet
             sql="least(first_name, last_name) || '|' || greatest(first_name, last_name)"),
        _key("last_dob", "last_name", "birth_date"), _key("first_dob", "first_name", "birth_date"),
        _key("dob_postcode", "birth_date", "postcode"),
        _key("postcode_last3", "postcode", "last_name", sql="postcode || '|' || substr(last_name, 1, 3)"),
        _key("sound_city", "first_name", "last_name", "city",
             sql="last_name_sound || '|' || first_name_sound || '|' || city"),
    ),
    "companies": (
        _key("vat_number", "vat_number"), _key("tax_code", "tax_code"), _key("email", "email"),
        _key("phone", "phone"), _key("website", "website"), _key("name", "name"),
        _key("postcode_name4", "postcode", "name", sql="postcode || '|' || substr(name, 1, 4)"),
        _key("sound_city", "name", "city", sql="name_sound || '|' || city"),
        _key("address_city", "address", "city"),
    ),
}

# EM runs once per rule that fits the mapped fields (Splink fixes the m of the fields a rule uses, so each rule
# trains the others); rules written on the real columns so Splink can see which ones they use.
TRAINING_RULES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "persons": (
        (("birth_date",), "l.birth_date = r.birth_date"),
        (("last_name", "first_name"), "l.last_name = r.last_name AND substr(l.first_name, 1, 1) = "
                                      "substr(r.first_name, 1, 1)"),
        (("tax_code",), "l.tax_code = r.tax_code"),
        (("postcode", "last_name"), "l.postcode = r.postcode AND l.last_name = r.last_name"),
        (("email",), "l.email = r.email"),
        (("phone",), "l.phone = r.phone"),
    ),
    "companies": (
        (("postcode", "name"), "l.postcode = r.postcode AND substr(l.name, 1, 3) = substr(r.name, 1, 3)"),
        (("vat_number",), "l.vat_number = r.vat_number"),
        (("tax_code",), "l.tax_code = r.tax_code"),
        (("phone",), "l.phone = r.phone"),
        (("email",), "l.email = r.email"),
        (("city", "name"), "l.city = r.city AND substr(l.name, 1, 3) = substr(r.name, 1, 3)"),
    ),
}

# Rules that alone almost always mean the same record: they estimate how many pairs match at all.
DETERMINISTIC_RULES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "persons": (
        (("tax_code",), "l.tax_code = r.tax_code"), (("id_number",), "l.id_number = r.id_number"),
        (("first_name", "last_name", "birth_date"),
         "l.first_name = r.first_name AND l.last_name = r.last_name AND l.birth_date = r.birth_date"),
        (("email",), "l.email = r.email"),
    ),
    "companies": (
        (("vat_number",), "l.vat_number = r.vat_number"), (("tax_code",), "l.tax_code = r.tax_code"),
        (("name", "postcode"), "l.name = r.name AND l.postcode = r.postcode"),
        (("email",), "l.email = r.email"), (("website",), "l.website = r.website"),
    ),
}


def usable(rules: tuple[tuple[tuple[str, ...], str], ...], mapped: set[str]) -> list[str]:
    return [sql for needs, sql in rules if set(needs) <= mapped]


# Used only when none of the keys above fits the mapped fields (a file with little more than a surname).
FALLBACK_KEYS: dict[str, tuple[BlockKey, ...]] = {
    "persons": (_key("last_name", "last_name"), _key("first_name", "first_name"), _key("address", "address")),
    "companies": (_key("address", "address"),),
}


def block_keys(kind: str, mapped: set[str]) -> list[BlockKey]:
    return ([key for key in BLOCK_KEYS[kind] if set(key.needs) <= mapped]
            or [key for key in FALLBACK_KEYS[kind] if set(key.needs) <= mapped])
