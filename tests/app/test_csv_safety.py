"""Spreadsheet formula injection is neutralised; numbers stay numbers."""

import csv
import io

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from app.csv_safety import FORMULA_STARTS, neutralise, safe_csv_bytes


def test_formula_cells_get_an_apostrophe_and_numbers_do_not():
    frame = pd.DataFrame(
        {
            "text": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain"],
            "n": [-1, 2, -3, 4, 5, 6, 7],
        }
    )
    rows = list(csv.reader(io.StringIO(safe_csv_bytes(frame).decode(), newline="")))
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "plain",
    ]
    assert [row[1] for row in rows[1:]] == ["-1", "2", "-3", "4", "5", "6", "7"]


@given(st.text())
def test_no_text_cell_starts_with_a_formula_character(text):
    value = neutralise(text)
    assert not str(value).startswith(FORMULA_STARTS)
    assert str(value).removeprefix("'") == text or str(value) == text
