"""Property-based tests (hypothesis): no input makes a reader or the name normaliser raise
anything but graphkit's own errors, and a workspace written by ingest reads back the same."""

from __future__ import annotations

import json
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit import sources
from graphkit.errors import GraphkitError
from graphkit.ingest import ingest
from graphkit.model.names import normalise_name
from graphkit.model.schema import TABLES
from graphkit.model.tables import tidy
from graphkit.workspace import Workspace

BROKEN = Path(__file__).parent / "data" / "broken"
FAST = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
cells = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
dates = st.one_of(
    cells, st.sampled_from(["0001-01-01", "31/12/9999", "01-01-2300", "2023-02-14", "14/02/2023"])
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | cells,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(cells, inner, max_size=3),
    max_leaves=8,
)
BASES = {
    "ep.csv": "bom-ep.csv",
    "iw.csv": "ragged-iw.csv",
    "ec.csv": "ragged-ec.csv",
    "register.csv": "ragged-register.csv",
    "openlobby.txt": "date-9999-openlobby.txt",
    "ec.xml": "date-9999-ec.xml",
    "register.xml": "bom-register.xml",
    "ec.jsonl": "jsonl-bad-line.jsonl",
    "hys.json": "bom-hys.json",
}


def _read(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            sources.detect(path).read(path)
        except GraphkitError:
            pass


@FAST
@given(base=st.sampled_from(sorted(BASES)), cut=st.integers(0, 2000), insert=cells, at=st.integers(0, 2000))
def test_damaged_files_never_raise_a_traceback(base, cut, insert, at):
    text = (BROKEN / BASES[base]).read_bytes().decode("utf-8-sig")
    at = min(at, len(text))
    damaged = text[:at] + insert + text[at:]
    damaged = damaged[: max(len(damaged) - cut, 1)]
    path = Path(tempfile.mkdtemp()) / base
    path.write_text(damaged, encoding="utf-8")
    _read(path)


@FAST
@given(
    rows=st.lists(st.lists(dates, min_size=1, max_size=10), max_size=5),
    which=st.sampled_from(["ep", "iw", "ec", "register"]),
)
def test_any_csv_cells(rows, which):
    head = (BROKEN / f"header-only-{which}.csv").read_text(encoding="utf-8")
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = Path(tempfile.mkdtemp()) / f"{which}.csv"
    path.write_text(head + buffer.getvalue(), encoding="utf-8")
    _read(path)


@FAST
@given(
    records=st.lists(
        st.dictionaries(
            st.sampled_from(["EU Member", "Date", "Location", "Entities", "Subjects"]), json_values | dates
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_json_lines(records):
    first = {"EU Member": ["A B"], "Date": "14/02/2023", "Entities": ["BEUC"], "Subjects": ["x"]}
    path = Path(tempfile.mkdtemp()) / "ec.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [first, *records]) + "\n", encoding="utf-8")
    _read(path)


@FAST
@given(
    items=st.lists(
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "referenceInitiative",
                    "dateFeedback",
                    "feedback",
                    "organization",
                    "trNumber",
                    "country",
                ]
            ),
            json_values | dates,
        )
        | json_values,
        max_size=4,
    )
)
def test_any_feedback(items):
    first = {"referenceInitiative": "x", "dateFeedback": "2023/01/15 10:22:03", "organization": "BEUC"}
    path = Path(tempfile.mkdtemp()) / "hys.json"
    path.write_text(json.dumps([first, *items]), encoding="utf-8")
    _read(path)


@settings(max_examples=200, deadline=None)
@given(name=st.text())
def test_normalise_name_takes_any_text(name):
    key = normalise_name(name)
    assert isinstance(key, str)
    assert normalise_name(name) == key


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    names=st.lists(
        st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=20).filter(
            lambda s: s.strip() and "," not in s and '"' not in s
        ),
        min_size=1,
        max_size=3,
    )
)
def test_workspace_reads_back_what_ingest_wrote(names):
    head = (
        "title,member_id,member_name,meeting_date,member_capacity,procedure_reference,attendees,lobbyist_id\n"
    )
    rows = "".join(f'Topic {n},1,VOSS Axel,2022-10-1{n},Member,,"{name}",\n' for n, name in enumerate(names))
    folder = Path(tempfile.mkdtemp())
    (folder / "ep.csv").write_text(head + rows, encoding="utf-8")
    workspace = Workspace(folder / "ws")
    report = ingest([folder / "ep.csv"], workspace)
    stored = workspace.load()
    for table in TABLES:  # the workspace sorts each table by its key when it saves
        written = tidy(getattr(report.dataset, table.name), table)
        assert tidy(getattr(stored, table.name), table).astype(str).equals(written.astype(str)), table.name
