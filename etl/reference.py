"""Reads the reference tables in data/reference/ (lexicons, hedges, gazetteer, catalog rules).

Kept as plain CSV and TOML so analysts can edit them; every reader here is cached because the
tables are small and read on every report.
"""

from __future__ import annotations

import csv
import hashlib
import re
from functools import cache
from pathlib import Path

from etl.paths import REFERENCE_DIR


@cache
def read_table(name: str, directory: Path = REFERENCE_DIR) -> tuple[dict[str, str], ...]:
    """Rows of data/reference/<name> as dicts of stripped strings."""
    with (directory / name).open(encoding="utf-8", newline="") as handle:
        return tuple(
            {key.strip(): (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(handle)
        )


@cache
def read_lines(name: str, directory: Path = REFERENCE_DIR) -> tuple[str, ...]:
    """Non-comment, non-blank lines of a plain list file."""
    text = (directory / name).read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def optional_float(value: str) -> float | None:
    return float(value) if value != "" else None


def fingerprint(directory: Path = REFERENCE_DIR) -> str:
    """A hash of every reference file: part of the data version."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def alternation(phrases: list[str] | tuple[str, ...]) -> str:
    """A regex alternation that tries longer phrases first and lets any white space separate words."""
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    return "|".join(r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in ordered)


def trie_alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of phrases nested by shared prefix; fails fast on the first letter.

    Matching is meant to be case-insensitive (phrases are lower-cased) and a space in a phrase
    matches any white space.

    Python's regex engine tries a flat alternation's branches one by one at every position; a trie
    rejects most positions after one character comparison.
    """
    trie: dict = {}
    for word in sorted({" ".join(w.lower().split()) for w in words if w.strip()}):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = []
    ends = "" in node
    for char, child in sorted(node.items()):
        if char:
            branches.append((r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body
