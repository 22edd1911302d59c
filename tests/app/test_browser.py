"""The dashboard in real headless Chromium against a real server: what a user sees and does.

Screenshots of every page at desktop and phone width go to tests/artifacts/screenshots/.
Without Chromium these tests skip, except in CI (CI=true), where a skip would hide a broken check
and so they fail instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import os
import re
import shutil
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import flask
import pytest

from app import ids
from app.server import create_app
from app.share import DEFAULT_HEIGHT, embed_snippet
from etl.paths import REPORTS_DIR
from etl.pipeline import run

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {
    "overview": "/",
    "trends": "/trends",
    "events": "/events",
    "evidence": "/evidence",
    "downloads": "/downloads",
    "method": "/method",
}


def _require_browser():
    if CHROMIUM and CHROMEDRIVER:
        return
    message = "Debian chromium and chromium-driver are needed for browser tests"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (in CI a browser test may not skip)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _wait(predicate, timeout=20.0, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception:  # the page is still rendering
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


def _open(browser, url, selector):
    from selenium.webdriver.common.by import By

    browser.get(url)
    return _wait(
        lambda: browser.find_element(By.CSS_SELECTOR, selector), message=f"{selector} on {url}"
    )


def _markers(browser) -> list:
    """The chart's figure markers (observation markers are drawn larger than series points)."""
    from selenium.webdriver.common.by import By

    selector = "#trend-graph .scatterlayer .trace .points path.point"
    return _wait(
        lambda: [
            p for p in browser.find_elements(By.CSS_SELECTOR, selector) if p.size["width"] >= 8
        ],
        message="figure markers",
    )


def _trace_points(browser) -> dict[str, int]:
    """How many points the chart draws, by kind of trace (reported figures, claims, series, events)."""
    return browser.execute_script(
        """
        const gd = document.querySelector('#trend-graph .js-plotly-plot');
        const out = {observation: 0, series: 0, event: 0};
        for (const t of gd.data) {
          if (t.hoverinfo === 'skip') continue;
          const n = (t.x || []).length;
          if (/reported figures|claims$/.test(t.name)) out.observation += n;
          else if (/reconciled|claimed by a party|counted from events/.test(t.name)) out.series += n;
          else out.event += n;
        }
        return out;
        """
    )


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_renders_at_desktop_and_phone_width(browser, live_server, page):
    from selenium.webdriver.common.by import By

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        browser.set_window_size(width, height)
        _open(browser, live_server + PAGES[page], "#main h1")
        if page in ("trends", "events"):
            _wait(
                lambda: browser.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"),
                message="a chart",
            )
        time.sleep(0.5)
        assert "Error" not in browser.find_element(By.CSS_SELECTOR, "#main").text[:200]
        browser.save_screenshot(str(SCREENSHOTS / f"{page}-{size}.png"))
    assert browser.get_log("browser") == [] or all(
        entry["level"] != "SEVERE" for entry in browser.get_log("browser")
    )


def test_changing_metric_and_range_updates_chart_url_and_view_csv(browser, live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(1366, 900)
    _open(
        browser,
        live_server + "/trends?metric=districts_controlled_share",
        "#trend-graph .js-plotly-plot .main-svg",
    )
    _wait(lambda: _trace_points(browser)["observation"] > 0, message="the first chart")
    before = _trace_points(browser)
    browser.find_element(By.ID, "trend-metrics").click()
    option = _wait(
        lambda: next(
            o
            for o in browser.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
            if "Provincial capitals" in o.text
        ),
        message="the metric option",
    )
    option.click()
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    _wait(
        lambda: "provincial_capitals_controlled" in browser.current_url,
        message="the metric in the URL",
    )
    _wait(
        lambda: _trace_points(browser)["series"] > before["series"],
        message="the chart to gain a metric",
    )
    assert (
        "Provincial capitals taken by the Taliban"
        in browser.find_element(By.CSS_SELECTOR, "#trend-graph").text
    )

    browser.get(
        live_server
        + "/trends?metric=provincial_capitals_controlled&from=2021-08-01&to=2021-08-12&events=hide"
    )
    _wait(lambda: _trace_points(browser)["series"] > 0, message="the narrowed chart")
    drawn = _trace_points(browser)
    link = _wait(
        lambda: browser.find_element(By.ID, "trend-csv-link").get_attribute("href"),
        message="the CSV link",
    )
    assert "from=2021-08-01" in link and "to=2021-08-12" in link
    with urllib.request.urlopen(link, timeout=10) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode())))
    by_layer = {
        layer: sum(1 for r in rows if r["layer"] == layer)
        for layer in ("observation", "series", "event")
    }
    assert by_layer == drawn
    assert all("2021-08-01" <= r["date"] <= "2021-08-12" for r in rows)


def test_clicking_a_figure_shows_its_sentence(browser, live_server):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.set_window_size(1366, 900)
    _open(
        browser,
        live_server + "/trends?metric=withdrawal_percent&events=hide",
        "#trend-graph .js-plotly-plot .main-svg",
    )
    points = _markers(browser)
    ActionChains(browser).move_to_element(points[-1]).pause(0.3).click().perform()
    mark = _wait(
        lambda: browser.find_element(By.CSS_SELECTOR, "#trend-evidence mark"),
        message="the highlighted figure",
    )
    assert "percent" in mark.text
    sentence = browser.find_element(By.CSS_SELECTOR, "#trend-evidence .sentence").text
    assert mark.text in sentence and len(sentence) > len(mark.text)


def test_embed_page_is_the_chart_alone(browser, live_server):
    from selenium.webdriver.common.by import By

    _open(
        browser,
        live_server + "/embed/trend?metric=districts_controlled_count",
        ".embed .js-plotly-plot .main-svg",
    )
    assert not any(nav.is_displayed() for nav in browser.find_elements(By.CSS_SELECTOR, ".navbar"))
    assert "data version" in browser.find_element(By.CSS_SELECTOR, ".embed").text


def test_png_export_from_the_page(browser, live_server):
    from selenium.webdriver.common.by import By

    _open(browser, live_server + "/trends?metric=districts_controlled_share", "#trend-png-link")
    href = browser.find_element(By.ID, "trend-png-link").get_attribute("href")
    with urllib.request.urlopen(href, timeout=60) as response:
        body = response.read()
    assert body[:8] == b"\x89PNG\r\n\x1a\n" and len(body) > 20_000
    assert b"tEXtDescription" in body[:4096]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, serve_flask):
    """A warehouse whose corpus holds a report written to run script in a careless page."""
    _require_browser()
    root = tmp_path_factory.mktemp("hostile")
    reports = root / "reports"
    shutil.copytree(REPORTS_DIR, reports)
    (reports / "999_hostile.txt").write_text(
        'date 2021-07-20 <script>window.__xss=1</script> headline\nsource: <img src=x onerror="window.__xss=2">\n\n'
        'The Taliban have taken control of four border crossings in the last week <img src=x onerror="window.__xss=3"> '
        "<script>window.__xss=4</script>.\n",
        encoding="utf-8",
    )
    run(reports, root / "warehouse")
    with serve_flask(create_app(root / "warehouse").server) as url:
        yield url


def test_report_text_never_runs_as_html(browser, hostile_server):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.set_window_size(1366, 900)
    _open(browser, hostile_server + "/evidence?metric=border_crossings_seized", ".ag-row")
    _wait(
        lambda: "<img src=x" in browser.find_element(By.CSS_SELECTOR, "#main").text,
        message="the hostile sentence as text",
    )
    assert browser.execute_script("return window.__xss") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "#main img[src='x']")

    _open(
        browser,
        hostile_server
        + "/trends?metric=border_crossings_seized&from=2021-07-19&to=2021-07-21&events=hide",
        "#trend-graph .js-plotly-plot .main-svg",
    )
    points = _markers(browser)
    ActionChains(browser).move_to_element(points[0]).pause(0.4).perform()
    _wait(
        lambda: browser.find_element(By.CSS_SELECTOR, ".hoverlayer").text, message="a hover label"
    )
    assert not browser.find_elements(By.CSS_SELECTOR, ".hoverlayer img, .hoverlayer script")
    ActionChains(browser).click().perform()
    _wait(
        lambda: "<img src=x" in browser.find_element(By.CSS_SELECTOR, "#trend-evidence").text,
        message="the sentence as text",
    )
    assert browser.execute_script("return window.__xss") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "img[src='x']")


# plotly.js 4 titles its cloud button "Share chart...", older versions "Edit in Chart Studio".
CLOUD_OR_CAMERA = ("download plot", "edit", "cloud", "share")


@pytest.mark.parametrize(
    "path", ["/trends", "/events", "/embed/trend?metric=districts_controlled_count"]
)
def test_charts_offer_no_camera_and_no_cloud_upload(browser, live_server, path):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1366, 900)
    _open(browser, live_server + path, ".js-plotly-plot .main-svg")
    titles = _wait(
        lambda: [
            b.get_attribute("data-title")
            for b in browser.find_elements(By.CSS_SELECTOR, ".modebar [data-title]")
        ],
        message="the modebar buttons",
    )
    assert any("zoom" in t.lower() for t in titles)
    assert not [t for t in titles if any(word in t.lower() for word in CLOUD_OR_CAMERA)]


def test_an_unknown_page_says_so_and_links_home(browser, live_server):
    from selenium.webdriver.common.by import By

    heading = _open(browser, live_server + "/no-such-page", "h1")
    assert heading.text == "Page not found"
    browser.find_element(By.LINK_TEXT, "Go to the overview").click()
    _wait(
        lambda: "in figures" in browser.find_element(By.CSS_SELECTOR, "#main h1").text,
        message="the overview",
    )


UNREADABLE_CELLS = {"nan", "None", "NaN", "<NA>", "NaT", ""}


def _cells(browser) -> list[str]:
    return browser.execute_script(
        "return [...document.querySelectorAll('.tab-pane.active .ag-center-cols-container "
        ".ag-cell')].map(c => c.textContent.trim())"
    )


def test_evidence_grid_shows_no_nan_and_shares_as_percents(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1366, 900)
    _open(browser, live_server + "/evidence?metric=districts_controlled_share", ".ag-row")
    cells = _wait(lambda: _cells(browser), message="the figures grid")
    assert not [c for c in cells if c in UNREADABLE_CELLS]
    assert "33%" in cells and "0.3333" not in cells
    assert "more than" in cells and "about" in cells

    _open(browser, live_server + "/evidence", ".ag-row")
    cells = _wait(lambda: len(_cells(browser)) > 100 and _cells(browser), message="all figures")
    assert not [c for c in cells if c in UNREADABLE_CELLS]
    browser.find_element(By.PARTIAL_LINK_TEXT, "Data-quality flags").click()
    flags = _wait(
        lambda: [
            f.text for f in browser.find_elements(By.CSS_SELECTOR, "#flags-list .flag-message")
        ],
        message="the flags list",
    )
    assert any("disagree" in f for f in flags)
    assert not [f for f in flags if f.strip() in UNREADABLE_CELLS or "nan" in f.split()]


PHONE = SIZES["phone"]


def _phone(browser):
    browser.set_window_size(*PHONE)


def _rect(browser, element) -> dict:
    return browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height,"
        " width: window.innerWidth, viewport: window.innerHeight};",
        element,
    )


def test_phone_navbar_takes_one_line_and_opens_on_toggle(browser, live_server):
    from selenium.webdriver.common.by import By

    _phone(browser)
    navbar = _open(browser, live_server + "/", ".navbar")
    _wait(lambda: browser.find_element(By.ID, "nav-toggler").is_displayed(), message="toggler")
    closed = _rect(browser, navbar)["height"]
    assert closed < 80
    links = browser.find_elements(By.CSS_SELECTOR, ".navbar .nav-link")
    assert len(links) == 6 and not any(link.is_displayed() for link in links)

    browser.find_element(By.ID, "nav-toggler").click()
    _wait(lambda: all(link.is_displayed() for link in links), message="the open menu")
    _wait(lambda: _rect(browser, navbar)["height"] > closed + 150, message="the menu to unfold")
    browser.save_screenshot(str(SCREENSHOTS / "navbar-open-phone.png"))

    next(link for link in links if link.text == "Evidence").click()
    _wait(lambda: browser.current_url.endswith("/evidence"), message="the evidence page")
    _wait(lambda: _rect(browser, navbar)["height"] < 80, message="the menu to fold on arrival")


def _rendered(browser, page):
    from selenium.webdriver.common.by import By

    if page in ("trends", "events"):
        _wait(
            lambda: browser.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"),
            message="a chart",
        )
    if page == "evidence":
        _wait(lambda: browser.find_elements(By.CSS_SELECTOR, ".ag-row"), message="the grid")
    time.sleep(0.5)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_phone_pages_are_no_wider_than_the_screen(browser, live_server, page):
    _phone(browser)
    _open(browser, live_server + PAGES[page], "#main h1")
    _rendered(browser, page)
    widths = browser.execute_script(
        "const d = document.documentElement;"
        "return {scroll: d.scrollWidth, client: d.clientWidth, inner: window.innerWidth};"
    )
    # clientWidth leaves out a scrollbar's room, so it is the stricter of the two.
    assert widths["scroll"] <= widths["client"] <= widths["inner"], widths


@pytest.mark.parametrize(
    ("path", "picker"),
    [("/trends", "trend-range"), ("/events", "events-range"), ("/evidence", "evidence-range")],
)
def test_phone_date_picker_calendar_fits_the_screen(browser, live_server, path, picker):
    from selenium.webdriver.common.by import By

    _phone(browser)
    _open(browser, live_server + path, f"#{picker}")
    _rendered(browser, path.strip("/"))
    wrapper = browser.find_element(By.ID, f"{picker}-wrapper")
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", wrapper)
    wrapper.click()
    calendar = _wait(
        lambda: browser.find_element(By.CSS_SELECTOR, ".dash-datepicker-content"),
        message="the calendar",
    )
    time.sleep(0.3)
    box = _rect(browser, calendar)
    assert box["height"] > 200, box
    assert box["left"] >= 0 and box["right"] <= box["width"], box
    assert box["top"] >= 0 and box["bottom"] <= box["viewport"], box
    months = browser.find_elements(By.CSS_SELECTOR, ".dash-datepicker-content table")
    assert len(months) == 1
    browser.save_screenshot(str(SCREENSHOTS / f"date-picker-{picker}-phone.png"))


def test_phone_tapped_point_scrolls_its_evidence_into_view(browser, live_server):
    from selenium.webdriver.common.by import By

    _phone(browser)
    _open(
        browser,
        live_server + "/trends?metric=withdrawal_percent&events=hide",
        "#trend-graph .js-plotly-plot .main-svg",
    )
    evidence = browser.find_element(By.ID, "trend-evidence")
    point = _markers(browser)[-1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", point)
    time.sleep(0.3)
    before = _rect(browser, evidence)
    assert before["top"] > before["viewport"], "the evidence should start below the fold"
    _tap(browser, point)
    _wait(
        lambda: browser.find_element(By.CSS_SELECTOR, "#trend-evidence mark"),
        message="the tapped figure's sentence",
    )
    _wait(
        lambda: 0 <= _rect(browser, evidence)["top"] < _rect(browser, evidence)["viewport"] / 2,
        message="the evidence scrolled into view",
    )
    browser.save_screenshot(str(SCREENSHOTS / "trends-tapped-point-phone.png"))


def _tap(browser, element):
    """A tap, as a phone's browser reports it: the pointer moves there and clicks."""
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).move_to_element(element).pause(0.3).click().perform()


def test_phone_evidence_grid_shows_a_figure_and_its_sentence(browser, live_server):
    _phone(browser)
    _open(browser, live_server + "/evidence", ".ag-row")
    columns = _wait(
        lambda: (
            (shown := browser.execute_script(GRID_COLUMNS_SHOWN, "evidence-grid"))
            and shown == ["figure", "sentence"]
            and shown
        ),
        message="the phone's columns",
    )
    assert columns == ["figure", "sentence"]
    first = browser.execute_script(
        "return document.querySelector('#evidence-grid .ag-row .ag-cell[col-id=figure]').innerText"
    )
    assert first.startswith("2021-") and ":" in first
    browser.save_screenshot(str(SCREENSHOTS / "evidence-grid-phone.png"))


GRID_COLUMNS_SHOWN = (
    "const api = dash_ag_grid.getApi(arguments[0]);"
    "return api.getAllDisplayedColumns().map(c => c.getColId());"
)
GRID_ROWS = """
    const api = dash_ag_grid.getApi(arguments[0]);
    const rows = [];
    api.forEachNodeAfterFilterAndSort(node => rows.push(
        [node.data.observation_id, node.data.as_of]));
    return rows;
"""


def _grid_rows(browser) -> list[list[str]]:
    return browser.execute_script(GRID_ROWS, "evidence-grid")


def _download(browser) -> list[dict]:
    import requests
    from selenium.webdriver.common.by import By

    href = browser.find_element(By.ID, "evidence-csv-link").get_attribute("href")
    response = requests.get(href, timeout=10)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_evidence_grid_is_ordered_by_date_and_downloads_its_rows(browser, live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(*SIZES["desktop"])
    _open(browser, live_server + "/evidence?metric=withdrawal_percent", ".ag-row")
    rows = _wait(lambda: _grid_rows(browser), message="the grid's rows")
    assert len(rows) > 3
    assert [day for _, day in rows] == sorted(day for _, day in rows)
    assert [(r["observation_id"], r["as_of"]) for r in _download(browser)] == [
        tuple(row) for row in rows
    ]

    words = browser.find_element(By.ID, "evidence-search")
    words.send_keys("Central Command", Keys.ENTER)
    _wait(lambda: "q=Central+Command" in browser.current_url, message="the words in the URL")
    narrowed = _wait(
        lambda: (found := _grid_rows(browser)) and len(found) < len(rows) and found,
        message="the narrowed grid",
    )
    link = browser.find_element(By.ID, "evidence-csv-link").get_attribute("href")
    assert "metric=withdrawal_percent" in link and "q=Central+Command" in link
    assert [r["observation_id"] for r in _download(browser)] == [oid for oid, _ in narrowed]
    browser.save_screenshot(str(SCREENSHOTS / "evidence-filtered-desktop.png"))


def test_a_flag_links_to_the_sentence_behind_it(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.set_window_size(*SIZES["desktop"])
    _open(browser, live_server + "/evidence", ".ag-row")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Data-quality flags").click()
    flags = _wait(
        lambda: browser.find_elements(By.CSS_SELECTOR, "#flags-list .flag"), message="flags"
    )
    conversion = next(f for f in flags if "conversion disagrees" in f.text)
    assert conversion.find_element(By.CSS_SELECTOR, "mark").text.startswith("around 75 kilometers")
    browser.save_screenshot(str(SCREENSHOTS / "flags-desktop.png"))
    same_day = next(f for f in flags if "US withdrawal complete" in f.text)
    sentence = same_day.find_element(By.PARTIAL_LINK_TEXT, "Sentence:")
    words = sentence.text.split("“")[1].split("”")[0]
    sentence.click()
    mark = _wait(
        lambda: browser.find_element(By.CSS_SELECTOR, "#main .evidence mark"),
        message="the flagged figure's sentence",
    )
    assert mark.text == words
    assert "observation=" in browser.current_url
    assert len(_grid_rows(browser)) == 1
    assert not [c for c in flags if c in UNREADABLE_CELLS]


# Share and embed ------------------------------------------------------------------------------

SHARE_PAGES = {"trend": "/trends?metric=withdrawal_percent", "events": "/events"}


def _share_part(browser, part: str, chart: str):
    """A Share dialog element by its dict id (its DOM id is JSON, awkward for CSS selectors)."""
    dom_id = ids.dom_id(ids.share(part, chart))
    element = browser.execute_script("return document.getElementById(arguments[0])", dom_id)
    assert element is not None, f"no {part} for {chart}"
    return element


def _click(browser, element):
    """Scroll an element to the middle and click it, again while the page is still moving."""

    def attempt():
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        return True

    _wait(attempt, message="a clickable element")


def _open_share(browser, chart: str) -> str:
    """Open the page's Share dialog; return the embed code once it is filled in."""
    _click(browser, _share_part(browser, ids.SHARE_OPEN, chart))
    _wait(lambda: _share_part(browser, ids.SHARE_MODAL, chart).is_displayed(), message="the dialog")
    return _wait(
        lambda: _share_part(browser, ids.SHARE_SNIPPET, chart).get_attribute("value"),
        message="the embed code",
    )


def _record_clipboard(browser) -> None:
    """Headless Chromium has no clipboard to read back; keep what the page writes to it."""
    browser.execute_script(
        "window.__copied = []; navigator.clipboard.writeText = text => "
        "{ window.__copied.push(text); return Promise.resolve(); };"
    )


def _copied(browser) -> list[str]:
    return browser.execute_script("return window.__copied")


def _iframe_src(snippet: str) -> str:
    match = re.search(r'<iframe src="([^"]*)"', snippet)
    assert match, snippet
    return html.unescape(match.group(1))


def _snippet(browser, chart: str, predicate) -> str:
    return _wait(
        lambda: (
            (value := _share_part(browser, ids.SHARE_SNIPPET, chart).get_attribute("value"))
            and predicate(value)
            and value
        ),
        message="the embed code to change",
    )


def _content_height(browser) -> int:
    """The height of an embed page's content, measured inside its frame."""
    return browser.execute_script("return Math.ceil(document.body.getBoundingClientRect().height)")


@pytest.mark.parametrize("chart", sorted(SHARE_PAGES))
def test_share_menu_copies_the_link_and_embed_code_and_previews_the_embed(
    browser, live_server, warehouse_dir, chart
):
    from selenium.webdriver.common.by import By

    from etl import warehouse

    browser.set_window_size(1366, 900)
    _open(browser, live_server + SHARE_PAGES[chart], ".js-plotly-plot .main-svg")
    _wait(lambda: "from=" in browser.current_url, message="the view's state in the URL")
    snippet = _open_share(browser, chart)
    _record_clipboard(browser)

    link = _share_part(browser, ids.SHARE_LINK, chart).get_attribute("value")
    assert link == browser.current_url
    _click(browser, _share_part(browser, ids.SHARE_LINK_COPY, chart))
    _wait(lambda: _copied(browser) == [link], message="the link on the clipboard")

    src = _iframe_src(snippet)
    assert src.startswith(live_server + f"/embed/{chart}?")
    assert "from=" in src and "to=" not in src and "version=" not in src
    _click(browser, _share_part(browser, ids.SHARE_SNIPPET_COPY, chart))
    _wait(lambda: _copied(browser)[-1:] == [snippet], message="the embed code on the clipboard")

    preview = _share_part(browser, ids.SHARE_PREVIEW, chart)
    assert preview.get_attribute("src") == src
    _wait(
        lambda: preview.get_attribute("height") != str(DEFAULT_HEIGHT),
        message="the preview to take its content's height",
    )
    browser.switch_to.frame(preview)
    try:
        _wait(
            lambda: browser.find_element(By.CSS_SELECTOR, ".embed .js-plotly-plot .main-svg"),
            message="the chart in the preview",
        )
        assert browser.find_element(By.LINK_TEXT, "Open the full view").is_displayed()
        content = _content_height(browser)
    finally:
        browser.switch_to.default_content()
    _wait(lambda: preview.get_attribute("height") == str(content), message="the fitted preview")

    mode = _share_part(browser, ids.SHARE_MODE, chart)
    keep_end = _share_part(browser, ids.SHARE_KEEP_END, chart)
    _click(browser, mode.find_elements(By.CSS_SELECTOR, "input")[1])
    version = warehouse.resolve(warehouse_dir).name.removeprefix("v-")
    pinned = _iframe_src(_snippet(browser, chart, lambda v: "version=" in v))
    assert f"version={version}" in pinned and "to=" in pinned
    _wait(lambda: not keep_end.is_enabled(), message="keep-end-date to be moot when pinned")

    _click(browser, mode.find_elements(By.CSS_SELECTOR, "input")[0])
    _wait(lambda: keep_end.is_enabled(), message="keep-end-date for a live embed")
    _click(browser, keep_end)
    kept = _iframe_src(_snippet(browser, chart, lambda v: "to=" in v))
    assert "version=" not in kept
    assert kept.split("to=")[1][:10] == link.split("to=")[1][:10]

    _wait(lambda: preview.get_attribute("src") == kept, message="the preview of the kept date")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        browser.set_window_size(width, height)
        time.sleep(2)  # the preview reloads and refits
        browser.save_screenshot(str(SCREENSHOTS / f"share-{chart}-{size}.png"))
    browser.set_window_size(1366, 900)


# Reports of the districts' share up to 21 July, and one of 4 August that comes later.
EARLY_REPORTS = (
    "010_un_envoy_fifty_districts.txt",
    "000_ad8d6f1e452e3cac.txt",
    "019_taliban_claim_85_percent.txt",
    "023_milley_half_district_centres.txt",
)
LATER_REPORT = "047_districts_more_than_half_august.txt"


def _embed_chart(browser) -> dict:
    """The dates of the embed's reconciled points and where its x axis ends."""
    return browser.execute_script(
        """
        const gd = document.querySelector('.embed .js-plotly-plot');
        const dates = gd.data.filter(t => / reconciled$/.test(t.name || ''))
          .flatMap(t => (t.x || []).map(x => String(x).slice(0, 10)));
        return {dates: dates, end: String(gd.layout.xaxis.range[1]).slice(0, 10),
                text: document.querySelector('.embed').innerText};
        """
    )


def _load_embed(browser, src: str) -> dict:
    from selenium.webdriver.common.by import By

    browser.get(src)
    _wait(
        lambda: browser.find_element(By.CSS_SELECTOR, ".embed .js-plotly-plot .main-svg"),
        message="the embedded chart",
    )
    return _wait(lambda: _embed_chart(browser)["dates"] and _embed_chart(browser), message="points")


def test_a_live_embed_shows_a_report_published_after_the_snippet_was_copied(
    browser, serve_flask, tmp_path
):
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in EARLY_REPORTS:
        shutil.copy(REPORTS_DIR / name, reports / name)
    run(reports, tmp_path / "warehouse")
    with serve_flask(create_app(tmp_path / "warehouse").server) as url:
        browser.set_window_size(1366, 900)
        _open(browser, url + "/trends?metric=districts_controlled_share", ".js-plotly-plot")
        _wait(lambda: "to=2021-07-21" in browser.current_url, message="the view's end date")
        _open_share(browser, "trend")
        _record_clipboard(browser)
        _click(browser, _share_part(browser, ids.SHARE_SNIPPET_COPY, "trend"))
        live = _iframe_src(_wait(lambda: _copied(browser)[-1], message="the copied embed code"))
        mode = _share_part(browser, ids.SHARE_MODE, "trend")
        _click(browser, mode.find_elements("css selector", "input")[1])
        pinned = _iframe_src(_snippet(browser, "trend", lambda v: "version=" in v))

        before = _load_embed(browser, live)
        assert max(before["dates"]) == "2021-07-21" and before["end"] == "2021-07-21"

        shutil.copy(REPORTS_DIR / LATER_REPORT, reports / LATER_REPORT)
        run(reports, tmp_path / "warehouse")

        after = _load_embed(browser, live)
        assert "2021-08-04" in after["dates"] and after["end"] == "2021-08-04"
        assert "Newer data exists" not in after["text"]
        kept = _load_embed(browser, pinned)
        assert max(kept["dates"]) == "2021-07-21" and "Newer data exists" in kept["text"]


def test_embed_code_sizes_each_iframe_to_its_own_content_on_another_site(
    browser, live_server, serve_flask
):
    from selenium.webdriver.common.by import By

    charts = {
        "one-metric": "/embed/trend?metric=districts_controlled_share",
        "two-metrics": "/embed/trend?metric=districts_controlled_share&metric=provincial_capitals_controlled",
        "events": "/embed/events",
    }
    codes = "\n".join(
        f"<h2>{name}</h2>\n" + embed_snippet(live_server + path, name)
        for name, path in charts.items()
    )
    briefing = flask.Flask("briefing")
    # A frame of the briefing's own that claims a height: no embed may take it.
    rogue = (
        "<script>setInterval(() => parent.postMessage("
        "{type: 'offensive-metrics-embed', height: 1234}, '*'), 100)</script>"
    )
    briefing.add_url_rule("/rogue", "rogue", lambda: rogue)
    briefing.add_url_rule(
        "/",
        "briefing",
        lambda: (
            "<!doctype html><html><head><title>A briefing</title></head><body>"
            f'<main style="max-width:900px">{codes}<iframe src="/rogue"></iframe></main>'
            "</body></html>"
        ),
    )
    with serve_flask(briefing) as briefing_url:
        assert urlsplit(briefing_url).netloc != urlsplit(live_server).netloc
        browser.set_window_size(1366, 900)
        browser.get(briefing_url)
        frames = _wait(
            lambda: (
                (found := browser.find_elements(By.CSS_SELECTOR, "iframe[title]"))
                and len(found) == len(charts)
                and found
            ),
            message="the embeds",
        )
        heights = {}
        for name, frame in zip(charts, frames, strict=True):
            browser.execute_script("arguments[0].scrollIntoView()", frame)
            _wait(lambda f=frame: f.get_attribute("height") != str(DEFAULT_HEIGHT), message=name)
            browser.switch_to.frame(frame)
            try:
                _wait(
                    lambda: browser.find_element(
                        By.CSS_SELECTOR, ".embed .js-plotly-plot .main-svg"
                    ),
                    message=f"the {name} chart",
                )
                time.sleep(0.5)
                content = _content_height(browser)
                overflow = browser.execute_script(
                    "return document.documentElement.scrollHeight - window.innerHeight"
                )
            finally:
                browser.switch_to.default_content()
            _wait(lambda f=frame, c=content: f.get_attribute("height") == str(c), message=name)
            assert overflow <= 0, f"{name} scrolls inside its iframe"
            assert frame.size["width"] >= 880  # the iframe fills its column
            heights[name] = content
        assert heights["events"] < heights["one-metric"] < heights["two-metrics"]
        time.sleep(0.5)
        assert [f.get_attribute("height") for f in frames] == [str(h) for h in heights.values()]


def test_embed_page_links_to_its_full_view_and_its_data_from_the_validated_state(
    browser, live_server
):
    from selenium.webdriver.common.by import By

    state = "metric=districts_controlled_count&claims=show&events=show&from=2021-07-01"
    _open(browser, live_server + f"/embed/trend?{state}&junk=%3Cb%3E", ".embed .embed-links")
    full = browser.find_element(By.LINK_TEXT, "Open the full view")
    data = browser.find_element(By.LINK_TEXT, "Data")
    assert full.get_attribute("href") == f"{live_server}/trends?{state}"
    assert data.get_attribute("href") == f"{live_server}/download/trend.csv?{state}"
    assert full.get_attribute("target") == data.get_attribute("target") == "_blank"
    assert "noopener" in full.get_attribute("rel")
    with urllib.request.urlopen(data.get_attribute("href"), timeout=10) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode())))
    assert rows and all(r["date"] >= "2021-07-01" for r in rows)

    _open(browser, live_server + "/embed/events?kind=capital_fallen", ".embed .embed-links")
    full = browser.find_element(By.LINK_TEXT, "Open the full view").get_attribute("href")
    assert full == f"{live_server}/events?kind=capital_fallen"

    # A state that cannot be read is answered by the server's 400 page, with no links to follow.
    heading = _open(browser, live_server + "/embed/trend?metric=%3Cscript%3E", "main h1")
    assert heading.text == "This link could not be read"
    assert not browser.find_elements(By.CSS_SELECTOR, ".embed-links")


CLOUD_WORDS = re.compile(r"share chart|chart studio|plotly cloud|send data to cloud", re.I)


@pytest.mark.parametrize("path", ["/trends", "/events", "/embed/trend", "/embed/events"])
def test_no_page_or_embed_offers_a_cloud_upload(browser, live_server, path):
    browser.set_window_size(1366, 900)
    _open(browser, live_server + path, ".js-plotly-plot .modebar")
    found = browser.execute_script(
        """
        const graphs = [...document.querySelectorAll('.js-plotly-plot')];
        return {
          graphs: graphs.length,
          cloud: graphs.filter(g => g._context.showSendToCloud || g._context.showEditInChartStudio
                                  || g._context.showLink).length,
          buttons: [...document.querySelectorAll('.modebar-btn')].map(
            b => (b.getAttribute('data-attr') || '') + ' ' + (b.getAttribute('data-title') || '')),
          text: document.body.innerText,
          links: [...document.querySelectorAll('a[href]')].map(a => a.href),
        };
        """
    )
    assert found["graphs"] >= 1 and found["cloud"] == 0
    assert found["buttons"] and not [b for b in found["buttons"] if CLOUD_WORDS.search(b)]
    assert not [b for b in found["buttons"] if "sendDataToCloud" in b or "toImage" in b]
    assert not CLOUD_WORDS.search(found["text"])
    assert {urlsplit(link).netloc for link in found["links"]} <= {urlsplit(live_server).netloc}


def _open_panel(browser, panel_id: str, summary: str):
    """Open the <details> panel under a chart whose summary reads `summary`; its body."""
    from selenium.webdriver.common.by import By

    panel = next(
        d
        for d in browser.find_elements(By.CSS_SELECTOR, "details.provenance-panel")
        if d.find_element(By.TAG_NAME, "summary").text == summary
    )
    toggle = panel.find_element(By.TAG_NAME, "summary")

    def click() -> bool:
        # Charts above may still be settling to their height: scroll to the toggle each try.
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", toggle)
        toggle.click()
        return True

    _wait(click, message=f"the {summary} toggle clickable")
    body = browser.find_element(By.ID, panel_id)
    _wait(lambda: body.is_displayed(), message=f"the {summary} panel open")
    return panel


def test_trends_page_names_its_sources_and_says_how_to_cite(browser, live_server):
    from selenium.webdriver.common.by import By

    from etl.catalog import load_metrics

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(*SIZES["desktop"])
    _open(
        browser,
        live_server + "/trends?metric=withdrawal_percent&events=hide",
        "#trend-graph .js-plotly-plot .main-svg",
    )
    line = _wait(
        lambda: browser.find_element(By.CSS_SELECTOR, "#trend-sources .source-line").text,
        message="the source line",
    )
    # The withdrawal's figures are US Central Command's, as the bundled reports attribute them.
    assert line.startswith("Sources: figures attributed to US Central Command")
    assert "reported by Associated Press" in line and "data version" in line
    link = browser.find_element(By.CSS_SELECTOR, "#trend-sources a").get_attribute("href")
    assert link.startswith(live_server + "/trends?metric=withdrawal_percent") and "version=" in link

    bibtex = browser.find_element(By.ID, "trend-cite-bibtex")
    assert not bibtex.is_displayed()
    cite = _open_panel(browser, "trend-cite-bibtex", "How to cite")
    _wait(lambda: "@misc{offensivemetrics_" in bibtex.text, message="the BibTeX entry")
    assert "title        = {{US withdrawal complete, " in bibtex.text and "urldate" in bibtex.text
    citation = browser.find_element(By.ID, "trend-cite-text").text
    assert citation.startswith("Offensive Metrics (") and "US Central Command" in citation
    copies = [b.text for b in cite.find_elements(By.CSS_SELECTOR, ".copy-button")]
    assert copies == ["Copy citation", "Copy BibTeX"]

    about = browser.find_element(By.ID, "trend-about")
    _open_panel(browser, "trend-about", "About this data")
    definition = load_metrics()["withdrawal_percent"].description
    _wait(lambda: definition in about.text, message="the metric's definition")
    assert "a percentage (0 to 100)" in about.text
    assert about.find_element(By.LINK_TEXT, "How figures are read, dated and reconciled")

    for size, (width, height) in SIZES.items():
        browser.set_window_size(width, height)
        time.sleep(0.5)
        browser.execute_script(
            "document.querySelector('#trend-sources').scrollIntoView({block: 'start'})"
        )
        assert browser.execute_script("return document.documentElement.scrollWidth") <= width
        browser.save_screenshot(str(SCREENSHOTS / f"trends-sources-{size}.png"))


def test_events_page_and_embed_name_their_sources(browser, live_server):
    from selenium.webdriver.common.by import By

    from app.figures import EVENTS_TIMELINE_HEIGHT

    browser.set_window_size(*SIZES["desktop"])
    _open(browser, live_server + "/events?kind=capital_fallen", "#events-timeline .main-svg")
    line = _wait(
        lambda: browser.find_element(By.CSS_SELECTOR, "#events-sources .source-line").text,
        message="the events source line",
    )
    assert line.startswith("Sources: ") and "Reuters" in line
    # The timeline keeps its height as the page fills and when the window changes, so it never
    # covers the panels below it.
    for width in (SIZES["desktop"][0], 1200):
        browser.set_window_size(width, SIZES["desktop"][1])
        time.sleep(1)
        timeline, line_top = browser.execute_script(
            "return [document.querySelector('#events-timeline').getBoundingClientRect().height,"
            " document.querySelector('#events-sources').getBoundingClientRect().top"
            " - document.querySelector('#events-timeline .main-svg').getBoundingClientRect()"
            ".bottom]"
        )
        assert timeline == EVENTS_TIMELINE_HEIGHT and line_top >= 0
    browser.set_window_size(*SIZES["desktop"])
    about = browser.find_element(By.ID, "events-about")
    _open_panel(browser, "events-about", "About this data")
    _wait(lambda: "Provincial capital fallen" in about.text, message="the event kind")
    assert "A provincial capital a report names as taken by the Taliban" in about.text
    _open_panel(browser, "events-cite-bibtex", "How to cite")
    bibtex = browser.find_element(By.ID, "events-cite-bibtex")
    _wait(lambda: "Events: Provincial capital fallen" in bibtex.text, message="the BibTeX")

    _open(
        browser,
        live_server + "/embed/trend?metric=withdrawal_percent&events=hide",
        ".embed .js-plotly-plot .main-svg",
    )
    caption = browser.find_element(By.CSS_SELECTOR, ".embed .source-line")
    assert caption.text.startswith("Sources: figures attributed to US Central Command")
    full = caption.find_element(By.LINK_TEXT, "Open the full view and its data")
    assert full.get_attribute("target") == "_blank"
    assert full.get_attribute("href").startswith(live_server + "/trends?metric=withdrawal_percent")


def _chart_series_points(browser) -> list[tuple[str, float]]:
    """(date, value) of every reconciled point the trend chart draws, joined or not."""
    return [
        (x[:10], y)
        for x, y in browser.execute_script(
            """
            const gd = document.querySelector('#trend-graph .js-plotly-plot');
            const out = [];
            for (const t of gd.data) {
              if (!/reconciled|claimed by a party|counted from events|not joined/.test(t.name)) continue;
              t.x.forEach((x, i) => out.push([x, t.y[i]]));
            }
            return out;
            """
        )
    ]


def _table_rows(browser) -> list[list[str]]:
    """The open Table tab's rows, cell texts in column order, in the order shown."""
    return browser.execute_script(
        """
        const rows = [...document.querySelectorAll('.tab-pane.active .ag-center-cols-container .ag-row')];
        rows.sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')));
        return rows.map(r => [...r.querySelectorAll('.ag-cell')]
          .sort((a, b) => Number(a.getAttribute('aria-colindex')) - Number(b.getAttribute('aria-colindex')))
          .map(c => c.textContent.trim()));
        """
    )


def test_the_table_tab_lists_the_points_the_chart_draws(browser, live_server):
    from selenium.webdriver.common.by import By

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        browser.set_window_size(width, height)
        _open(
            browser,
            live_server + "/trends?metric=districts_controlled_count&events=hide",
            "#trend-graph .js-plotly-plot .main-svg",
        )
        drawn = _wait(lambda: _chart_series_points(browser), message="the chart's points")
        browser.find_element(By.LINK_TEXT, "Table").click()
        rows = _wait(lambda: _table_rows(browser), message="the table rows")
        # Date, metric, value, low, high, basis, status, reports, main line; counts are whole.
        assert sorted((r[0], r[2]) for r in rows) == sorted(
            (day, f"{round(value):,}") for day, value in drawn
        )
        assert {r[1] for r in rows} == {"Districts under Taliban control"}
        assert {r[5] for r in rows} <= {"stated", "counted from events"}
        assert all(r[7].isdigit() for r in rows) and {r[8] for r in rows} & {"yes"}
        assert not [c for r in rows for c in r if c in UNREADABLE_CELLS]
        browser.save_screenshot(str(SCREENSHOTS / f"trends-table-{size}.png"))

    browser.set_window_size(1366, 900)
    header = browser.find_element(
        By.CSS_SELECTOR, ".tab-pane.active .ag-header-cell[col-id='value'] .ag-header-cell-label"
    )
    header.click()
    header.click()  # ascending, then descending

    def by_value_descending():
        values = [float(r[2].replace(",", "")) for r in _table_rows(browser)]
        return len(values) == len(rows) and values == sorted(values, reverse=True)

    _wait(by_value_descending, message="rows sorted by value, largest first")


def test_the_events_table_lists_the_events_the_timeline_draws(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1366, 900)
    _open(
        browser, live_server + "/events?from=2021-07-01&to=2021-08-10", ".js-plotly-plot .main-svg"
    )
    drawn = _wait(
        lambda: browser.execute_script(
            "return document.querySelector('#events-timeline .js-plotly-plot').data"
            ".flatMap(t => t.x.map((x, i) => [x.slice(0, 10), t.name]))"
        ),
        message="the timeline's markers",
    )
    browser.find_element(By.LINK_TEXT, "Table").click()
    rows = _wait(lambda: _table_rows(browser), message="the events table")
    assert sorted((r[0], r[1]) for r in rows) == sorted(tuple(p) for p in drawn)
    assert all("2021-07-01" <= r[0] <= "2021-08-10" and r[2] for r in rows)


def _search_to(browser) -> str:
    query = browser.current_url.partition("?")[2]
    return dict(p.partition("=")[::2] for p in query.split("&")).get("to", "")


def test_moving_the_slider_changes_the_chart_range_and_the_url(browser, live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        browser.set_window_size(width, height)
        _open(
            browser,
            live_server + "/trends?metric=withdrawal_percent&from=2021-06-01&to=2021-08-31",
            "#trend-graph .js-plotly-plot .main-svg",
        )
        thumbs = _wait(
            lambda: browser.find_elements(By.CSS_SELECTOR, "#trend-slider [role='slider']"),
            message="the slider's handles",
        )
        assert [t.get_attribute("aria-valuenow") for t in thumbs] == [
            str(dt.date(2021, 6, 1).toordinal()),
            str(dt.date(2021, 8, 31).toordinal()),
        ]
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", thumbs[1])
        thumbs[1].send_keys(Keys.ARROW_LEFT * 11)
        _wait(lambda: _search_to(browser) == "2021-08-20", message="the new end date in the URL")
        _wait(
            lambda: (
                browser.execute_script(
                    "return document.querySelector('#trend-graph .js-plotly-plot').layout.xaxis.range"
                )
                == ["2021-06-01", "2021-08-20"]
            ),
            message="the chart's x range",
        )
        end_date = browser.find_element(By.ID, "trend-range-end-date")
        assert end_date.get_attribute("value") == "2021-08-20"  # the date picker follows
        time.sleep(0.5)
        browser.save_screenshot(str(SCREENSHOTS / f"trends-timeline-{size}.png"))


def test_play_moves_the_end_date_on_until_paused(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1366, 900)
    _open(
        browser,
        live_server + "/trends?metric=withdrawal_percent&from=2021-06-01&to=2021-06-15",
        "#trend-graph .js-plotly-plot .main-svg",
    )
    play = browser.find_element(By.ID, "trend-play")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", play)
    play.click()
    seen = ["2021-06-15"]

    def advanced_twice():
        if _search_to(browser) != seen[-1]:
            seen.append(_search_to(browser))
        return len(seen) >= 3

    _wait(advanced_twice, timeout=40, message="Play to move the end date twice")
    assert seen[:3] == ["2021-06-15", "2021-06-22", "2021-06-29"]
    assert "Pause" in play.text
    play.click()
    _wait(lambda: "Play" in play.text, message="the button to say Play again")
    time.sleep(1.5)  # a tick already on its way may still land
    stopped = _search_to(browser)
    time.sleep(3)
    assert _search_to(browser) == stopped
    thumbs = browser.find_elements(By.CSS_SELECTOR, "#trend-slider [role='slider']")
    assert thumbs[1].get_attribute("aria-valuenow") == str(
        dt.date.fromisoformat(stopped).toordinal()
    )
