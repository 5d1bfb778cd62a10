"""The one filter, every surface: each filter (and a combination) run through the view, the
export, centrality, the hypergraph, the report and Cypher on the embedded store must hold the
meetings and actors that pandas finds in the workspace's tables.

The expectation is computed here from the tables, independently of :mod:`graphkit.graph.filters`:

* meetings in the window (dates, EP term) and of the institution;
* their participants, minus the organisations of another category or country;
* when the filters pick organisations (category, country, minimum meetings), only the meetings
  where at least one picked organisation attended;
* minimum meetings: actors with at least that many of those meetings; the meetings left
  without a picked organisation are dropped.

Neo4j is not run here (it needs the server fixture; tests/test_query_neo4j.py holds the store
against the embedded one).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.graph.filters import TERMS
from graphkit.ingest import ingest
from graphkit.model.tables import Dataset
from graphkit.package_data import package_path
from graphkit.synthetic import generate
from graphkit.workspace import Workspace

COUNTERPARTS = ("mep", "official")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """Two institutions, twenty countries, seven categories, ten years of dates; and, as in the
    registers, meetings with no organisation (an MEP's meetings with persons only)."""
    path = tmp_path_factory.mktemp("filters") / "synthetic"
    dataset = generate(organisations=60, meetings=240, seed=5, meps=25, officials=15)
    meps = dataset.participants["actor_id"][dataset.participants["actor_id"].str.startswith("mep:")]
    hosts = meps.value_counts().index[-6:].repeat(2)  # the quietest: two more meetings count
    lonely = pd.DataFrame(
        {
            "id": [f"meeting:lonely-{i}" for i in range(len(hosts))],
            "date": pd.to_datetime("2020-03-02") + pd.to_timedelta(range(len(hosts)), unit="D"),
            "title": [f"Meeting without organisations {i}" for i in range(len(hosts))],
            "institution": "EP",
        }
    )
    hosting = pd.DataFrame({"meeting_id": lonely["id"], "actor_id": hosts, "role": "host"})
    frames = {
        table: getattr(dataset, table)
        for table in ("actors", "topics", "meeting_topics", "responses", "merges")
    }
    Workspace(path).save(
        Dataset.from_frames(
            {
                **frames,
                "meetings": pd.concat([dataset.meetings, lonely], ignore_index=True),
                "participants": pd.concat([dataset.participants, hosting], ignore_index=True),
            }
        )
    )
    return path


@pytest.fixture(scope="module")
def openlobby(tmp_path_factory) -> Path:
    """The bundled example: one organisation's page, EP and Commission meetings."""
    path = tmp_path_factory.mktemp("filters") / "openlobby"
    ingest([package_path("examples", "openlobby")], Workspace(path))
    return path


def _filters(dataset) -> dict[str, list[str]]:
    """One run per filter, plus a combination, with values the dataset holds."""
    organisations = dataset.actors[dataset.actors["kind"] == "organisation"]
    categories = organisations["category"].dropna().value_counts().index
    countries = organisations["country"].dropna().value_counts().index
    dates = dataset.meetings["date"].sort_values()
    middle = dates.iloc[len(dates) // 3].date().isoformat()
    late = dates.iloc[2 * len(dates) // 3].date().isoformat()
    picked = {
        "category": ["--category", categories[0]] if len(categories) else [],
        "country": ["--country", countries[0].upper()] if len(countries) else [],
    }
    return {
        "none": [],
        "from": ["--from", middle],
        "to": ["--to", late],
        "term": ["--term", "2019-2024"],
        "institution-ep": ["--institution", "EP"],
        "institution-ec": ["--institution", "ec"],
        **{name: args for name, args in picked.items() if args},
        "min-meetings": ["--min-meetings", "3"],
        "combined": ["--from", middle, "--institution", "EP", *picked["category"], "--min-meetings", "2"],
    }


def expected(dataset, args: list[str]) -> tuple[set[str], pd.DataFrame]:
    """The meeting ids in scope and their participants (``meeting_id, actor_id, kind``)."""
    options = dict(zip(args[::2], args[1::2], strict=True))
    meetings = dataset.meetings
    keep = pd.Series(True, index=meetings.index)
    if "--from" in options:
        keep &= meetings["date"] >= pd.Timestamp(options["--from"])
    if "--to" in options:
        keep &= meetings["date"] <= pd.Timestamp(options["--to"])
    if "--term" in options:
        first, last = TERMS[options["--term"]]
        keep &= meetings["date"].between(pd.Timestamp(first), pd.Timestamp(last))
    if "--institution" in options:
        keep &= meetings["institution"] == options["--institution"].upper()
    in_window = set(meetings["id"][keep])
    actors = dataset.actors.set_index("id")
    people = dataset.participants[dataset.participants["meeting_id"].isin(in_window)].copy()
    people["kind"] = people["actor_id"].map(actors["kind"])
    organisation = (people["kind"] == "organisation") & (people["role"] == "attendee")
    for column in ("category", "country"):
        option = f"--{column}"
        if option in options:
            value = people["actor_id"].map(actors[column]).fillna("").str.casefold()
            people = people[~organisation | (value == options[option].casefold())]
            organisation = organisation[people.index]
    picks_organisations = {"--category", "--country", "--min-meetings"} & set(options)

    def with_organisation(frame: pd.DataFrame) -> pd.DataFrame:
        attended = frame["meeting_id"][(frame["kind"] == "organisation") & (frame["role"] == "attendee")]
        return frame[frame["meeting_id"].isin(set(attended))]

    if picks_organisations:
        people = with_organisation(people)
    if "--min-meetings" in options:
        counts = people.drop_duplicates(["meeting_id", "actor_id"])["actor_id"].value_counts()
        busy = set(counts.index[counts >= int(options["--min-meetings"])])
        people = with_organisation(people[people["actor_id"].isin(busy)])
    return set(people["meeting_id"]), people[["meeting_id", "actor_id", "kind", "role"]]


def met_pairs(people: pd.DataFrame) -> pd.DataFrame:
    """Organisations and the MEPs/officials they shared a meeting with: the org-counterpart graph
    (``meeting_id, organisation, counterpart``)."""
    organisations = people[people["kind"] == "organisation"][["meeting_id", "actor_id"]]
    counterparts = people[people["kind"].isin(COUNTERPARTS)][["meeting_id", "actor_id"]]
    pairs = organisations.merge(counterparts, on="meeting_id")
    return pairs.rename(columns={"actor_id_x": "organisation", "actor_id_y": "counterpart"})


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _differences(surface: str, got: set[str], want: set[str]) -> list[str]:
    """What ``surface`` holds that it should not, and lacks (a few of each)."""
    if got == want:
        return []
    return [
        f"{surface}: {len(got - want)} extra {sorted(got - want)[:3]}, {len(want - got)} missing {sorted(want - got)[:3]}"
    ]


def _page_data(path: Path) -> dict:
    page = path.read_text(encoding="utf-8")
    start = page.index('id="graphkit-data">') + len('id="graphkit-data">')
    return json.loads(page[start : page.index("</script>", start)])


def _meeting_keys(dataset, ids: set[str]) -> set[tuple[str, str]]:
    """(date, title) of meetings: what the page's meeting list shows of each."""
    rows = dataset.meetings[dataset.meetings["id"].isin(ids)]
    return set(zip(rows["date"].dt.date.astype(str), rows["title"], strict=True))


FILTERS = ("none", "from", "to", "term", "institution-ep", "institution-ec", "category", "country",
           "min-meetings", "combined")  # fmt: skip
# The bundled example has no category or country, and its dates run through the same code as
# the synthetic ones: the cases that differ on it (one Commission meeting, few meetings each).
EXAMPLE_FILTERS = ("none", "term", "institution-ec", "min-meetings", "combined")
CASES = [("synthetic", name) for name in FILTERS] + [("openlobby", name) for name in EXAMPLE_FILTERS]


@pytest.mark.parametrize(("which", "name"), CASES)
def test_every_surface_holds_the_filtered_meetings_and_actors(which, name, request, tmp_path):
    path = request.getfixturevalue(which)
    ws = ["--workspace", str(path)]
    dataset = Workspace(path).load()
    args = _filters(dataset).get(name)
    if args is None:
        pytest.skip(f"no organisation of {which} has a {name}")
    meetings, people = expected(dataset, args)
    actors = set(people["actor_id"])
    pairs = met_pairs(people)
    met = set(pairs["organisation"]) | set(pairs["counterpart"])
    assert met, "every case draws a graph (view and export refuse an empty one)"
    where = f"{which}, {name} {args}"
    wrong: list[str] = []

    # The view: its nodes are the org-counterpart graph, its meeting list those nodes' meetings.
    page = tmp_path / f"{name}.html"
    _run("view", *ws, *args, "-o", str(page))
    data = _page_data(page)
    wrong += _differences(f"{where}: view nodes", {node["key"] for node in data["nodes"]}, met)
    shown = people[people["actor_id"].isin(met)]["meeting_id"]
    wrong += _differences(
        f"{where}: view meetings",
        {(m[0], m[1]) for m in data["meetings"]},
        _meeting_keys(dataset, set(shown)),
    )

    # Export: the graph's nodes (CSV) and the tables (data package).
    csv = tmp_path / f"{name}.csv"
    _run("export", *ws, *args, "-o", str(csv))
    wrong += _differences(
        f"{where}: export csv nodes", set(pd.read_csv(tmp_path / f"{name}.nodes.csv")["id"]), met
    )
    package = tmp_path / f"{name}-package"
    _run("export", *ws, *args, "-o", str(package), "--format", "datapackage")
    wrong += _differences(
        f"{where}: export package meetings", set(pd.read_csv(package / "meetings.csv")["id"]), meetings
    )
    wrong += _differences(
        f"{where}: export package actors",
        set(pd.read_csv(package / "participants.csv")["actor_id"]),
        actors,
    )

    # Centrality: every node of the ranked table.
    ranked = pd.read_csv(
        io.StringIO(_run("centrality", *ws, *args, "--projection", "org-counterpart", "--top", "0", "--csv"))
    )
    wrong += _differences(f"{where}: centrality", set(ranked["id"]), met)

    # The hypergraph: every actor of the kept meetings.
    hyper = pd.read_csv(io.StringIO(_run("hypergraph", *ws, *args, "--kind", "all", "--top", "0", "--csv")))
    wrong += _differences(f"{where}: hypergraph", set(hyper["id"]), actors)

    # The reports of the busiest organisation and the busiest MEP or official: their meetings.
    for kinds in (["organisation"], list(COUNTERPARTS)):
        own = people[people["kind"].isin(kinds)]
        busiest = own["actor_id"].value_counts().index[0]
        report = json.loads(_run("report", *ws, *args, busiest, "--json"))
        wrong += _differences(
            f"{where}: report of {busiest}",
            {row["id"] for row in report["meetings"]},
            set(own["meeting_id"][own["actor_id"] == busiest]),
        )

    # Cypher on the embedded store, with the same filters.
    cypher = "MATCH (o:Organisation)-[r:MET]->(c) RETURN DISTINCT r.meeting_id AS meeting, o.id AS organisation, c.id AS counterpart"
    rows = pd.read_csv(io.StringIO(_run("query", *ws, *args, cypher, "--csv")))
    wrong += _differences(
        f"{where}: cypher MET actors", set(rows["organisation"]) | set(rows["counterpart"]), met
    )
    wrong += _differences(f"{where}: cypher MET meetings", set(rows["meeting"]), set(pairs["meeting_id"]))
    assert not wrong, "\n".join(wrong)


def test_query_filters_only_read_a_copy(openlobby):
    """A filtered graph is a scratch copy: a write to it would be lost, so it is refused."""
    cypher = "MATCH (m:MEP) SET m.name = 'x'"
    args = ["query", "--workspace", str(openlobby), "--term", "2019-2024", "--write", cypher]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "not with --write" in result.output
    names = _run("query", "--workspace", str(openlobby), "MATCH (m:MEP) RETURN m.name AS name", "--csv")
    assert "x" not in pd.read_csv(io.StringIO(names))["name"].tolist()
