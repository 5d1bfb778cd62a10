"""The workspace's graph cache (graphkit/cache/graphs.py): a kept projection gives the graph that
building it gives, is read without loading the dataset, and an ingest that changes the dataset
is never answered from an older one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.analysis import centrality
from graphkit.cache.graphs import CACHE_DIR, cached_graph
from graphkit.cli import main
from graphkit.graph import GraphFilter, build_graph
from graphkit.ingest import ingest
from graphkit.synthetic import generate
from graphkit.workspace import Workspace

SOURCES = Path(__file__).parent / "fixtures" / "sources"


def same_graph(left, right) -> bool:
    return (
        type(left) is type(right)
        and left.graph == right.graph
        and list(left.nodes(data=True)) == list(right.nodes(data=True))
        and sorted(left.edges(data=True)) == sorted(right.edges(data=True))
    )


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    workspace = Workspace(tmp_path / "workspace")
    workspace.save(generate(organisations=80, meetings=200, seed=3))
    return workspace


def cache_files(workspace: Workspace) -> list[str]:
    return sorted(path.name for path in (workspace.path / CACHE_DIR).glob("*.npz"))


@pytest.mark.parametrize("projection", ["org-mep", "org-topic", "org-org", "mep-mep", "official-official"])
@pytest.mark.parametrize("filters", [None, GraphFilter(institution="EP", min_meetings=2)])
def test_a_kept_graph_equals_the_built_one(workspace, monkeypatch, projection, filters):
    built = build_graph(workspace.load(), projection, filters=filters)
    first = cached_graph(workspace, projection, filters=filters)
    assert len(cache_files(workspace)) == 1

    def no_load(self):
        raise AssertionError("the kept graph was not used")

    monkeypatch.setattr(Workspace, "load", no_load)
    kept = cached_graph(workspace, projection, filters=filters)
    assert same_graph(first, built) and same_graph(kept, built)
    if projection != "official-official":  # (no edges among officials in the synthetic data)
        assert centrality(kept, "pagerank").equals(centrality(built, "pagerank"))


def test_filters_and_projections_are_kept_apart(workspace):
    cached_graph(workspace, "org-mep")
    cached_graph(workspace, "org-mep", filters=GraphFilter())  # keeps everything: the same file
    cached_graph(workspace, "org-mep", filters=GraphFilter(term="2019-2024"))
    cached_graph(workspace, "org-org")
    assert len(cache_files(workspace)) == 3
    windowed = cached_graph(workspace, "org-mep", filters=GraphFilter(term="2019-2024"))
    assert same_graph(windowed, build_graph(workspace.load(), "org-mep", filters=GraphFilter(term="2019-2024")))


def test_a_new_ingest_is_never_answered_from_the_old_graph(tmp_path, seed_page):
    workspace = Workspace(tmp_path / "workspace")
    ingest([seed_page], workspace)
    before = cached_graph(workspace, "org-mep")
    old_files = cache_files(workspace)
    ingest([SOURCES / "ep-export-official.csv", SOURCES / "integritywatch-sample.csv"], workspace)
    after = cached_graph(workspace, "org-mep")
    assert same_graph(after, build_graph(workspace.load(), "org-mep"))
    assert not same_graph(after, before)
    assert cache_files(workspace) and not set(cache_files(workspace)) & set(old_files)  # the old one went


def test_an_unreadable_file_is_built_again(workspace):
    cached_graph(workspace, "org-mep")
    (file,) = (workspace.path / CACHE_DIR).glob("*.npz")
    file.write_bytes(b"not an archive")
    assert same_graph(cached_graph(workspace, "org-mep"), build_graph(workspace.load(), "org-mep"))
    assert file.read_bytes()[:2] == b"PK"  # written again, whole


def test_an_empty_workspace_and_the_meetings_graph_are_not_kept(tmp_path, workspace):
    empty = Workspace(tmp_path / "empty")
    assert cached_graph(empty, "org-mep").number_of_nodes() == 0
    assert not (empty.path / CACHE_DIR).exists()
    assert cached_graph(workspace, "meetings").is_multigraph()
    assert cache_files(workspace) == []


def test_the_second_command_prints_what_the_first_did(workspace):
    runner = CliRunner()
    for args in (["centrality", "--top", "5"], ["communities", "--top", "5"], ["similar", "organisation:"]):
        argv = [*args, "--csv", "--workspace", str(workspace.path)]
        if args[0] == "similar":
            name = build_graph(workspace.load(), "org-mep").nodes
            argv[1] = next(node for node in name if node.startswith("organisation:"))
        first = runner.invoke(main, argv)
        assert first.exit_code == 0, first.output
        second = runner.invoke(main, argv)
        assert second.output == first.output
    assert len(cache_files(workspace)) == 2  # org-mep (centrality, similar) and org-org
