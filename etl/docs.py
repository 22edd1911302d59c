"""README sections generated from the code, so the documentation cannot drift from it.

The data dictionary comes from the pandera schemas, the reconciliation method from the docstrings
of etl/reconcile.py and etl/quality.py (the dashboard's method page shows the same text).
`python -m etl.docs` rewrites both sections of the README; a test keeps them in step.
"""

from __future__ import annotations

import inspect

from etl import quality, reconcile
from etl.paths import REPO_ROOT
from etl.schemas import TABLES

SECTIONS = {"data-dictionary": lambda: data_dictionary(), "method": lambda: method()}


def method() -> str:
    """The reconciliation method and the data-quality checks, as Markdown."""
    steps = inspect.getdoc(reconcile).split("\n", 1)[1].strip()
    checks = inspect.getdoc(quality).split("\n", 1)[1].strip()
    return f"{steps}\n\n{checks}\n"


def data_dictionary() -> str:
    parts = []
    for name, model in TABLES.items():
        schema = model.to_schema()
        parts.append(f"### `{name}`\n\n{inspect.getdoc(model)}\n")
        parts.append("| column | type | nullable | checks |\n|---|---|---|---|")
        for column_name, column in schema.columns.items():
            checks = ", ".join(_describe(check) for check in column.checks) or ""
            if column.unique:
                checks = ", ".join(filter(None, ["unique", checks]))
            parts.append(
                f"| {column_name} | {column.dtype} | {'yes' if column.nullable else 'no'} | {checks} |"
            )
        table_checks = [check.name for check in schema.checks]
        if table_checks:
            parts.append("\nRow checks: " + "; ".join(table_checks) + ".")
        parts.append("")
    return "\n".join(parts).strip() + "\n"


def _describe(check) -> str:
    stats = check.statistics or {}
    if "allowed_values" in stats:
        return "one of " + ", ".join(map(str, stats["allowed_values"]))
    if stats:
        return f"{check.name} " + ", ".join(f"{v}" for v in stats.values())
    return check.name


def section(readme: str, name: str) -> str:
    return readme.split(f"<!-- {name}:start -->", 1)[1].split(f"<!-- {name}:end -->", 1)[0].strip()


def rewrite_readme() -> None:
    path = REPO_ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    for name, render in SECTIONS.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, rest = readme.split(start, 1)
        tail = rest.split(end, 1)[1]
        readme = f"{head}{start}\n{render().strip()}\n{end}{tail}"
    path.write_text(readme, encoding="utf-8")


if __name__ == "__main__":
    rewrite_readme()
