"""The dashboard in real headless Chromium against a real server: what a user sees and does.

Screenshots of every page at desktop and phone width go to tests/artifacts/screenshots/.
Without Chromium these tests skip, except in CI (CI=true), where a skip would hide a broken check
and so they fail instead.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import time
import urllib.request
from pathlib import Path

import pytest

from app.server import create_app
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


def test_embed_dialog_offers_live_and_pinned_snippets(browser, live_server, warehouse_dir):
    from selenium.webdriver.common.by import By

    from etl import warehouse

    _open(
        browser,
        live_server + "/trends?metric=withdrawal_percent",
        "#trend-graph .js-plotly-plot .main-svg",
    )
    browser.set_window_size(1366, 900)
    button = browser.find_element(By.ID, "embed-open")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    live = _wait(
        lambda: browser.find_element(By.ID, "embed-snippet").get_attribute("value"),
        message="the live snippet",
    )
    assert (
        live.startswith("<iframe")
        and "/embed/trend?metric=withdrawal_percent" in live
        and "version=" not in live
    )
    browser.find_elements(By.CSS_SELECTOR, "#embed-mode input")[1].click()
    version = warehouse.resolve(warehouse_dir).name.removeprefix("v-")
    pinned = _wait(
        lambda: (
            (v := browser.find_element(By.ID, "embed-snippet").get_attribute("value"))
            and "version=" in v
            and v
        ),
        message="the pinned snippet",
    )
    assert f"version={version}" in pinned


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
        lambda: any("disagree" in c for c in _cells(browser)) and _cells(browser),
        message="the flags grid",
    )
    assert not [c for c in flags if c in UNREADABLE_CELLS]


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
