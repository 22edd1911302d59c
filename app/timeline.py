"""The timeline under a chart, like Grapher's: a range slider over the dates with data and a Play
button that moves the end date on a step at a time.

The slider and the page's date picker hold one range. One callback per page owns both (`register`),
and `move` decides what they show next, so neither can echo the other into a loop; the chart's own
callback listens to the date picker alone, as before, and writes the range to the URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

STEP_DAYS = 7
TICK_MS = 900
PLAY = "▶ Play"
PAUSE = "❚❚ Pause"


@dataclass(frozen=True)
class Timeline:
    """What the controls show: the range (ISO dates) and whether Play is running."""

    start: str
    end: str
    playing: bool

    @property
    def slider(self) -> list[int]:
        return [day_number(self.start), day_number(self.end)]


def day_number(day: str | dt.date) -> int:
    """Sliders take numbers: a date is its proleptic ordinal, so no origin has to be carried."""
    return (dt.date.fromisoformat(day) if isinstance(day, str) else day).toordinal()


def day_text(number: int | float) -> str:
    return dt.date.fromordinal(int(number)).isoformat()


def marks(first: str, last: str) -> dict[int, str]:
    """A mark at each month's first day in range (and at the first day), the year on the first
    mark and on every January."""
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    days = [start] + [
        dt.date(year, month, 1)
        for year in range(start.year, end.year + 1)
        for month in range(1, 13)
        if start < dt.date(year, month, 1) <= end
    ]
    return {
        day.toordinal(): day.strftime("%b %Y" if i == 0 or day.month == 1 else "%b")
        for i, day in enumerate(days)
    }


def move(
    trigger: str,
    *,
    first: str,
    last: str,
    start: str | None,
    end: str | None,
    slider: list[int] | None,
    playing: bool,
) -> Timeline:
    """The next state of the controls after `trigger`: 'slider' or 'picker' (a hand on the range,
    which pauses), 'play' (Play/Pause pressed) or 'tick' (the timer, while playing)."""
    start = _clamp(start or first, first, last)
    end = _clamp(end or last, first, last)
    if trigger == "slider" and slider:
        low, high = sorted(slider)
        return Timeline(
            _clamp(day_text(low), first, last), _clamp(day_text(high), first, last), False
        )
    if trigger == "picker":
        return Timeline(start, end, False)
    if trigger == "play":
        if playing:
            return Timeline(start, end, False)
        if end >= last:  # at the end, Play starts again one step after the start
            end = _step(start, last)
        return Timeline(start, end, True)
    if trigger == "tick" and playing:
        end = _step(end, last)
        return Timeline(start, end, end < last)
    return Timeline(start, end, playing)


def _step(day: str, last: str) -> str:
    return min(day_text(day_number(day) + STEP_DAYS), last)


def _clamp(day: str, first: str, last: str) -> str:
    return min(max(day[:10], first), last)


def controls(slider_id: str, play_id: str, timer_id: str, first: str, last: str, start, end):
    """Play button, range slider with month marks, and the (paused) timer that drives Play."""
    return html.Div(
        [
            dbc.Button(
                PLAY,
                id=play_id,
                n_clicks=0,
                size="sm",
                color="primary",
                outline=True,
                className="timeline-play",
                title="Play: move the end date on a week at a time",
            ),
            html.Div(
                dcc.RangeSlider(
                    id=slider_id,
                    min=day_number(first),
                    max=day_number(last),
                    step=1,
                    value=[day_number(start), day_number(end)],
                    marks=marks(first, last),
                    allowCross=False,
                    allow_direct_input=False,
                    updatemode="mouseup",
                ),
                className="timeline-slider",
            ),
            dcc.Interval(id=timer_id, interval=TICK_MS, disabled=True),
        ],
        className="timeline",
        role="group",
        **{"aria-label": "Timeline"},
    )


def register(picker_id: str, slider_id: str, play_id: str, timer_id: str) -> None:
    """The one callback that owns a page's range: it answers the slider, the date picker, Play and
    the timer, and writes back only what the trigger did not already show."""

    @callback(
        Output(picker_id, "start_date"),
        Output(picker_id, "end_date"),
        Output(slider_id, "value"),
        Output(timer_id, "disabled"),
        Output(play_id, "children"),
        Input(slider_id, "value"),
        Input(picker_id, "start_date"),
        Input(picker_id, "end_date"),
        Input(play_id, "n_clicks"),
        Input(timer_id, "n_intervals"),
        State(timer_id, "disabled"),
        State(slider_id, "min"),
        State(slider_id, "max"),
        prevent_initial_call=True,
    )
    def sync(slider, start, end, _clicks, _ticks, paused, low, high):
        trigger = {
            slider_id: "slider",
            picker_id: "picker",
            play_id: "play",
            timer_id: "tick",
        }.get(dash.ctx.triggered_id, "")
        before = Timeline(start or "", end or "", not paused)
        after = move(
            trigger,
            first=day_text(low),
            last=day_text(high),
            start=start,
            end=end,
            slider=slider,
            playing=not paused,
        )
        return (
            after.start if after.start != before.start else no_update,
            after.end if after.end != before.end else no_update,
            after.slider if trigger != "slider" and after.slider != slider else no_update,
            not after.playing,
            PAUSE if after.playing else PLAY,
        )
