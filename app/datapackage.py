"""The data package: every table as CSV, a Frictionless datapackage.json with field types from the
pandera schemas, and a README with the citation, data version and active filters. Deterministic:
fixed timestamps inside the zip, sorted entries, times taken from the manifest."""

from __future__ import annotations

import io
import json
import zipfile

from app.csv_safety import safe_csv_bytes
from app.data import WarehouseData
from app.state import ChartState
from app.views import chart_rows
from etl.schemas import TABLES

ZIP_TIME = (2021, 1, 1, 0, 0, 0)


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


def descriptor(data: WarehouseData, extra: list[str]) -> dict:
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
    for name in extra:
        resources.append(
            {
                "name": name.removesuffix(".csv").replace("_", "-"),
                "path": name,
                "format": "csv",
                "mediatype": "text/csv",
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "offensive-metrics",
        "title": "Offensive Metrics: figures from dated reports on the 2021 Taliban offensive",
        "version": data.data_version,
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }


def readme(data: WarehouseData, state: ChartState | None) -> str:
    filters = state.to_query() if state else "none (whole tables)"
    return (
        "# Offensive Metrics data package\n\n"
        f"Data version: {data.data_version}\nLatest report: {data.latest_report_date}\n"
        f"Active filters: {filters}\n\n"
        "Citation: Offensive Metrics, figures from dated reports on the 2021 Taliban offensive in Afghanistan, "
        f"data version {data.data_version}.\n\n"
        "Each observation leads back to its report, sentence and character offsets; see datapackage.json for the fields.\n"
    )


def build_package_zip(data: WarehouseData, state: ChartState | None = None) -> bytes:
    files: dict[str, bytes] = {f"{name}.csv": safe_csv_bytes(data.table(name)) for name in TABLES}
    extra = []
    if state is not None:
        files["view.csv"] = safe_csv_bytes(chart_rows(data, state))
        extra.append("view.csv")
    files["datapackage.json"] = (
        json.dumps(descriptor(data, extra), indent=2, sort_keys=True) + "\n"
    ).encode()
    files["README.md"] = readme(data, state).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
