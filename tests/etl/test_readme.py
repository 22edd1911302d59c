"""The README's generated sections are the ones the code generates."""

import pytest

from etl.docs import SECTIONS, section
from etl.paths import REPO_ROOT


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_readme_section_is_in_step_with_the_code(name):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert section(readme, name) == SECTIONS[name]().strip(), "run: python -m etl.docs"
