"""Bad input is rejected with a message naming the file (and line); good input in any encoding loads."""

from __future__ import annotations

import codecs

import pytest

from etl.extract import Extracted, Rejected, extract_file
from etl.ingest import ReportRejected, normalise, parse_report

GOOD = "date 2021-07-08 Crossing seized\nsource: test\n\nThe Taliban have taken control of three border crossings in the last week.\n"


def test_founding_report_loads_with_its_leading_space(founding_report):
    report = parse_report(founding_report.read_bytes(), founding_report.name)
    assert report.published.isoformat() == "2021-07-08"
    assert report.title.startswith("As the Taliban seize control")
    assert report.text[report.body_start :].startswith("The Taliban grabbed control")
    assert len(report.report_id) == 16


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        pytest.param(GOOD.encode("utf-8"), "utf-8", id="utf8"),
        pytest.param(codecs.BOM_UTF8 + GOOD.encode("utf-8"), "utf-8-bom", id="utf8-bom"),
        pytest.param(
            codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"), "utf-16-le-bom", id="utf16-bom"
        ),
        pytest.param(GOOD.encode("utf-16-le"), "utf-16-le", id="utf16-no-bom"),
        pytest.param(GOOD.replace("Taliban", "Taliban’s").encode("cp1252"), "cp1252", id="cp1252"),
    ],
)
def test_encodings_are_detected_and_give_the_same_text(raw, encoding):
    report = parse_report(raw, "r.txt")
    assert report.encoding == encoding
    assert "three border crossings" in report.text
    assert "\ufeff" not in report.text


def test_same_text_in_different_encodings_has_the_same_id():
    utf8 = parse_report(GOOD.encode("utf-8"), "a.txt")
    utf16 = parse_report(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"), "b.txt")
    crlf = parse_report(GOOD.replace("\n", "\r\n").encode("utf-8"), "c.txt")
    assert utf8.report_id == utf16.report_id == crlf.report_id


def test_normalise_removes_invisible_controls_and_composes():
    assert normalise("Cafe\u0301 \u200bx\r\ny") == "Café x\ny\n"


@pytest.mark.parametrize(
    ("raw", "check", "line", "words"),
    [
        pytest.param(b"", "not_empty", None, "empty", id="empty-file"),
        pytest.param(b"  \n\n \t\n", "not_empty", None, "empty", id="blank-file"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01",
            "not_binary",
            None,
            "binary",
            id="binary",
        ),
        pytest.param(b"Kunduz fell today.\n", "date_line", 1, "date YYYY-MM-DD", id="no-date-line"),
        pytest.param(
            b"\n\ndate 08/07/2021 Title\n\nBody.\n",
            "date_format",
            3,
            "08/07/2021",
            id="bad-date-format",
        ),
        pytest.param(
            b"date 2021-02-30 Title\n\nBody.\n", "date_valid", 1, "2021-02-30", id="impossible-date"
        ),
        pytest.param(
            b"date 2021-07-08 Title\nsource: x\n\n", "body_not_empty", 3, "no body", id="no-body"
        ),
    ],
)
def test_bad_input_is_rejected_naming_file_and_line(tmp_path, raw, check, line, words):
    path = tmp_path / "bad_report.txt"
    path.write_bytes(raw)
    with pytest.raises(ReportRejected) as caught:
        parse_report(raw, "bad_report.txt")
    assert caught.value.check == check
    assert caught.value.line == line
    message = str(caught.value)
    assert message.startswith("bad_report.txt" + (f":{line}" if line else ""))
    assert words in message
    result = extract_file(path)
    assert isinstance(result, Rejected) and result.check == check


def test_a_good_file_extracts(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD)
    result = extract_file(path)
    assert isinstance(result, Extracted)
    assert [o["metric"] for o in result.observations] == ["border_crossings_seized"]
