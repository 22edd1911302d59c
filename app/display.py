"""How values and codes read on the page: the one mapping from the pipeline's vocabulary
(qualifiers, reconciliation methods) to words, and the formatting every grid cell and evidence fact
goes through, so a missing value reads as an en dash, never "nan", "None" or a blank.

The tables and CSV downloads keep the codes and raw numbers; only what a person reads changes.
"""

from __future__ import annotations

import pandas as pd

MISSING = "–"
QUALIFIER_WORDS = {
    "exact": "exact",
    "about": "about",
    "nearly": "nearly",
    "just_over": "just over",
    "more_than": "more than",
    "at_least": "at least",
    "less_than": "less than",
    "at_most": "at most",
    "up_to": "up to",
    "range": "a range",
    "vague": "a vague amount",
}
# A method may carry a suffix after '+' (single_report+denominator_converted); each part has words.
METHOD_WORDS = {
    "single_report": "single report",
    "consensus_interval": "consensus of reports",
    "latest_report": "most recent of disagreeing reports",
    "events_cumulative": "counted from events",
    "carry_forward": "carried forward from an earlier day",
    "daily_median": "daily median of figures",
    "denominator_converted": "converted to a common denominator",
}
# The data-quality checks of etl/quality.py, as a heading says them.
CHECK_WORDS = {
    "conversion_disagrees": "A conversion disagrees with itself",
    "out_of_range": "A figure out of range",
    "cumulative_falls": "A running total falls",
    "stated_vs_events": "A stated total differs from the events counted",
    "same_day_disagreement": "Figures of one day disagree",
}
# What a missing value means in these columns; any other missing cell shows MISSING.
MISSING_WORDS = {
    "qualifier": QUALIFIER_WORDS["exact"],
    "derived_from": "stated directly",
    "source": "source not stated",
}
AMOUNT_COLUMNS = ("value", "low", "high")


def is_missing(value: object) -> bool:
    """None, NaN, NA, NaT or text with nothing in it."""
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def text(value: object, column: str | None = None) -> str:
    """A cell as text; a missing one in the words its column gives it, else an en dash."""
    if is_missing(value):
        return MISSING_WORDS.get(column, MISSING)
    return str(value)


def amount(value: object, unit: str | None) -> str:
    """A figure as a reader writes it: 1,659 and 16.5%, a share as a whole percent (0.3333 -> 33%)."""
    if is_missing(value):
        return MISSING
    number = float(value)
    if unit == "fraction":
        share = number * 100
        return f"{share:,.{0 if abs(share) >= 1 or share == 0 else 1}f}%"
    return _decimal(number) + ("%" if unit == "percent" else "")


def bounds(low: object, high: object, unit: str | None) -> str:
    """'30% to 37%', 'at least 300', 'at most 500', 'exactly 8', or an en dash when none is known."""
    if is_missing(low) and is_missing(high):
        return MISSING
    if is_missing(high):
        return f"at least {amount(low, unit)}"
    if is_missing(low):
        return f"at most {amount(high, unit)}"
    if amount(low, unit) == amount(high, unit):
        return f"exactly {amount(low, unit)}"
    return f"{amount(low, unit)} to {amount(high, unit)}"


def figure_words(
    value: object, low: object, high: object, qualifier: object, unit: str | None
) -> str:
    """A figure with its bounds and wording as a reader says it: '50% (45–55%), about',
    '90% (at least 90%), more than', '2,500'."""
    shown = amount(value, unit)
    if is_missing(low) and is_missing(high):
        span = ""
    elif is_missing(high):
        span = f" (at least {amount(low, unit)})"
    elif is_missing(low):
        span = f" (at most {amount(high, unit)})"
    elif amount(low, unit) == amount(high, unit):
        span = "" if amount(low, unit) == shown else f" ({amount(low, unit)})"
    else:
        first = (
            amount(low, unit).removesuffix("%")
            if unit in ("fraction", "percent")
            else amount(low, unit)
        )
        span = f" ({first}–{amount(high, unit)})"
    stated = (
        "" if is_missing(qualifier) or qualifier == "exact" else f", {qualifier_words(qualifier)}"
    )
    return shown + span + stated


def open_bound(low: object, high: object, unit: str | None) -> str | None:
    """A one-sided interval as the chart says it: 'at least 200' for "more than 200", 'up to 47%'
    for "up to 47%" or "fewer than 50"; None when both bounds or neither are known."""
    if is_missing(high) and not is_missing(low):
        return f"at least {amount(low, unit)}"
    if is_missing(low) and not is_missing(high):
        return f"up to {amount(high, unit)}"
    return None


def qualifier_words(qualifier: object) -> str:
    if is_missing(qualifier):
        return QUALIFIER_WORDS["exact"]
    return QUALIFIER_WORDS.get(str(qualifier), str(qualifier).replace("_", " "))


def method_words(method: object) -> str:
    if is_missing(method):
        return MISSING
    parts = str(method).split("+")
    return ", ".join(METHOD_WORDS.get(part, part.replace("_", " ")) for part in parts)


def check_words(check: object) -> str:
    return CHECK_WORDS.get(str(check), str(check).replace("_", " "))


def grid_rows(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Rows for a grid: every listed column as display text. Figures keep their number under
    their own name for sorting and add `<column>_shown`, the text the grid shows for them."""
    rows = []
    for record in frame.to_dict("records"):
        row = {}
        for column in columns:
            if column in AMOUNT_COLUMNS:
                raw = record[column]
                row[column] = None if is_missing(raw) else float(raw)
                row[f"{column}_shown"] = amount(raw, record.get("unit"))
            elif column == "qualifier":
                row[column] = qualifier_words(record[column])
            else:
                row[column] = text(record[column], column)
        rows.append(row)
    return rows


def _decimal(number: float) -> str:
    """Thousands separated, one decimal at most and never a trailing '.0'."""
    return f"{number:,.1f}".removesuffix(".0")
