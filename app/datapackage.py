"""The data package: every table as CSV, a Frictionless datapackage.json with field types from the
pandera schemas and the original sources, a README with the source line, data version and active
filters, and CITATION.txt and CITATION.bib. Deterministic: fixed timestamps inside the zip, sorted
entries, the access date of the citation is the version's publication day."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd

from app.attribution_line import NamedSources, named_sources, source_line
from app.citation import CitedView, bibtex, citation_text, cited_view
from app.csv_safety import safe_csv_bytes
from app.data import WarehouseData
from app.state import ChartState
from app.views import chart_rows
from etl.schemas import TABLES

ZIP_TIME = (2021, 1, 1, 0, 0, 0)
TITLE = "Offensive Metrics: figures from dated reports on the 2021 Taliban offensive"


def field_type(dtype: object) -> str:
    name = str(dtype)
    if "date" in name:
        return "date"
    if name.startswith(("int", "Int")):
        return "integer"
    if name.startswith("float"):
        return "number"
    if name == "bool":
        return "boolean"
    return "string"


def descriptor(
    data: WarehouseData, sources: NamedSources, view_sources: NamedSources | None
) -> dict:
    resources = []
    for name, model in TABLES.items():
        schema = model.to_schema()
        fields = [
            {
                "name": column,
                "type": field_type(spec.dtype),
                **({"constraints": {"required": True}} if not spec.nullable else {}),
            }
            for column, spec in schema.columns.items()
        ]
        resource = {
            "name": name,
            "path": f"{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields},
        }
        unique = [c for c, spec in schema.columns.items() if spec.unique]
        if unique:
            resource["schema"]["primaryKey"] = unique[0]
        resources.append(resource)
    if view_sources is not None:
        resources.append(
            {
                "name": "view",
                "path": "view.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "sources": _frictionless_sources(view_sources),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "offensive-metrics",
        "title": TITLE,
        "version": data.data_version,
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "sources": _frictionless_sources(sources),
        "resources": resources,
    }


def _frictionless_sources(sources: NamedSources) -> list[dict]:
    """Frictionless `sources`: each original source by name, those the figures are attributed to
    first, then the outlets that reported them."""
    return [{"title": name} for name in sources.attributions + sources.outlets]


def readme(data: WarehouseData, state: ChartState | None, source: str, cited: CitedView) -> str:
    filters = state.to_query() if state else "none (whole tables)"
    return (
        "# Offensive Metrics data package\n\n"
        f"Data version: {data.data_version}\nLatest report: {data.latest_report_date}\n"
        f"Active filters: {filters}\n\n"
        f"{source}\n\n"
        f"Citation: {citation_text(cited)}\nBibTeX: CITATION.bib\n\n"
        "Each observation leads back to its report, sentence and character offsets; see datapackage.json for the fields.\n"
    )


def whole_data_rows(data: WarehouseData) -> pd.DataFrame:
    """Every figure and event of the version: the rows the whole package's sources come from."""
    columns = ["attribution", "source"]
    return pd.concat(
        [data.table("observations_enriched")[columns], data.table("events_enriched")[columns]],
        ignore_index=True,
    )


def package_citation(
    data: WarehouseData, site: str, state: ChartState | None, sources: NamedSources
) -> CitedView:
    """A view's package cites the view; the whole package cites itself, by its download address."""
    if state is not None:
        return cited_view(data, state, sources, site, data.published_on)
    first, last = data.date_range()
    return CitedView(
        title="Figures from dated reports on the 2021 Taliban offensive in Afghanistan, all tables",
        date_from=first,
        date_to=last,
        data_version=data.data_version,
        url=f"{site.rstrip('/')}/download/package.zip?version={data.data_version}",
        sources=sources,
        published=data.published_on,
        accessed=data.published_on,
    )


def build_package_zip(data: WarehouseData, site: str, state: ChartState | None = None) -> bytes:
    """`site` is the dashboard address the source line and citation link back to."""
    files: dict[str, bytes] = {f"{name}.csv": safe_csv_bytes(data.table(name)) for name in TABLES}
    whole = whole_data_rows(data)
    view = None if state is None else chart_rows(data, state)
    view_sources = None if view is None else named_sources(view)
    cited_rows = whole if view is None else view
    cited = package_citation(data, site, state, named_sources(cited_rows))
    if view is not None:
        files["view.csv"] = safe_csv_bytes(view)
    package = descriptor(data, named_sources(whole), view_sources)
    files["datapackage.json"] = (json.dumps(package, indent=2, sort_keys=True) + "\n").encode()
    source = source_line(cited_rows, data.data_version, cited.url)
    files["README.md"] = readme(data, state, source, cited).encode()
    files["CITATION.txt"] = (citation_text(cited) + "\n").encode()
    files["CITATION.bib"] = bibtex(cited).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
