"""Pieces several pages share: the evidence panel, the download and export links, the embed dialog."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import ids
from app.data import WarehouseData
from app.state import ChartState

CONTEXT_CHARS = 240


def evidence_panel(data: WarehouseData, observation_id: str | None):
    """The sentence behind a figure, with the figure marked, inside its report. Text, never HTML."""
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
    start, end = int(row["start"]), int(row["end"])
    sentence_start = text.find(row["sentence"])
    sentence_end = sentence_start + len(row["sentence"])
    before = text[max(0, sentence_start - CONTEXT_CHARS) : sentence_start]
    after = text[sentence_end : sentence_end + CONTEXT_CHARS]
    return html.Div(
        [
            html.H3(row["title"], className="h6 mb-1"),
            html.P(
                f"{row['report_published']} · {row['source'] or 'source not stated'} · {row['path']}",
                className="small text-muted",
            ),
            html.Blockquote(
                [
                    html.Span(
                        ("…" if sentence_start > CONTEXT_CHARS else "") + before,
                        className="context",
                    ),
                    html.Span(
                        [
                            text[sentence_start:start],
                            html.Mark(text[start:end]),
                            text[end:sentence_end],
                        ],
                        className="sentence",
                    ),
                    html.Span(
                        after + ("…" if sentence_end + CONTEXT_CHARS < len(text) else ""),
                        className="context",
                    ),
                ],
                className="evidence-text",
            ),
            html.Dl(
                [
                    html.Dt("Metric"),
                    html.Dd(data.metrics[row["metric"]].label),
                    html.Dt("Value"),
                    html.Dd(_bounds(row)),
                    html.Dt("As of"),
                    html.Dd(
                        str(row["as_of"])
                        + (
                            f" (period from {row['period_start']})"
                            if row["period_start"] is not None
                            and str(row["period_start"]) not in ("NaT", "<NA>", "None")
                            else ""
                        )
                    ),
                    html.Dt("Attributed to"),
                    html.Dd(row["attribution"] or "—"),
                    html.Dt("Status"),
                    html.Dd(row["status"]),
                    html.Dt("Rule"),
                    html.Dd(html.Code(row["rule"])),
                    html.Dt("Derived"),
                    html.Dd(row["derived_from"] or "stated directly"),
                ],
                className="evidence-facts",
            ),
        ],
        className="evidence",
    )


def _bounds(row) -> str:
    def fmt(v):
        return "—" if v is None or v != v else f"{v:,.4g}"

    return f"{fmt(row['value'])} (low {fmt(row['low'])}, high {fmt(row['high'])}; {row['qualifier'] or 'exact'})"


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


def embed_dialog():
    return html.Div(
        [
            dbc.Button("Embed", id=ids.EMBED_OPEN, color="secondary", size="sm", className="mb-2"),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle("Embed this chart")),
                    dbc.ModalBody(
                        [
                            dbc.RadioItems(
                                id=ids.EMBED_MODE,
                                options=[
                                    {"label": "Live: always the newest data", "value": "live"},
                                    {"label": "Pinned to this data version", "value": "pinned"},
                                ],
                                value="live",
                                className="mb-2",
                            ),
                            dcc.Textarea(
                                id=ids.EMBED_SNIPPET,
                                readOnly=True,
                                style={"width": "100%", "height": "7em"},
                            ),
                        ]
                    ),
                ],
                id=ids.EMBED_MODAL,
                is_open=False,
            ),
        ]
    )


def embed_snippet(origin: str, chart: str, state: ChartState, data_version: str, mode: str) -> str:
    if mode == "pinned":
        state = ChartState(**{**state.__dict__, "version": data_version})
    else:
        state = ChartState(**{**state.__dict__, "version": None})
    src = f"{origin.rstrip('/')}/embed/{chart}?{state.to_query()}"
    return (
        f'<iframe src="{src}" width="100%" height="520" style="border:0" loading="lazy" '
        f'title="Offensive Metrics chart"></iframe>'
    )
