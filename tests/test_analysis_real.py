"""On the European Parliament's export (../shared/data): the organisation ↔ MEP graph ranks
organisations as the data says, and the measures equal networkx's on a real sample."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.analysis import MEASURES, centrality, communities, community_sets
from graphkit.cli import main
from graphkit.graph import GraphFilter, build_graph
from graphkit.ingest import ingest
from graphkit.model.ids import actor_id
from graphkit.sources.entries import clean_entry
from graphkit.workspace import Workspace

pytestmark = pytest.mark.slow  # ingests the European Parliament's whole export

EXPORT = "ep-meetings/ep-export-per-attendee-2019-2024.csv"


@pytest.fixture(scope="module")
def workspace(shared_data, tmp_path_factory):
    workspace = Workspace(tmp_path_factory.mktemp("ep") / "workspace")
    ingest([shared_data / EXPORT], workspace)
    return workspace


@pytest.fixture(scope="module")
def dataset(workspace):
    return workspace.load()


def distinct_meps_per_organisation(shared_data, dataset, split: bool | str) -> pd.Series:
    """Independently of graphkit's graphs: read the CSV with pandas, take each attendees cell
    whole (the export writes one attendee a row) or, with ``split``, each of its comma- or
    semicolon-joined pieces (``"both"``: either), give each name its organisation id (following the merges entity
    resolution recorded), keep the ids that are organisations and count distinct member_ids."""
    raw = pd.read_csv(shared_data / EXPORT, dtype=str)
    merged_into = dict(zip(dataset.merges["from_id"], dataset.merges["into_id"], strict=True))

    def resolve(name: str) -> str:
        found = actor_id("organisation", clean_entry(name)[0])
        while found in merged_into:
            found = merged_into[found]
        return found

    raw = raw.dropna(subset=["attendees", "member_id"])
    if split:
        pieces = raw.assign(attendees=raw["attendees"].str.split(r"[,;]")).explode("attendees")
        raw = pd.concat([raw, pieces]) if split == "both" else pieces
    raw["organisation"] = raw["attendees"].str.strip().map(resolve)
    organisations = set(dataset.actors.loc[dataset.actors["kind"] == "organisation", "id"])
    raw = raw[raw["organisation"].isin(organisations)]
    return raw.groupby("organisation")["member_id"].nunique()


def test_top_organisations_by_distinct_meps_come_out_as_the_data_says(shared_data, dataset):
    whole = distinct_meps_per_organisation(shared_data, dataset, split=False)
    either = distinct_meps_per_organisation(shared_data, dataset, split="both")
    ranked = centrality(build_graph(dataset, "org-mep"), "degree")
    ranked = ranked[ranked["kind"] == "organisation"]
    top = ranked.head(15)
    got = dict(zip(top["id"], top["neighbours"], strict=True))
    # Each organisation met at least the MEPs of the rows that name it alone, and at most those
    # of the rows that name it among others too (the few rows that list a whole delegation).
    for organisation, count in got.items():
        assert whole.get(organisation, 0) <= count <= either.get(organisation, 0)
    # Lists are rare in this export: they add at most a few MEPs to anyone.
    assert all(got[o] - whole.get(o, 0) <= 3 for o in got)
    assert top["name"].iloc[0] is not None


@pytest.fixture(scope="module")
def sample(dataset):
    """A real sample small enough for networkx's exact measures: one year of MEP meetings."""
    return build_graph(dataset, "org-mep", filters=GraphFilter(date_from="2021-01-01", date_to="2021-12-31"))


@pytest.mark.parametrize("measure", MEASURES)
def test_measures_equal_networkx_on_a_real_sample(sample, measure):
    assert sample.number_of_nodes() > 500
    ours = centrality(sample, measure)
    reference = centrality(sample, measure, engine="networkx")
    got = dict(zip(ours["id"], ours[measure], strict=True))
    want = dict(zip(reference["id"], reference[measure], strict=True))
    assert got == pytest.approx(want, abs=1e-9, rel=1e-9)


def test_sampled_betweenness_equals_networkx_on_the_real_sample(sample):
    ours = centrality(sample, "betweenness", k=64, seed=2, bipartite=False)
    reference = centrality(sample, "betweenness", k=64, seed=2, bipartite=False, engine="networkx")
    assert dict(zip(ours["id"], ours["betweenness"], strict=True)) == pytest.approx(
        dict(zip(reference["id"], reference["betweenness"], strict=True)), abs=1e-12
    )


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_real_communities_have_the_modularity_networkx_computes(sample, method):
    import networkx as nx

    frame = communities(sample, method, seed=0)
    assert frame.attrs["modularity"] == pytest.approx(
        nx.community.modularity(sample, community_sets(frame), weight="weight"), abs=1e-9
    )
    assert frame.attrs["modularity"] > 0.5  # lobbying graphs split into clear coalitions


def test_cli_centrality_betweenness_prints_a_ranked_table(workspace, dataset):
    runner = CliRunner()
    args = ["centrality", "--measure", "betweenness", "--projection", "org-mep", "--top", "10"]
    result = runner.invoke(main, [*args, "--workspace", str(workspace.path), "--csv"])
    assert result.exit_code == 0, result.output
    from io import StringIO

    table = pd.read_csv(StringIO(result.output))
    assert table["rank"].tolist() == list(range(1, 11))
    expected = centrality(build_graph(dataset, "org-mep"), "betweenness").head(10)
    assert table["id"].tolist() == expected["id"].tolist()
    assert table["betweenness"].is_monotonic_decreasing


def test_cli_similar_communities_and_trends(workspace):
    runner = CliRunner()
    where = ["--workspace", str(workspace.path)]
    similar = runner.invoke(main, ["similar", "European Environmental Bureau", "--top", "5", "--json", *where])
    assert similar.exit_code == 0, similar.output
    rows = pd.read_json(__import__("io").StringIO(similar.output))
    assert len(rows) == 5 and (rows["kind"] == "organisation").all()
    assert rows["jaccard"].is_monotonic_decreasing
    ambiguous = runner.invoke(main, ["similar", "European", *where])
    assert ambiguous.exit_code == 1 and "ambiguous" in ambiguous.output
    summary = runner.invoke(main, ["communities", "--projection", "org-mep", "--top", "3", "--csv", *where])
    assert summary.exit_code == 0, summary.output
    assert summary.output.splitlines()[0].startswith("community,size,kinds,largest")
    trends = runner.invoke(main, ["trends", "--by", "year", "--top", "2", "--csv", *where])
    assert trends.exit_code == 0, trends.output
    assert "2020" in trends.output and "2023" in trends.output
    changes = runner.invoke(main, ["trends", "--changes", "2022", "2023", "--top", "3", "--csv", *where])
    assert changes.exit_code == 0, changes.output
    assert "rose" in changes.output and "fell" in changes.output
    bad = runner.invoke(main, ["centrality", "--from", "someday", *where])
    assert bad.exit_code == 1 and "not a date" in bad.output


def test_a_file_counts_every_meeting_whose_procedure_names_it(shared_data, dataset):
    """Issue 26: every (MEP, date, title) of the export whose procedure names 2020/0361(COD),
    counted with pandas from the raw rows, is among graphkit's meetings on that file."""
    from graphkit.analysis.files import file_meetings

    raw = pd.read_csv(shared_data / EXPORT, dtype=str, keep_default_na=False)
    named = raw[raw["procedure_reference"].str.replace(" ", "").str.contains("2020/0361(COD)", regex=False)]
    expected = set(zip(named["member_id"], named["meeting_date"].str[:10], named["title"].str.strip(), strict=True))
    assert len(expected) == 91

    meetings, participants, mentions = file_meetings(dataset, "2020/0361(COD)")
    meps = dataset.actors.set_index("id")["ep_member_id"]
    hosts = participants[participants["role"] == "host"].merge(
        meetings[["id", "date", "title"]], left_on="meeting_id", right_on="id"
    )
    found = set(zip(hosts["actor_id"].map(meps), hosts["date"].dt.strftime("%Y-%m-%d"),
                    hosts["title"].str.strip(), strict=True))  # fmt: skip
    assert expected <= found
    assert set(mentions.loc[mentions["how"] == "reference", "id"]) == set(meetings["id"])  # no title in this file
