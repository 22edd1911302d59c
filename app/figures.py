"""Pure figure builders: chart rows in, plotly Figure out. Pages, embeds and exports all call these.

Every text taken from a report is escaped with html.escape before it reaches plotly, which would
otherwise interpret tags such as <b>, <a> or <img> in hover labels.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from app import display
from app.data import places
from etl.catalog import Metric
from etl.paths import REPO_ROOT

# Okabe-Ito: distinguishable with the common forms of colour blindness.
# Claims by a party have a colour of their own, filled, never a paler twin of the metric's.
CLAIM_COLOUR = "#B2182B"
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
EVENT_STYLE = {
    "crossing_seized": ("#D55E00", "triangle-up", "Crossing seized"),
    "crossing_retaken": ("#009E73", "triangle-down", "Crossing retaken"),
    "capital_fallen": ("#CC79A7", "diamond", "Capital fallen"),
    "capital_retaken": ("#56B4E9", "diamond-open", "Capital retaken"),
}
# The events charts have fixed heights; their pages give each graph the same height, since a
# responsive dcc.Graph otherwise sizes the plot to its parent's height (none) after a resize.
EVENTS_TIMELINE_HEIGHT = 360
EVENTS_MAP_HEIGHT = 460
# A one-sided figure ("more than 200", "up to 47%") gets a dotted stub towards its open side, this
# share of its panel's top value long, capped with an arrowhead: the figure lies somewhere beyond.
OPEN_REACH = 0.12
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
# Every chart, on a page or in an HTML export, takes this config: nothing goes to a cloud editor and
# there is no camera button, since our PNG/SVG exports carry the title, source and data version that
# a bare snapshot loses. plotly.js 4 names its cloud button sendChartToCloud ("Share chart...") and
# shows it unless showSendToCloud is off; it no longer knows showLink or showEditInChartStudio.
GRAPH_CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["toImage", "sendDataToCloud", "sendChartToCloud"],
    "responsive": True,
}


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
    rows: pd.DataFrame,
    metrics: dict[str, Metric],
    chosen: tuple[str, ...],
    span: tuple[object, object] | None = None,
) -> dict:
    """One panel per metric: reconciled line with its band, observations with error bars, events.

    Returned as a plain figure dict (plotly.js reads it as is): building validated graph objects
    cost most of a trend callback. `go.Figure(trend_figure(...))` gives an object where needed.
    """
    shown = [m for m in chosen if m in metrics]
    has_events = (rows["layer"] == "event").any()
    n_rows = len(shown) + (1 if has_events else 0)
    heights = [1.0] * len(shown) + ([0.35] if has_events else [])
    fig = _Subplots(
        heights or [1.0],
        [metrics[m].label for m in shown] + (["Events"] if has_events else []),
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
            if basis == "stated":
                # A line joins comparable figures only: the main set; every other set (one
                # province, another period, one incident) is drawn as points of its own.
                main = part["main"].fillna(False).astype(bool)
                for comparable, other in part[~main].groupby("comparable", sort=True):
                    _add_other_set(fig, other, metric, colour, factor, comparable, index)
                part = part[main]
            if part.empty:
                continue
            _add_series(fig, part, metric, colour, factor, basis, status_group, index)
        observations = rows[(rows["layer"] == "observation") & (rows["metric"] == metric_id)]
        reach = OPEN_REACH * factor * _top(series, observations)
        for claimed in (False, True):
            part = observations[(observations["status"] == "claimed") == claimed]
            if not part.empty:
                _add_open_bounds(fig, part, metric, colour, factor, claimed, reach, index)
                _add_observations(fig, part, metric, colour, factor, claimed, index)
        fig.yaxis(index).update(title={"text": axis_title(metric)}, rangemode="tozero")
    if has_events:
        _add_events(fig, rows[rows["layer"] == "event"], n_rows)
        fig.yaxis(n_rows).update(showticklabels=True, type="category")
    if span and all(span):
        # The x axis spans the chosen range, so an empty stretch reads as no reports, not as zoom.
        for axis in [k for k in fig.layout if k.startswith("xaxis")]:
            fig.layout[axis].update(range=[str(span[0]), str(span[1])])
    if rows[rows["layer"].isin(["series", "observation"])].empty:
        fig.layout.setdefault("annotations", []).append(
            {
                "text": "No figures in this range",
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.6,
                "showarrow": False,
                "font": {"size": 16, "color": "#6c757d"},
            }
        )
    fig.layout.update(
        template=_template(),
        font={"family": FONT, "size": 13},
        height=max(420, 300 * len(shown) + (140 if has_events else 0) + 40 * len(shown)),
        margin={"l": 60, "r": 20, "t": 40, "b": 40},
        hovermode="closest",
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0, "font": {"size": 11}},
        clickmode="event",
    )
    return fig.to_dict()


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
            dict(
                type="scatter",
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
            dict(
                type="scatter",
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
        [escape(m), int(n), escape(s), "carried forward" if cf else "", metric.id, bounds]
        for m, n, s, cf, bounds in zip(
            part["method"],
            part["n_reports"],
            part["status"],
            part["carried_forward"],
            _bound_words(part, metric),
            strict=False,
        )
    ]
    fig.add_trace(
        dict(
            type="scatter",
            x=x,
            y=value,
            name=name,
            legendgroup=group,
            customdata=custom,
            mode="lines+markers",
            line={
                "color": CLAIM_COLOUR if claimed else colour,
                "width": 3 if not claimed else 2,
                "dash": "dash" if claimed else "dot" if basis == "events" else "solid",
                "shape": "hv" if basis == "events" else "linear",
            },
            marker={
                "size": 7,
                "color": CLAIM_COLOUR if claimed else colour,
                "symbol": "square" if claimed else "diamond" if basis == "events" else "circle",
            },
            hovertemplate="%{x}<br>%{y:,.1f}<br>Bounds: %{customdata[5]}<br>%{customdata[0]} · "
            "%{customdata[1]} report(s) · %{customdata[2]} %{customdata[3]}<extra></extra>",
        ),
        row=row,
        col=1,
    )


def _add_other_set(fig, part, metric, colour, factor, comparable, row):
    """Reconciled points of a set that is not comparable with the main line: markers, no line."""
    part = part.sort_values("date")
    reason = escape(comparable)
    fig.add_trace(
        dict(
            type="scatter",
            x=part["date"].astype(str).tolist(),
            y=(part["value"] * factor).tolist(),
            name=f"{metric.label} — {reason} (not joined: counts something else)",
            legendgroup=f"{metric.id}-{comparable}",
            mode="markers",
            marker={"size": 9, "color": _alpha(colour, 0.55), "symbol": "diamond-open"},
            customdata=[[reason, int(n), metric.id] for n in part["n_reports"]],
            hovertemplate="%{x}<br>%{y:,.0f}<br>%{customdata[0]}: not comparable with the"
            " main line · %{customdata[1]} report(s)<extra></extra>",
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
            bounds,
        ]
        for oid, surface, report, source, who, qualifier, bounds in zip(
            part["observation_id"],
            part["surface"],
            part["report"],
            part["source"],
            part["attribution"],
            part["qualifier"],
            _bound_words(part, metric),
            strict=False,
        )
    ]
    fig.add_trace(
        dict(
            type="scatter",
            x=part["date"].astype(str).tolist(),
            y=value.tolist(),
            mode="markers",
            name=f"{metric.label} — " + ("claims" if claimed else "reported figures"),
            marker={
                "size": 10,
                "color": CLAIM_COLOUR if claimed else colour,
                "line": {"color": CLAIM_COLOUR if claimed else colour, "width": 2},
                "symbol": "square" if claimed else "circle",
            },
            error_y={
                "type": "data",
                "array": plus,
                "arrayminus": minus,
                "color": _alpha(colour, 0.7),
                "thickness": 1.5,
            },
            customdata=custom,
            hovertemplate="%{x}: %{y:,.2f}<br>“%{customdata[1]}” (%{customdata[5]})<br>"
            "Bounds: %{customdata[6]}<br>%{customdata[2]}<br>"
            "Source: %{customdata[3]}<br>Attributed to: %{customdata[4]}<extra>click for the sentence</extra>",
        ),
        row=row,
        col=1,
    )


def _bound_words(part, metric):
    """Each point's bounds in words; a one-sided one says so ('at least 200', 'up to 47%')."""
    return [
        display.open_bound(low, high, metric.unit) or display.bounds(low, high, metric.unit)
        for low, high in zip(part["low"], part["high"], strict=False)
    ]


def _top(*frames: pd.DataFrame) -> float:
    """The largest value or bound a panel draws (unscaled), so open-bound stubs fit its height."""
    numbers = np.concatenate([_floats(f, c) for f in frames for c in ("value", "low", "high")])
    numbers = numbers[numbers > 0]  # NaN compares false, so missing bounds drop out too
    return float(numbers.max()) if numbers.size else 1.0


def _floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].to_numpy(dtype=float, na_value=np.nan)


def _add_open_bounds(fig, part, metric, colour, factor, claimed, reach, row):
    """One-sided figures: a dotted stub from the figure towards its open side, ending in an
    arrowhead pointing the way the bound is open (up for "more than", down for "up to")."""
    low, high = np.isnan(_floats(part, "low")), np.isnan(_floats(part, "high"))
    up, down = high & ~low, low & ~high
    if not (up.any() or down.any()):
        return
    days, values = part["date"].to_numpy(), _floats(part, "value") * factor
    x, y, symbols, sizes = [], [], [], []
    for i in np.flatnonzero(up | down):
        day, value = str(days[i]), float(values[i])
        end = value + reach if up[i] else max(value - reach, 0.0)
        x += [day, day, None]
        y += [value, end, None]
        symbols += ["circle", "triangle-up" if up[i] else "triangle-down", "circle"]
        sizes += [0, 9, 0]
    tone = CLAIM_COLOUR if claimed else colour
    fig.add_trace(
        dict(
            type="scatter",
            x=x,
            y=y,
            mode="lines+markers",
            name=f"{metric.label} — open bound (at least / up to)",
            legendgroup=f"{metric.id}-open-{claimed}",
            line={"color": _alpha(tone, 0.8), "width": 1.5, "dash": "dot"},
            marker={"symbol": symbols, "size": sizes, "color": tone},
            hoverinfo="skip",
        ),
        row=row,
        col=1,
    )


def _add_events(fig, events, row):
    for kind, part in events.groupby("kind", sort=True):
        colour, symbol, label = EVENT_STYLE.get(kind, ("#000000", "circle", kind))
        fig.add_trace(
            dict(
                type="scatter",
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


class _Subplots:
    """Stacked panels sharing one time axis, as a plain layout dict (what make_subplots builds)."""

    def __init__(self, heights: list[float], titles: list[str], spacing: float = 0.06):
        self.data: list[dict] = []
        self.layout: dict = {"annotations": []}
        usable = 1 - spacing * (len(heights) - 1)
        top = 1.0
        for row, (height, title) in enumerate(
            zip(heights, titles or [""] * len(heights), strict=False), start=1
        ):
            bottom = top - usable * height / sum(heights)
            suffix = "" if row == 1 else str(row)
            self.layout[f"yaxis{suffix}"] = {
                "domain": [max(bottom, 0), top],
                "anchor": f"x{suffix}",
            }
            self.layout[f"xaxis{suffix}"] = {
                "anchor": f"y{suffix}",
                "domain": [0, 1],
                "showticklabels": row == len(heights),
                **({"matches": "x"} if row > 1 else {}),
            }
            if title:
                self.layout["annotations"].append(
                    {
                        "text": title,
                        "x": 0.5,
                        "y": top,
                        "xref": "paper",
                        "yref": "paper",
                        "xanchor": "center",
                        "yanchor": "bottom",
                        "showarrow": False,
                        "font": {"size": 16},
                    }
                )
            top = bottom - spacing

    def add_trace(self, trace: dict, row: int, col: int = 1) -> None:
        suffix = "" if row == 1 else str(row)
        self.data.append({**trace, "xaxis": f"x{suffix}", "yaxis": f"y{suffix}"})

    def yaxis(self, row: int) -> dict:
        return self.layout["yaxis" if row == 1 else f"yaxis{row}"]

    def to_dict(self) -> dict:
        return {"data": self.data, "layout": self.layout}


@lru_cache(maxsize=1)
def _template() -> dict:
    import plotly.io as pio

    return pio.templates["plotly_white"].to_plotly_json()


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
        height=EVENTS_TIMELINE_HEIGHT,
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
        height=EVENTS_MAP_HEIGHT,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": 0},
    )
    return fig


def _alpha(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
