"""Reports written by us with hard wording, each with the observations an analyst expects.

Each file in tests/fixtures/linker/ names a report of the bundled corpus, what wording it covers,
and exactly the observations of the default metrics that the text means (values of shares as
fractions, bounds from data/reference/hedges.csv and vague_quantities.csv). The comparison is a
multiset: a missing figure and an extra one both fail, with both lists in the message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.extract import extract_file
from etl.paths import REPO_ROOT

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "linker").glob("*.json"))
FIELDS = (
    "metric",
    "value",
    "low",
    "high",
    "qualifier",
    "as_of",
    "period_start",
    "attribution",
    "status",
    "derived",
    "surface",
)


def _key(row: dict) -> tuple:
    def rounded(value):
        return None if value is None else round(float(value), 3)

    return tuple(rounded(row[f]) if f in ("value", "low", "high") else row[f] for f in FIELDS)


def _actual(path: Path) -> list[tuple]:
    result = extract_file(path)
    rows = []
    for o in result.observations:
        row = {f: o.get(f) for f in FIELDS}
        row["derived"] = o["derived_from"] is not None
        for date_field in ("as_of", "period_start"):
            row[date_field] = row[date_field].isoformat() if row[date_field] else None
        rows.append(_key(row))
    return sorted(rows, key=repr)


def test_there_are_at_least_fifteen_fixtures():
    assert len(FIXTURES) >= 15


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_linker_reads_what_the_text_means(fixture):
    spec = json.loads(fixture.read_text())
    expected = sorted((_key(o) for o in spec["observations"]), key=repr)
    actual = _actual(REPO_ROOT / spec["report"])
    missing = [e for e in expected if e not in actual]
    extra = [a for a in actual if a not in expected]
    assert not missing and not extra, f"{spec['covers']}\nmissing: {missing}\nextra: {extra}"
