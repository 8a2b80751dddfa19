"""Slugs: the short, typeable name a project is known by."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60


def slugify(name: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-")
