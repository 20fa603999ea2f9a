"""Display names that would pass for the programme's staff.

A display name is free text, so a resident could comment as "Buurtteam Vaart Welzijn".
Staff answers carry a badge made from the author's role and partner (never from the name,
see `badges.py`), and residents' names may not contain the words that name a team, a
partner or a staff function. The comparison ignores case, accents, spacing and
punctuation, and folds look-alike characters (0 for o, Cyrillic а for a, I for l, ...),
so "B.u.u.r.t-t3am" and "Vaart WeIzijn" are caught too.
"""

from __future__ import annotations

import unicodedata

from maps.partners.models import Partner

# The teams, the founding partners and staff functions (Dutch and English). Partners'
# names come from the database on top of these.
RESERVED_WORDS = (
    "buurtteam",
    "wijkteam",
    "gemeente",
    "Actium",
    "Vaart Welzijn",
    "beheerder",
    "moderator",
    "medewerker",
)
# A partner name shorter than this (once folded) would refuse ordinary names.
MIN_PARTNER_LENGTH = 4

# Characters that look like a Latin letter (digits, symbols, Cyrillic and Greek letters).
_LOOK_ALIKES = str.maketrans(
    {
        "0": "o",
        "1": "l",
        "|": "l",
        "!": "l",
        "3": "e",
        "4": "a",
        "@": "a",
        "5": "s",
        "$": "s",
        "7": "t",
        "+": "t",
        "8": "b",
        "9": "g",
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "һ": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "l",
        "ј": "j",
        "ԝ": "w",
        "α": "a",
        "β": "b",
        "ε": "e",
        "ι": "l",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
    }
)
# Pairs that read as one letter; and I, l and 1 are one letter here.
_SEQUENCES = (("rn", "m"), ("vv", "w"), ("i", "l"))


def fold(text: str) -> str:
    """`text` as letters only: lower case, no accents, look-alikes replaced, and nothing
    between the letters (spaces, dots, dashes, zero-width characters)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    letters = letters.translate(_LOOK_ALIKES)
    letters = "".join(c for c in letters if c.isascii() and c.isalnum())
    for sequence, replacement in _SEQUENCES:
        letters = letters.replace(sequence, replacement)
    return letters


def reserved_words() -> list[str]:
    words = list(RESERVED_WORDS)
    words += [
        name
        for name in Partner.objects.values_list("name", flat=True)
        if len(fold(name)) >= MIN_PARTNER_LENGTH
    ]
    return words


def reserved_word_in(name: str) -> str | None:
    """The reserved word that `name` contains (as written in the list), or None."""
    folded = fold(name)
    if not folded:
        return None
    for word in reserved_words():
        if fold(word) in folded:
            return word
    return None
