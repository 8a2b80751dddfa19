"""Slugs: the short, typeable name a project is known by.

A project may be named in any script; its slug is ASCII, so that anyone can type it on
any keyboard. Letters that decompose to ASCII keep their base letter ("Café" → cafe), a
few Latin letters that do not are spelled out ("Straße" → strasse), Cyrillic and Greek are
transliterated ("Нейросеть" → neiroset), and a name with letters beyond that (Japanese,
Chinese…) gets a short id from its hash: stable, so the same name always makes the same
slug, whatever its case.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 60
_HASH = 6  # hex digits: 16 million values; a clash is taken care of by `unique`

# Letters NFKD leaves whole, with their usual spelling in ASCII: a few Latin ones, and
# Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian) and Greek as transliterated on
# passports, lower case (names are case-folded first; accents are split off by NFKD first).
_SPELLED = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
    | dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True))
    | {"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "",
       "ю": "iu", "я": "ia", "ё": "e", "є": "ie", "і": "i", "ї": "i", "ґ": "g", "ў": "u",
       "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz"}
    | dict(zip("αβγδεζηικλμνξοπρσςτυφω", "avgdeziiklmnxoprsstyfo", strict=True))
    | {"θ": "th", "χ": "ch", "ψ": "ps"}
)  # fmt: skip
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def key(name: str) -> str:
    """A name as compared: case-insensitive in any script, and the same however typed."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def same_name(a: str, b: str) -> bool:
    """Whether two names differ only in case, accents, spacing or punctuation."""
    return _letters(a) == _letters(b)


def _letters(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", key(name)).translate(_SPELLED)
    return "".join(ch for ch in decomposed if ch.isalnum())


def slugify(name: str) -> str:
    """The slug a name makes, or "" for a name with no letter or digit at all."""
    folded = unicodedata.normalize("NFKD", key(name)).translate(_SPELLED)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")[:MAX_SLUG].rstrip("-")
    lost = any(ch.isalnum() and not _transliterates(ch) for ch in folded)
    if not lost:
        return slug
    # Letters ASCII cannot spell: whatever ASCII there was, then a stable id of the name.
    digest = hashlib.sha256(key(name).encode("utf-8")).hexdigest()[:_HASH]
    stem = (slug or "p")[: MAX_SLUG - _HASH - 1].rstrip("-")
    return f"{stem}-{digest}"


def unique(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… whichever is not taken."""
    if slug not in taken:
        return slug
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = slug[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def _transliterates(ch: str) -> bool:
    decomposed = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore")
    return any(chr(b).isalnum() for b in decomposed)
