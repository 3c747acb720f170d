"""Pseudonymous candidate codes: what a company sees instead of a person.

The code is an HMAC of (person, vacancy) under a key derived from SECRET_KEY, so it is stable (the same
person keeps the same code on one vacancy's ranking, shortlist and presentations) and it differs from one
vacancy to the next: a company cannot link one person across its vacancies (GDPR art. 4(5) and recital 26,
pseudonymisation; art. 25, data protection by design). Without the secret the code reveals nothing.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

# 32 symbols without the look-alikes 0/O and 1/I: 6 symbols are 30 bits, so two candidates of one vacancy
# share a code with odds under one in two thousand even among a thousand candidates
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 6
SALT = "florwork.matching.candidate_code"


def candidate_code(*, person_id: int, vacancy_id: int) -> str:
    digest = salted_hmac(SALT, f"{int(person_id)}:{int(vacancy_id)}", algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big")
    symbols = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return "C-" + "".join(symbols)
