"""A Frictionless data package of the canonical tables: ``datapackage.json`` and one CSV per
table, which Datasette (``datapackage-to-datasette``), spreadsheets, R and pandas open.

The descriptor gives each table's fields and types (dates as ``date``, flags as ``boolean``,
the rest ``string``), its primary key (from :mod:`graphkit.model.schema`) and the foreign keys
that join them (a participant's meeting and actor, a response's actor, a meeting's topic), so
``frictionless validate`` checks the tables hold together. As for every CSV graphkit writes,
text a spreadsheet would run as a formula gets a leading ``'`` (:mod:`graphkit.spreadsheet`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from graphkit import __version__
from graphkit.model.schema import TABLES, Table
from graphkit.model.tables import Dataset
from graphkit.spreadsheet import formula_safe_frame

DESCRIPTOR = "datapackage.json"
PACKAGE_NAME = "graphkit-lobbying"
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "participants": [("meeting_id", "meetings", "id"), ("actor_id", "actors", "id")],
    "meeting_topics": [("meeting_id", "meetings", "id"), ("topic_id", "topics", "id")],
    "responses": [("actor_id", "actors", "id")],
}
DESCRIPTIONS = {
    "actors": "Organisations, MEPs, Commission officials, persons and institutions, one row each.",
    "meetings": "One row per meeting as its source reports it.",
    "participants": "Who took part in which meeting: the host (MEP or official) and the attendees.",
    "topics": "Topics meetings were about.",
    "meeting_topics": "Which meeting was about which topic.",
    "responses": "Consultation responses (Have Your Say).",
    "merges": "How entity resolution merged records: each merged-away id, what it became and by which rule.",
}


def package_descriptor(dataset: Dataset) -> dict[str, Any]:
    """The ``datapackage.json`` of ``dataset``'s tables (one CSV resource per table).

    >>> d = package_descriptor(Dataset.empty())
    >>> [r["name"] for r in d["resources"]][:3], d["resources"][1]["schema"]["primaryKey"]
    (['actors', 'meetings', 'participants'], ['id'])
    """
    return {
        "name": PACKAGE_NAME,
        "title": "EU lobbying meetings (graphkit)",
        "description": "The canonical tables of a graphkit workspace: actors, meetings, who took part, "
        "topics and consultation responses, with stable ids.",
        "created_by": f"graphkit {__version__}",
        "resources": [_resource(table) for table in TABLES],
    }


def write_datapackage(dataset: Dataset, folder: str | Path) -> list[Path]:
    """Write ``dataset`` as a data package into ``folder``: ``datapackage.json`` and a CSV per
    table. The package is written beside the folder first and then put in its place.

    Returns
    -------
    list of Path
        The descriptor, then the CSV files.

    Examples
    --------
    >>> import tempfile
    >>> ds = Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "=Anna"}])
    >>> paths = write_datapackage(ds, Path(tempfile.mkdtemp()) / "pkg")
    >>> [p.name for p in paths][:2]
    ['datapackage.json', 'actors.csv']
    >>> paths[1].read_text().splitlines()[1][:16]
    "mep:a,mep,'=Anna"
    """
    folder = Path(folder)
    if folder.name == DESCRIPTOR:
        folder = folder.parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.with_name(f".{folder.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for table in TABLES:
            frame = dataset.table(table.name).copy()
            for column in table.date_columns:
                frame[column] = frame[column].dt.strftime("%Y-%m-%d")
            for column in table.bool_columns:
                frame[column] = frame[column].map({True: "true", False: "false"})
            formula_safe_frame(frame).to_csv(staging / f"{table.name}.csv", index=False)
        descriptor = json.dumps(package_descriptor(dataset), ensure_ascii=False, indent=1)
        (staging / DESCRIPTOR).write_text(descriptor + "\n", encoding="utf-8")
        if folder.exists():
            for table in TABLES:
                (folder / f"{table.name}.csv").unlink(missing_ok=True)
            (folder / DESCRIPTOR).unlink(missing_ok=True)
            for path in staging.iterdir():
                path.replace(folder / path.name)
        else:
            staging.replace(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / DESCRIPTOR, *(folder / f"{table.name}.csv" for table in TABLES)]


def validate_datapackage(folder: str | Path) -> list[str]:
    """Check a written package with ``frictionless`` (types, primary and foreign keys); the
    errors found, as ``table: row N: what`` lines (none when the package is valid).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "pkg"
    >>> _ = write_datapackage(Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "A"}]), folder)
    >>> validate_datapackage(folder)
    []
    """
    from frictionless import Package

    folder = Path(folder)
    if folder.name != DESCRIPTOR:
        folder = folder / DESCRIPTOR
    report = Package(str(folder)).validate()
    out = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            out.append(f"{task.name}: " + (f"row {row}: " if row else "") + error.message)
    return out


def _resource(table: Table) -> dict[str, Any]:
    fields = [{"name": column, "type": _type(table, column)} for column in table.columns]
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(table.key)}
    keys = FOREIGN_KEYS.get(table.name)
    if keys:
        schema["foreignKeys"] = [
            {"fields": field, "reference": {"resource": resource, "fields": target}}
            for field, resource, target in keys
        ]
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": DESCRIPTIONS[table.name],
        "schema": schema,
    }


def _type(table: Table, column: str) -> str:
    if column in table.date_columns:
        return "date"
    if column in table.bool_columns:
        return "boolean"
    return "string"
