"""The timeline's one decision: what the slider, the date picker and Play show after each input."""

from __future__ import annotations

from app.timeline import STEP_DAYS, day_number, day_text, marks, move

FIRST, LAST = "2021-05-01", "2021-09-06"


def _move(trigger, start="2021-06-01", end="2021-07-01", slider=None, playing=False):
    return move(
        trigger, first=FIRST, last=LAST, start=start, end=end, slider=slider, playing=playing
    )


def test_moving_the_slider_sets_the_range_and_pauses():
    after = _move(
        "slider", slider=[day_number("2021-07-10"), day_number("2021-06-02")], playing=True
    )
    assert (after.start, after.end, after.playing) == ("2021-06-02", "2021-07-10", False)
    assert after.slider == [day_number("2021-06-02"), day_number("2021-07-10")]


def test_the_date_picker_moves_the_slider_within_the_dates_with_data():
    after = _move("picker", start="2021-04-01", end="2021-08-01T00:00:00")
    assert (after.start, after.end) == (FIRST, "2021-08-01")
    assert after.slider == [day_number(FIRST), day_number("2021-08-01")]


def test_play_moves_the_end_a_step_per_tick_and_stops_at_the_last_day():
    state = _move("play")
    assert state.playing and (state.start, state.end) == ("2021-06-01", "2021-07-01")
    ends = []
    while state.playing:
        state = _move("tick", state.start, state.end, playing=True)
        ends.append(state.end)
    assert ends[:2] == ["2021-07-08", "2021-07-15"]
    assert ends[-1] == LAST and not state.playing
    steps = [day_number(b) - day_number(a) for a, b in zip(ends, ends[1:], strict=False)]
    assert set(steps[:-1]) == {STEP_DAYS} and 0 < steps[-1] <= STEP_DAYS


def test_play_at_the_end_starts_again_a_step_after_the_start():
    after = _move("play", end=LAST)
    assert after.playing and after.end == "2021-06-08"


def test_pause_stops_and_a_tick_while_paused_changes_nothing():
    assert not _move("play", playing=True).playing
    assert _move("tick", playing=False).end == "2021-07-01"


def test_marks_name_each_month_and_the_year_where_it_starts():
    assert list(marks(FIRST, LAST).values()) == ["May 2021", "Jun", "Jul", "Aug", "Sep"]
    assert list(marks("2021-11-15", "2022-02-01").values()) == [
        "Nov 2021",
        "Dec",
        "Jan 2022",
        "Feb",
    ]
    assert day_text(day_number("2021-07-08")) == "2021-07-08"
