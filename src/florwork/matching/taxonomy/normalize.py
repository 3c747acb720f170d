"""Text normalisation for label search: lowercase, no accents, no stopwords, light Italian/English stemming.

The stemmer is deliberately small: it folds the gender/number endings of Italian job titles
(cuoco/cuoca/cuochi/cuoche, magazziniere/magazziniera/magazzinieri, operatore/operatrice) and the
English plural, so that a title matches its label whatever form was typed. It is not a full Snowball
stemmer: over-stemming would merge unrelated occupations (e.g. "pulire"/"pulizie" stay apart).
"""

from __future__ import annotations

import re
import unicodedata

ITALIAN_STOPWORDS = frozenset("""
a ad al allo alla ai agli alle anche che chi ci col con come da dal dallo dalla dai dagli dalle degli dei del
della delle dello di e ed gli ha ho hai abbiamo il in la le lo ma mi mia mio nei nel nella nelle nello negli
non o per presso se si sono su sui sul sulla sulle tra fra un una uno uso via ho ha lavorato lavoro lavorando
fatto fatta facevo anni anno mesi mese circa esperienza esperienze presso come ero stato stata sto svolto
svolta mansione mansioni ruolo qualifica settore tipo cerco cerca disponibile part full time
""".split())

ENGLISH_STOPWORDS = frozenset("""
a an and as at by for from in into of on or the to with without other others etc
""".split())

STOPWORDS = ITALIAN_STOPWORDS | ENGLISH_STOPWORDS

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = (  # (ending, replacement), the first that applies wins; order matters
    ("trici", "tor"), ("trice", "tor"), ("tori", "tor"), ("tore", "tor"),
    ("chi", "c"), ("che", "c"), ("ghi", "g"), ("ghe", "g"),
    ("ies", "y"),
)
_VOWELS = "aeiou"


def fold(text: str) -> str:
    """Lowercase without accents or punctuation (``"Addetta all'Assistenza"`` → ``"addetta all assistenza"``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(plain))


def stem(word: str) -> str:
    """The shared stem of a word's gender/number forms; short words stay as they are."""
    if len(word) <= 3 or word.isdigit():
        return word
    for ending, replacement in _SUFFIXES:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replacement
    if word[-1] in _VOWELS:
        return word[:-1]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The stems of the meaningful words of a text, in order."""
    return [stem(word) for word in fold(text).split() if word not in STOPWORDS]


def normalized(text: str) -> str:
    """The stored, indexed form of a label: its stems joined by spaces."""
    return " ".join(tokens(text))


def trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i: i + 3] for i in range(len(padded) - 2)}
