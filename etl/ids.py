"""Content-addressed ids: the same content gives the same id on every run and every machine."""

import hashlib


def content_id(*parts: object) -> str:
    """16 hex digits of the SHA-256 of the parts joined by '|'."""
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
