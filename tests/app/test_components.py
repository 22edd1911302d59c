"""The evidence panel quotes the report body around a figure, never the header lines, and states
every fact in words: no "nan", "None" or empty value, shares as percents."""

from __future__ import annotations

import pytest

from app.components import evidence_panel, passage
from app.data import get_data
from etl.ingest import parse_report

HEADLINE_REPEATED = (
    "date 2021-07-08 The Taliban took 3 border crossings\n"
    "source: a wire story\n"
    "url: https://example.org/story\n"
    "\n"
    "The Taliban took 3 border crossings. Officials said so on Thursday.\n"
)
UNREADABLE = {"nan", "None", "NaN", "<NA>", "NaT", ""}


def _report(text: str):
    return parse_report(text.encode("utf-8"), "story.txt")


def test_a_figure_in_the_body_is_quoted_from_the_body_even_when_the_headline_repeats_it():
    report = _report(HEADLINE_REPEATED)
    sentence = "The Taliban took 3 border crossings."
    start = report.text.index("3 border", report.body_start)
    quoted = passage(report.text, report.body_start, sentence, start, start + len("3 border"))
    assert not quoted.in_headline
    assert quoted.before == ""
    assert quoted.lead + quoted.figure + quoted.tail == sentence
    assert quoted.figure == "3 border"
    assert quoted.after.startswith(" Officials said")
    shown = quoted.before + quoted.lead + quoted.figure + quoted.tail + quoted.after
    assert "date 2021" not in shown and "source:" not in shown and "url:" not in shown


def test_context_before_a_sentence_stops_where_the_body_starts():
    report = _report(HEADLINE_REPEATED)
    sentence = "Officials said so on Thursday."
    start = report.text.index("Thursday")
    quoted = passage(report.text, report.body_start, sentence, start, start + len("Thursday"))
    assert quoted.before == "The Taliban took 3 border crossings. "


def test_a_headline_figure_shows_its_headline_alone():
    report = _report("date 2021-07-08 Taliban hold 8 capitals\nsource: AP\n\nFighting went on.\n")
    start = report.text.index("8 capitals")
    quoted = passage(report.text, report.body_start, "Taliban hold 8 capitals", start, start + 1)
    assert quoted.in_headline and quoted.before == "" and quoted.after == ""
    assert quoted.lead + quoted.figure + quoted.tail == "Taliban hold 8 capitals"


def _texts(component) -> list[str]:
    """Every string a component tree shows, depth first."""
    if isinstance(component, str):
        return [component]
    children = getattr(component, "children", None)
    if children is None:
        return []
    if not isinstance(children, list | tuple):
        children = [children]
    return [text for child in children for text in _texts(child)]


def _facts(panel) -> dict[str, str]:
    facts = next(c for c in panel.children if getattr(c, "className", "") == "evidence-facts")
    terms = [_texts(c)[0] for c in facts.children if type(c).__name__ == "Dt"]
    values = ["".join(_texts(c)) for c in facts.children if type(c).__name__ == "Dd"]
    return dict(zip(terms, values, strict=True))


@pytest.fixture(scope="module")
def data(warehouse_dir):
    return get_data(warehouse_dir)


def test_every_figure_of_the_corpus_is_quoted_from_its_body_with_readable_facts(data):
    observations = data.table("observations_enriched")
    reports = data.table("reports").set_index("report_id")
    assert len(observations) > 0
    for row in observations.itertuples(index=False):
        panel = evidence_panel(data, row.observation_id)
        facts = _facts(panel)
        assert all(value.strip() not in UNREADABLE for value in facts.values()), facts
        if row.unit == "fraction":
            assert facts["Value"].endswith("%") and not facts["Value"].startswith("0.")
        quote = next(c for c in panel.children if getattr(c, "className", "") == "evidence-text")
        before, sentence, after = ("".join(_texts(span)) for span in quote.children)
        assert sentence == row.sentence
        report = parse_report(reports.loc[row.report_id, "text"].encode("utf-8"), row.path)
        header = report.text[: report.body_start].strip().splitlines()
        for line in (line for line in header if line.lower().startswith(("source:", "url:"))):
            assert line not in before + after
        assert f"date {report.published}" not in before + after


def test_a_chart_point_states_its_method_in_words(data):
    observation_id = data.table("observations")["observation_id"].iloc[0]
    facts = _facts(evidence_panel(data, observation_id, ("consensus_interval", 2)))
    assert facts["Chart point"] == "consensus of reports, from 2 reports"
    facts = _facts(evidence_panel(data, observation_id, ("single_report", 1)))
    assert facts["Chart point"] == "single report, from 1 report"
