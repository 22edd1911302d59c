"""Pass rates of the number reader on the public suites, printed at the end of every pytest run.

tests/etl/test_public_suites.py records one line per suite through the `suite_rates` fixture;
the summary hook prints them even under `pytest -q`, where a test's own output is hidden.
"""

from __future__ import annotations

import pytest

SUITE_RATES = pytest.StashKey[dict[str, str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[SUITE_RATES] = {}


@pytest.fixture
def suite_rates(request: pytest.FixtureRequest) -> dict[str, str]:
    """Suite name -> the printed line; filled by the suite tests."""
    return request.config.stash[SUITE_RATES]


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    lines = config.stash.get(SUITE_RATES, {})
    if lines:
        terminalreporter.section("number and date readers on public suites")
        for name in sorted(lines):
            terminalreporter.write_line(lines[name])
