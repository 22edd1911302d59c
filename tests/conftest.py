"""Shared fixtures: the bundled corpus and a warehouse built from it once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.paths import REPORTS_DIR

FOUNDING_REPORT = REPORTS_DIR / "000_ad8d6f1e452e3cac.txt"


@pytest.fixture(scope="session")
def founding_report() -> Path:
    return FOUNDING_REPORT
