"""Overview: a card per metric (latest value with its bounds, change over the last week, the report
behind it), data-quality badges, the data version and the last report date."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import html

from app import context
from app.figures import scale

dash.register_page(__name__, path="/", title="Offensive Metrics", name="Overview")
SEVERITY_COLOUR = {"error": "danger", "warning": "warning", "info": "info"}


def layout(**_params):
    data = context.data()
    cards = [_card(data, metric_id) for metric_id in data.metrics_with_data()]
    flags = data.table("quality_flags")
    badges = [
        dbc.Badge(
            f"{check}: {len(group)}",
            color=SEVERITY_COLOUR.get(group["severity"].iloc[0], "secondary"),
            className="me-2 mb-2",
            title=group["message"].iloc[0],
        )
        for check, group in flags.groupby("check", sort=True)
    ]
    return html.Div(
        [
            html.H1("The 2021 offensive in figures", className="h4"),
            html.P(
                f"{len(data.table('reports'))} reports up to {data.latest_report_date} · "
                f"{len(data.table('observations'))} figures · {len(data.table('events'))} events · data version {data.data_version}",
                className="text-muted",
            ),
            html.Div(
                [html.H2("Data-quality checks", className="h6"), *badges] if badges else [],
                className="mb-3",
            ),
            dbc.Row([dbc.Col(card, sm=6, lg=4, className="mb-3") for card in cards]),
        ]
    )


def _card(data, metric_id):
    metric = data.metrics[metric_id]
    series = data.series_by_metric[metric_id]
    independent = series[(series["status"] != "claimed") & ~series["carried_forward"]]
    main = independent[(independent["basis"] == "stated") & independent["main"].astype(bool)]
    counted = independent[independent["basis"] == "events"]
    points, basis = (main, "stated") if not main.empty else (independent, "stated")
    if points.empty:
        points = series
    latest = points.iloc[-1]
    if metric.cumulative and not counted.empty:
        # Events may know more than the last statement: a newer or larger count wins, named.
        last_event = counted.iloc[-1]
        if last_event["date"] >= latest["date"] and last_event["value"] > latest["value"]:
            points, latest, basis = counted, last_event, "events"
    factor = scale(metric)
    share = metric.unit in ("fraction", "percent")

    def fmt(v):
        if v is None or v != v:
            return "\u2013"
        return f"{v * factor:,.1f}%" if share else f"{round(v):,}"

    week_ago = latest["date"] - dt.timedelta(days=7)
    earlier = points[points["date"] <= week_ago]
    wholes = {m.denominator for m in data.metrics.values() if m.denominator}
    if metric_id in wholes:
        # A whole restated against another count (421, 407) is a change of definition, not news.
        change = "the whole other figures are shares of"
    elif earlier.empty:
        change = "no comparable figure a week earlier"
    else:
        before = earlier.iloc[-1]
        delta = (latest["value"] - before["value"]) * factor
        change = (
            f"{delta:+,.1f} points since {before['date']}"
            if share
            else f"{round(delta):+,} since {before['date']}"
        )
    basis_words = (
        "counted from events (places reported taken)"
        if basis == "events"
        else f"stated, {latest['comparable']}"
    )
    observations = data.observations_by_metric.get(metric_id)
    behind = (
        observations[observations["as_of"] <= latest["date"]].iloc[-1]
        if observations is not None and len(observations)
        else None
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(metric.label, className="h6 card-title"),
                html.P(fmt(latest["value"]), className="display-6 mb-0"),
                html.P(
                    f"{_range(fmt, latest)} · {latest['date']} · {basis_words}",
                    className="small mb-1",
                ),
                html.P(change, className="small text-muted mb-1"),
                html.P(
                    ["From: ", html.A(behind["title"], href=f"/trends?metric={metric_id}")]
                    if behind is not None
                    else "",
                    className="small mb-0",
                ),
            ]
        ),
        className="h-100 metric-card",
    )


def _range(fmt, point) -> str:
    low, high = point["low"], point["high"]
    if low is None or low != low:
        return f"at most {fmt(high)}"
    if high is None or high != high:
        return f"at least {fmt(low)}"
    return f"exactly {fmt(low)}" if low == high else f"between {fmt(low)} and {fmt(high)}"
