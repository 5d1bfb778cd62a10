"""The measures and methods are named once (graphkit.model.vocabulary): every place that offers or
runs them offers exactly the vocabulary's, and each name the vocabulary gives runs."""

from __future__ import annotations

import click
import pytest

from graphkit.analysis import centrality, communities
from graphkit.analysis.hypergraph import build_hypergraph, hypergraph_centrality
from graphkit.cli.analysis_commands import centrality_command
from graphkit.cli.hypergraph_commands import hypergraph_command
from graphkit.graph import build_graph
from graphkit.model import vocabulary
from graphkit.synthetic import generate

DATASET = generate(organisations=40, meetings=120, seed=0)


def _choices(command: click.Command, option: str) -> tuple[str, ...]:
    (param,) = [p for p in command.params if p.name == option]
    return tuple(param.type.choices)


@pytest.mark.parametrize("measure", vocabulary.MEASURES)
def test_every_centrality_measure_of_the_vocabulary_runs_and_has_a_meaning(measure) -> None:
    table = centrality(build_graph(DATASET, "org-mep"), measure)
    assert measure in table.columns and len(table) and vocabulary.MEANINGS[measure]


@pytest.mark.parametrize("measure", vocabulary.HYPERGRAPH_MEASURES)
def test_every_hypergraph_measure_of_the_vocabulary_runs(measure) -> None:
    assert measure in hypergraph_centrality(build_hypergraph(DATASET), measure).columns


@pytest.mark.parametrize("method", vocabulary.METHODS)
def test_every_community_method_of_the_vocabulary_runs(method) -> None:
    assert len(communities(build_graph(DATASET, "org-org"), method, seed=0))


def test_the_commands_offer_the_vocabulary() -> None:
    assert _choices(centrality_command, "measure") == vocabulary.MEASURES
    assert _choices(hypergraph_command, "measure") == vocabulary.HYPERGRAPH_MEASURES
    headline_and_neo4j = set(vocabulary.HEADLINE_MEASURES) | set(vocabulary.NEO4J_MEASURES)
    assert headline_and_neo4j <= {*vocabulary.MEASURES, *vocabulary.METHODS}
    assert set(vocabulary.MEASURE_TITLES) >= set(vocabulary.HEADLINE_MEASURES)
