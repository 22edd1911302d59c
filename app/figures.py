"""Pure figure builders: chart rows in, plotly Figure out. Pages, embeds and exports all call these.

Every text taken from a report is escaped with html.escape before it reaches plotly, which would
otherwise interpret tags such as <b>, <a> or <img> in hover labels.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.data import places
from etl.catalog import Metric
from etl.paths import REPO_ROOT

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
EVENT_STYLE = {
    "crossing_seized": ("#D55E00", "triangle-up", "Crossing seized"),
    "crossing_retaken": ("#009E73", "triangle-down", "Crossing retaken"),
    "capital_fallen": ("#CC79A7", "diamond", "Capital fallen"),
    "capital_retaken": ("#56B4E9", "diamond-open", "Capital retaken"),
}
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"


def escape(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return html.escape(str(value))


def scale(metric: Metric) -> float:
    """Shares are stored as fractions and shown as percentages."""
    return 100.0 if metric.unit == "fraction" else 1.0


def axis_title(metric: Metric) -> str:
    """Short: the panel title already names the metric."""
    return "%" if metric.unit in ("fraction", "percent") else "count"


def trend_figure(
    rows: pd.DataFrame, metrics: dict[str, Metric], chosen: tuple[str, ...]
) -> go.Figure:
    """One panel per metric: reconciled line with its band, observations with error bars, events."""
    shown = [m for m in chosen if m in metrics]
    has_events = (rows["layer"] == "event").any()
    n_rows = len(shown) + (1 if has_events else 0)
    heights = [1.0] * len(shown) + ([0.35] if has_events else [])
    fig = make_subplots(
        rows=max(n_rows, 1),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.06,
        row_heights=heights or [1.0],
        subplot_titles=[metrics[m].label for m in shown] + (["Events"] if has_events else []),
    )
    for index, metric_id in enumerate(shown, start=1):
        metric = metrics[metric_id]
        colour = PALETTE[(index - 1) % len(PALETTE)]
        factor = scale(metric)
        series = rows[(rows["layer"] == "series") & (rows["metric"] == metric_id)]
        for basis, status_group in (
            ("stated", "independent"),
            ("stated", "claimed"),
            ("events", "independent"),
        ):
            part = series[series["basis"] == basis]
            part = (
                part[part["status"] == "claimed"]
                if status_group == "claimed"
                else part[part["status"] != "claimed"]
            )
            if part.empty:
                continue
            _add_series(fig, part, metric, colour, factor, basis, status_group, index)
        observations = rows[(rows["layer"] == "observation") & (rows["metric"] == metric_id)]
        for claimed in (False, True):
            part = observations[(observations["status"] == "claimed") == claimed]
            if not part.empty:
                _add_observations(fig, part, metric, colour, factor, claimed, index)
        fig.update_yaxes(title_text=axis_title(metric), row=index, col=1, rangemode="tozero")
    if has_events:
        _add_events(fig, rows[rows["layer"] == "event"], n_rows)
        fig.update_yaxes(showticklabels=True, row=n_rows, col=1, title_text="")
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT, "size": 13},
        height=max(420, 300 * len(shown) + (140 if has_events else 0) + 40 * len(shown)),
        margin={"l": 60, "r": 20, "t": 40, "b": 40},
        hovermode="closest",
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0, "font": {"size": 11}},
        clickmode="event",
    )
    return fig


def _add_series(fig, part, metric, colour, factor, basis, status_group, row):
    part = part.sort_values("date")
    x = part["date"].astype(str).tolist()
    value = (part["value"] * factor).tolist()
    low = (part["low"].fillna(part["value"]) * factor).tolist()
    high = (part["high"].fillna(part["value"]) * factor).tolist()
    claimed = status_group == "claimed"
    name = f"{metric.label} — " + (
        "claimed by a party"
        if claimed
        else "counted from events"
        if basis == "events"
        else "reconciled"
    )
    group = f"{metric.id}-{basis}-{status_group}"
    if basis == "stated" and not claimed:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=high,
                mode="lines",
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=group,
            ),
            row=row,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=low,
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=_alpha(colour, 0.18),
                hoverinfo="skip",
                name=f"{metric.label} — uncertainty (low–high)",
                legendgroup=group,
                showlegend=True,
            ),
            row=row,
            col=1,
        )
    custom = [
        [escape(m), int(n), escape(s), "carried forward" if cf else "", metric.id]
        for m, n, s, cf in zip(
            part["method"], part["n_reports"], part["status"], part["carried_forward"], strict=False
        )
    ]
    fig.add_trace(
        go.Scatter(
            x=x,
            y=value,
            name=name,
            legendgroup=group,
            customdata=custom,
            mode="lines+markers",
            line={
                "color": colour,
                "width": 3 if not claimed else 2,
                "dash": "dash" if claimed else "solid",
                "shape": "hv" if basis == "events" else "linear",
            },
            marker={"size": 6, "color": colour, "symbol": "circle-open" if claimed else "circle"},
            hovertemplate="%{x}<br>%{y:,.1f}<br>%{customdata[0]} · %{customdata[1]} report(s) · %{customdata[2]} %{customdata[3]}<extra></extra>",
        ),
        row=row,
        col=1,
    )


def _add_observations(fig, part, metric, colour, factor, claimed, row):
    value = part["value"] * factor
    high = part["high"] * factor
    low = part["low"] * factor
    plus = (high - value).where(high.notna(), 0).clip(lower=0).tolist()
    minus = (value - low).where(low.notna(), 0).clip(lower=0).tolist()
    custom = [
        [
            oid,
            escape(surface),
            escape(report),
            escape(source),
            escape(who) or "—",
            escape(qualifier) or "exact",
        ]
        for oid, surface, report, source, who, qualifier in zip(
            part["observation_id"],
            part["surface"],
            part["report"],
            part["source"],
            part["attribution"],
            part["qualifier"],
            strict=False,
        )
    ]
    fig.add_trace(
        go.Scatter(
            x=part["date"].astype(str).tolist(),
            y=value.tolist(),
            mode="markers",
            name=f"{metric.label} — " + ("claims" if claimed else "reported figures"),
            marker={
                "size": 10,
                "color": "white" if claimed else colour,
                "line": {"color": colour, "width": 2},
                "symbol": "square-open" if claimed else "circle",
            },
            error_y={
                "type": "data",
                "array": plus,
                "arrayminus": minus,
                "color": _alpha(colour, 0.7),
                "thickness": 1.5,
            },
            customdata=custom,
            hovertemplate="%{x}: %{y:,.2f}<br>“%{customdata[1]}” (%{customdata[5]})<br>%{customdata[2]}<br>"
            "Source: %{customdata[3]}<br>Attributed to: %{customdata[4]}<extra>click for the sentence</extra>",
        ),
        row=row,
        col=1,
    )


def _add_events(fig, events, row):
    for kind, part in events.groupby("kind", sort=True):
        colour, symbol, label = EVENT_STYLE.get(kind, ("#000000", "circle", kind))
        fig.add_trace(
            go.Scatter(
                x=part["date"].astype(str).tolist(),
                y=[label] * len(part),
                mode="markers",
                name=label,
                marker={"size": 11, "color": colour, "symbol": symbol},
                customdata=[
                    [escape(p), escape(r)]
                    for p, r in zip(part["place"], part["report"], strict=False)
                ],
                hovertemplate="%{x}: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            ),
            row=row,
            col=1,
        )


def events_figure(rows: pd.DataFrame) -> go.Figure:
    """A timeline of events: one row per kind, one marker per place on the day it was first reported."""
    fig = go.Figure()
    events = rows[rows["layer"] == "event"]
    for kind, part in events.groupby("kind", sort=True):
        colour, symbol, label = EVENT_STYLE.get(kind, ("#000000", "circle", kind))
        fig.add_trace(
            go.Scatter(
                x=part["date"].astype(str).tolist(),
                y=[label] * len(part),
                mode="markers",
                name=label,
                marker={"size": 12, "color": colour, "symbol": symbol},
                customdata=[
                    [escape(p), escape(r), escape(s)]
                    for p, r, s in zip(part["place"], part["report"], part["status"], strict=False)
                ],
                hovertemplate="%{x}: %{customdata[0]} (%{customdata[2]})<br>%{customdata[1]}<extra></extra>",
            )
        )
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT, "size": 13},
        height=360,
        margin={"l": 140, "r": 20, "t": 30, "b": 40},
        showlegend=False,
    )
    return fig


@lru_cache(maxsize=1)
def _outline() -> tuple[list[float], list[float]]:
    shape = json.loads((REPO_ROOT / "app" / "geo" / "afghanistan.geojson").read_text())
    ring = shape["features"][0]["geometry"]["coordinates"][0]
    return [p[0] for p in ring], [p[1] for p in ring]


def events_map(rows: pd.DataFrame) -> go.Figure:
    """Crossings and capitals on an outline of the country; works offline (no tiles, no topojson)."""
    lon, lat = _outline()
    fig = go.Figure(
        go.Scatter(
            x=lon,
            y=lat,
            mode="lines",
            fill="toself",
            fillcolor="#f4f4f4",
            line={"color": "#888", "width": 1},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    gazetteer = places()
    fig.add_trace(
        go.Scatter(
            x=gazetteer["lon"],
            y=gazetteer["lat"],
            mode="markers",
            marker={"size": 5, "color": "#bbbbbb"},
            customdata=[[escape(p)] for p in gazetteer["place"]],
            hovertemplate="%{customdata[0]}<extra></extra>",
            name="Places",
            showlegend=False,
        )
    )
    events = rows[rows["layer"] == "event"].merge(
        gazetteer[["place_id", "lat", "lon"]], on="place_id", how="inner"
    )
    for kind, part in events.groupby("kind", sort=True):
        colour, symbol, label = EVENT_STYLE.get(kind, ("#000000", "circle", kind))
        fig.add_trace(
            go.Scatter(
                x=part["lon"],
                y=part["lat"],
                mode="markers",
                name=label,
                marker={"size": 13, "color": colour, "symbol": symbol},
                customdata=[
                    [escape(p), str(d)] for p, d in zip(part["place"], part["date"], strict=False)
                ],
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
            )
        )
    fig.update_xaxes(visible=False, range=[60.3, 75.2])
    fig.update_yaxes(visible=False, range=[29.2, 38.7], scaleanchor="x", scaleratio=1.2)
    fig.update_layout(
        template="plotly_white",
        height=460,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": 0},
    )
    return fig


def _alpha(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
