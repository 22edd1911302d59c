"""Pieces several pages share: the evidence panel and the download and export links."""

from __future__ import annotations

from dataclasses import dataclass

from dash import html

from app import display
from app.data import WarehouseData
from app.state import ChartState
from etl.ingest import parse_report
from etl.sentences import sentence_index, split_sentences

CONTEXT_CHARS = 240


@dataclass(frozen=True)
class Passage:
    """The sentence behind a figure cut around the figure, with the report text either side."""

    before: str
    lead: str
    figure: str
    tail: str
    after: str
    in_headline: bool


def passage(text: str, body_start: int, sentence: str, start: int, end: int) -> Passage:
    """Find the sentence by the figure's offsets (a headline the body repeats holds the same
    words earlier) and take context from the body only: the date, source and url lines are the
    report's header, not its text. A headline figure the body does not restate shows alone."""
    sentence_start = text.rfind(sentence, 0, start + len(sentence))
    sentence_end = sentence_start + len(sentence)
    if sentence_start < 0 or sentence_end < end:
        sentence_start, sentence_end = start, end
    in_headline = sentence_start < body_start
    before = after = ""
    if not in_headline:
        context_start = max(body_start, sentence_start - CONTEXT_CHARS)
        before = ("…" if context_start > body_start else "") + text[context_start:sentence_start]
        after = text[sentence_end : sentence_end + CONTEXT_CHARS]
        after += "…" if sentence_end + CONTEXT_CHARS < len(text) else ""
    return Passage(
        before,
        text[sentence_start:start],
        text[start:end],
        text[end:sentence_end],
        after,
        in_headline,
    )


def evidence_panel(
    data: WarehouseData, observation_id: str | None, reconciled: tuple[str, int] | None = None
):
    """The sentence behind a figure, with the figure marked, inside its report. Text, never HTML.
    `reconciled` is the (method, report count) of the chart point clicked, when it was one."""
    if not observation_id:
        return html.P(
            "Click a figure on the chart to see the sentence it came from.", className="text-muted"
        )
    observations = data.table("observations_enriched")
    match = observations[observations["observation_id"] == observation_id]
    if match.empty:
        return html.P("That figure is not in this data version.", className="text-muted")
    row = match.iloc[0]
    report = data.table("reports")
    text = report.loc[report["report_id"] == row["report_id"], "text"].iloc[0]
    body_start = parse_report(text.encode("utf-8"), row["path"]).body_start
    quoted = passage(text, body_start, row["sentence"], int(row["start"]), int(row["end"]))
    return html.Div(
        [
            html.H3(row["title"], className="h6 mb-1"),
            html.P(
                f"{row['report_published']} · {display.text(row['source'], 'source')} · {row['path']}",
                className="small text-muted",
            ),
            *_quote(quoted),
            html.Dl(_facts(data, row, reconciled), className="evidence-facts"),
        ],
        className="evidence",
    )


def _quote(quoted: Passage) -> list:
    note = "From the headline: the report's body does not restate this figure."
    return [
        *([html.P(note, className="small mb-1")] if quoted.in_headline else []),
        html.Blockquote(
            [
                html.Span(quoted.before, className="context"),
                html.Span(
                    [quoted.lead, html.Mark(quoted.figure), quoted.tail], className="sentence"
                ),
                html.Span(quoted.after, className="context"),
            ],
            className="evidence-text",
        ),
    ]


def span_quote(data: WarehouseData, report_id: str, start: int, end: int) -> list:
    """The sentence of a report holding text[start:end] (a flag's words), those words marked."""
    reports = data.table("reports")
    match = reports[reports["report_id"] == report_id]
    if match.empty:
        return []
    report = match.iloc[0]
    text = report["text"]
    body_start = parse_report(text.encode("utf-8"), report["path"]).body_start
    spans = split_sentences(text)
    sentence_start, sentence_end = spans[sentence_index(spans, start)]
    return _quote(passage(text, body_start, text[sentence_start:sentence_end], start, end))


def _facts(data: WarehouseData, row, reconciled: tuple[str, int] | None) -> list:
    """The figure's facts in words: every value present, or an en dash."""
    period = row["period_start"]
    facts = [
        ("Metric", data.metrics[row["metric"]].label),
        ("Value", display.amount(row["value"], row["unit"])),
        ("Stated as", display.qualifier_words(row["qualifier"])),
        ("Bounds", display.bounds(row["low"], row["high"], row["unit"])),
        (
            "As of",
            str(row["as_of"]) + ("" if display.is_missing(period) else f" (period from {period})"),
        ),
        ("Attributed to", display.text(row["attribution"])),
        ("Status", display.text(row["status"])),
        ("Rule", html.Code(row["rule"])),
        ("Derived", display.text(row["derived_from"], "derived_from")),
    ]
    if reconciled is not None:
        method, n_reports = reconciled
        count = f"{n_reports} report" + ("" if n_reports == 1 else "s")
        facts.append(("Chart point", f"{display.method_words(method)}, from {count}"))
    return [part for term, value in facts for part in (html.Dt(term), html.Dd(value))]


def chart_links(chart: str, state: ChartState):
    query = state.to_query()
    link = "btn btn-outline-primary btn-sm me-2 mb-2"
    return html.Div(
        [
            html.A(
                "CSV of this view",
                href=f"/download/{chart}.csv?{query}",
                className=link,
                id=f"{chart}-csv-link",
            ),
            html.A(
                "PNG", href=f"/export/{chart}.png?{query}", className=link, id=f"{chart}-png-link"
            ),
            html.A("SVG", href=f"/export/{chart}.svg?{query}", className=link),
            html.A("HTML", href=f"/export/{chart}.html?{query}", className=link),
            html.A("Data package", href=f"/download/package.zip?{query}", className=link),
        ],
        className="chart-links",
    )
