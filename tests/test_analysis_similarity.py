"""Similarity against networkx's ``jaccard_coefficient`` and by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from graphkit.analysis import similar
from graphkit.errors import GraphkitError
from graphkit.graph import build_graph
from graphkit.synthetic import generate


@pytest.fixture(scope="module")
def graph():
    return build_graph(generate(organisations=500, meetings=2000, seed=4), "org-mep")


def test_jaccard_equals_networkx_for_every_listed_organisation(graph):
    busiest = max((n for n, d in graph.nodes(data=True) if d["kind"] == "organisation"), key=graph.degree)
    frame = similar(graph, busiest, top=None)
    expected = {v: p for _, v, p in nx.jaccard_coefficient(graph, [(busiest, v) for v in frame["id"]])}
    assert dict(zip(frame["id"], frame["jaccard"], strict=True)) == pytest.approx(expected, abs=1e-12)
    assert set(frame["kind"]) == {"organisation"}  # two-mode graph: same side only
    assert frame["jaccard"].is_monotonic_decreasing
    # Every organisation sharing an MEP is listed, and nobody else.
    two_steps = {o for m in graph[busiest] for o in graph[m]} - {busiest}
    assert set(frame["id"]) == two_steps


def test_overlap_and_meps_lobbied_by_the_same_organisations(graph):
    mep = max((n for n, d in graph.nodes(data=True) if d["kind"] == "mep"), key=graph.degree)
    frame = similar(graph, mep, measure="overlap", top=5)
    assert set(frame["kind"]) == {"mep"} and len(frame) == 5
    for row in frame.itertuples():
        mine, theirs = set(graph[mep]), set(graph[row.id])
        assert row.shared == len(mine & theirs)
        assert row.overlap == pytest.approx(len(mine & theirs) / min(len(mine), len(theirs)))


def test_unknown_node_and_measure_are_clear_errors(graph):
    with pytest.raises(GraphkitError, match="not in this graph"):
        similar(graph, "organisation:nobody")
    with pytest.raises(GraphkitError, match="unknown similarity"):
        similar(graph, next(iter(graph)), measure="cosine")
