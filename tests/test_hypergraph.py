"""graphkit.analysis.hypergraph: measures on hand-computed hypergraphs, against XGI's own answers, and
the curveball null model against an exhaustive enumeration of every reshuffle."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from graphkit.analysis.hypergraph import (
    build_hypergraph,
    degree,
    eigenvector,
    from_incidence,
    hypergraph_centrality,
    normalised_degree,
    pair_significance,
    reshuffles,
    s_line_graph,
    significance,
    strength,
)
from graphkit.analysis.hypergraph.cores import hypercoreness, shell_indices
from graphkit.analysis.hypergraph.null import compare
from graphkit.graph import GraphFilter
from graphkit.synthetic import generate

# Four meetings: host h1 meets a, b (twice, on two dates), h1 meets a, c, d; h2 meets c, d.
MEMBERS = [["h1", "a", "b"], ["h1", "a", "b"], ["h1", "a", "c", "d"], ["h2", "c", "d"]]
IDS = ["h1", "h2", "a", "b", "c", "d"]


def small() -> object:
    kinds = ["official", "official", "organisation", "organisation", "organisation", "organisation"]
    nodes = pd.DataFrame({"id": IDS, "name": [i.upper() for i in IDS], "kind": kinds})
    dense = np.array([[int(i in members) for i in IDS] for members in MEMBERS])
    return from_incidence(nodes, sp.csr_array(dense))


def by_id(values: np.ndarray) -> dict[str, float]:
    return dict(zip(IDS, np.asarray(values).tolist(), strict=True))


def test_degree_counts_distinct_groups_and_strength_meetings():
    hg = small()
    assert hg.edges.shape[0] == 3 and hg.weight.tolist() == [2, 1, 1]
    assert by_id(degree(hg)) == {"h1": 2, "h2": 1, "a": 2, "b": 1, "c": 2, "d": 2}
    assert by_id(strength(hg)) == {"h1": 3, "h2": 1, "a": 3, "b": 2, "c": 2, "d": 2}
    # 1/(size-1): {h1,a,b} 1/2, {h1,a,c,d} 1/3, {h2,c,d} 1/2.
    assert by_id(normalised_degree(hg)) == pytest.approx(
        {"h1": 5 / 6, "h2": 1 / 2, "a": 5 / 6, "b": 1 / 2, "c": 5 / 6, "d": 5 / 6}
    )


def test_table_is_ranked_with_names():
    table = hypergraph_centrality(small(), "degree")
    assert table["degree"].tolist() == [2, 2, 2, 2, 1, 1]
    assert table["name"].tolist()[:4] == ["A", "C", "D", "H1"]  # ties by name
    assert table["rank"].tolist() == [1, 1, 1, 1, 5, 5]
    assert table.loc[table["id"] == "a", "meetings"].item() == 3


def test_hypercoreness_by_hand():
    hg = small()
    # m = 2: every node is in >= 1 hyperedge; the 2-core: h1, a, c, d with 2 each? b has 1, h2 has 1;
    # without b and h2 the edges {h1,a}, {h1,a,c,d}, {c,d} leave h1: 2, a: 2, c: 2, d: 2.
    assert by_id(shell_indices(hg.edges, 2)) == {"h1": 2, "h2": 1, "a": 2, "b": 1, "c": 2, "d": 2}
    # m = 3: all three edges count; removing nobody at k=1; at k=2 b, h2 go, {h1,a,b} -> {h1,a}
    # (size 2 < 3) and {h2,c,d} -> {c,d} die: h1, a, c, d are left in one edge: all shells 1.
    assert by_id(shell_indices(hg.edges, 3)) == dict.fromkeys(IDS, 1)
    # m = 4: only {h1,a,c,d}.
    assert by_id(shell_indices(hg.edges, 4)) == {"h1": 1, "h2": 0, "a": 1, "b": 0, "c": 1, "d": 1}
    plain, weighted = hypercoreness(hg.edges)
    # k_max: 2, 1, 1; shares of sizes 3 and 4 among the three edges: 2/3, 1/3.
    assert by_id(plain) == pytest.approx({"h1": 3, "h2": 1.5, "a": 3, "b": 1.5, "c": 3, "d": 3})
    assert by_id(weighted) == pytest.approx(
        {"h1": 2 / 3 + 1 / 3, "h2": 2 / 3, "a": 1, "b": 2 / 3, "c": 1, "d": 1}
    )


def brute_force_shells(members: list[set[int]], n: int, m: int) -> list[int]:
    """C_m straight from the definition: the (k, m)-core for every k, peeled until stable."""
    shells = [0] * n
    for k in range(1, len(members) + 1):
        nodes = set(range(n))
        while True:
            edges = [e & nodes for e in members]
            edges = [e for e in edges if len(e) >= m]
            keep = {i for i in nodes if sum(i in e for e in edges) >= k}
            if keep == nodes:
                break
            nodes = keep
        for i in nodes:
            shells[i] = k
    return shells


@pytest.mark.parametrize("seed", range(5))
def test_hypercores_match_the_definition_on_random_hypergraphs(seed):
    rng = np.random.default_rng(seed)
    n, edges = 12, 25
    dense = (rng.random((edges, n)) < rng.uniform(0.15, 0.4, size=(edges, 1))).astype(int)
    dense = dense[dense.sum(axis=1) > 0]
    members = [set(np.flatnonzero(row)) for row in dense]
    matrix = sp.csr_array(dense)
    for m in range(2, int(dense.sum(axis=1).max()) + 1):
        assert shell_indices(matrix, m).tolist() == brute_force_shells(members, n, m)


def xgi_of(hg) -> xgi.Hypergraph:  # noqa: F821 - xgi is imported where it is used
    import xgi  # the reference, imported by the tests that use it (1.4 s, not at collection)

    ids = hg.nodes["id"].tolist()
    return xgi.Hypergraph(
        [[ids[j] for j in hg.edges.indices[hg.edges.indptr[r] : hg.edges.indptr[r + 1]]] for r in range(hg.edges.shape[0])]
    )


@pytest.fixture(scope="module")
def synthetic_hypergraph():
    return build_hypergraph(generate(organisations=80, meetings=300, seed=3))


def test_degree_and_eigenvector_equal_xgi(synthetic_hypergraph):
    import xgi

    hg = synthetic_hypergraph
    reference = xgi_of(hg)
    ids = hg.nodes["id"].tolist()
    assert dict(zip(ids, degree(hg).tolist(), strict=True)) == reference.nodes.degree.asdict()
    ours = dict(zip(ids, eigenvector(hg), strict=True))
    if xgi.is_connected(reference):
        theirs = xgi.clique_eigenvector_centrality(reference, tol=1e-12)
        total = sum(ours.values())
        assert {k: v / total for k, v in ours.items()} == pytest.approx(theirs, abs=1e-8)
    else:  # XGI answers NaN off a connected hypergraph: compare on the leading component
        top = max(ours, key=ours.get)
        component = next(c for c in xgi.connected_components(reference) if top in c)
        theirs = xgi.clique_eigenvector_centrality(xgi.subhypergraph(reference, nodes=component), tol=1e-12)
        total = sum(ours[k] for k in component)
        assert {k: ours[k] / total for k in component} == pytest.approx(theirs, abs=1e-8)
        assert max(v for k, v in ours.items() if k not in component) < 1e-6


def test_s_line_graph_equals_xgi(synthetic_hypergraph):
    import xgi

    hg = synthetic_hypergraph
    reference = xgi_of(hg)
    for s in (1, 2):
        ours = s_line_graph(hg, s)
        theirs = xgi.to_line_graph(reference, s=s)
        assert sorted(map(sorted, ours.edges())) == sorted(map(sorted, theirs.edges()))
        assert ours.number_of_nodes() == hg.edges.shape[0]
    with pytest.raises(Exception, match="s must be at least 1"):
        s_line_graph(hg, 0)


def test_filters_are_those_of_every_graph():
    ds = generate(organisations=60, meetings=200, seed=1)
    hg = build_hypergraph(ds, filters=GraphFilter(institution="EP"))
    assert set(hg.meeting_table["institution"]) == {"EP"}
    assert not (hg.nodes["kind"] == "official").any()
    ep = ds.meetings[ds.meetings["institution"] == "EP"]["id"]
    assert set(hg.meeting_table["id"]) <= set(ep)


# --- null model ----------------------------------------------------------------------------

TINY = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [1, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 1]])


def tiny():
    nodes = pd.DataFrame({"id": list("abcd"), "name": list("ABCD"), "kind": "organisation"})
    return from_incidence(nodes, sp.csr_array(TINY))


def every_reshuffle(matrix: np.ndarray) -> list[np.ndarray]:
    """Every 0/1 matrix with ``matrix``'s row and column sums (brute force)."""
    rows, cols = matrix.sum(axis=1), matrix.sum(axis=0)
    choices = [list(itertools.combinations(range(matrix.shape[1]), r)) for r in rows]
    found = []
    for pick in itertools.product(*choices):
        candidate = np.zeros_like(matrix)
        for i, chosen in enumerate(pick):
            candidate[i, list(chosen)] = 1
        if (candidate.sum(axis=0) == cols).all():
            found.append(candidate)
    return found


def test_curveball_samples_every_reshuffle_uniformly():
    states = every_reshuffle(TINY)
    index = {s.tobytes(): i for i, s in enumerate(states)}
    counts = np.zeros(len(states))
    samples = 6000
    for matrix in reshuffles(tiny(), samples, seed=7):
        counts[index[matrix.toarray().astype(TINY.dtype).tobytes()]] += 1
    expected = samples / len(states)
    chi2 = ((counts - expected) ** 2 / expected).sum()
    # df = states - 1; the 99.9% point of chi2 is below df + 4.5 sqrt(2 df) for these sizes.
    df = len(states) - 1
    assert counts.min() > 0 and chi2 < df + 4.5 * np.sqrt(2 * df)


@pytest.mark.slow  # ~2-3 s: 4,000 reshuffles against every arrangement (make test runs it)
def test_z_scores_match_brute_force_reshuffles():
    hg = tiny()
    states = every_reshuffle(TINY)
    exact = np.array([degree(from_incidence(hg.nodes, sp.csr_array(s))) for s in states], dtype=float)
    mean, spread = exact.mean(axis=0), exact.std(axis=0)
    observed = degree(hg).astype(float)
    table = significance(hg, "degree", samples=4000, seed=3).set_index("id").loc[list("abcd")]
    assert table["null_mean"].to_numpy() == pytest.approx(mean, abs=0.03)
    assert table["null_std"].to_numpy() == pytest.approx(spread, abs=0.03)
    with np.errstate(divide="ignore", invalid="ignore"):
        exact_z = np.where(spread > 0, (observed - mean) / spread, np.nan)
    assert np.allclose(table["z"].to_numpy(), exact_z, atol=0.1, equal_nan=True)
    exact_p = (exact >= observed).mean(axis=0)
    assert table["p"].to_numpy() == pytest.approx(exact_p, abs=0.03)


@pytest.mark.slow  # ~2 s: 4,000 reshuffles against every arrangement (make test runs it)
def test_pairs_against_brute_force():
    # One host h meets organisations: meetings {h,a}, {h,a}, {h,b}, {c}, {a,c}; each meeting's
    # host count and organisation count are kept separately.
    kinds = ["official", "organisation", "organisation", "organisation"]
    nodes = pd.DataFrame({"id": ["h", "a", "b", "c"], "name": ["H", "A", "B", "C"], "kind": kinds})
    dense = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 1], [0, 1, 0, 1]])
    hg = from_incidence(nodes, sp.csr_array(dense))
    pairs = pair_significance(hg, samples=4000, seed=5).set_index("organisation_id")
    # Brute force over the organisation layer (the host column stays: one host in 3 meetings,
    # which any arrangement of the host layer would permute among rows with the same sizes).
    host_states = every_reshuffle(dense[:, :1])
    org_states = every_reshuffle(dense[:, 1:])
    met = []
    for h in host_states:
        for o in org_states:
            met.append((h[:, 0:1] * o).sum(axis=0))
    met = np.array(met, dtype=float)
    for j, org in enumerate(["a", "b"]):
        assert pairs.loc[org, "expected"] == pytest.approx(met[:, j].mean(), abs=0.03)
        assert pairs.loc[org, "null_std"] == pytest.approx(met[:, j].std(), abs=0.03)
    assert pairs.loc["a", "meetings"] == 2 and "c" not in pairs.index
    assert pairs["more_than_chance"].dtype == bool


def test_reshuffles_keep_sizes_kinds_and_strata():
    ds = generate(organisations=60, meetings=250, seed=2)
    hg = build_hypergraph(ds)
    kinds = hg.nodes["kind"].to_numpy()
    years = pd.to_datetime(hg.meeting_table["date"]).dt.year.to_numpy()
    for matrix in reshuffles(hg, 3, seed=1, within=("institution", "year")):
        for kind in set(kinds):
            cols = kinds == kind
            assert (matrix[:, cols].sum(axis=1) == hg.meetings[:, cols].sum(axis=1)).all()
        assert (matrix.sum(axis=0) == hg.meetings.sum(axis=0)).all()
        for year in set(years):
            rows = years == year
            assert (matrix[rows].sum(axis=0) == hg.meetings[rows].sum(axis=0)).all()
    first = [m.toarray() for m in reshuffles(hg, 2, seed=4)]
    again = [m.toarray() for m in reshuffles(hg, 2, seed=4)]
    other = [m.toarray() for m in reshuffles(hg, 2, seed=5)]
    assert all((x == y).all() for x, y in zip(first, again, strict=True))
    assert not all((x == y).all() for x, y in zip(first, other, strict=True))


def test_compare_p_value_counts_ties():
    out = compare(np.array([2.0]), np.array([[2.0], [1.0], [3.0]]))
    assert out["p"].tolist() == [0.75]


def test_strength_is_fixed_by_the_null_model(synthetic_hypergraph):
    table = significance(synthetic_hypergraph, "strength", samples=5, seed=0)
    assert (table["observed"] == table["null_mean"]).all() and table["z"].isna().all()


# --- the study's reference on the shared Commission data --------------------------------------


def test_commission_degree_ranking_matches_pandas_on_the_raw_file(shared_data, tmp_path):
    """Hypergraph degree of organisations, von der Leyen Commission from 2019-12-01, computed
    independently from the raw JSON lines: distinct sets of (cabinet members + entities)."""
    from graphkit.ingest import ingest
    from graphkit.workspace import Workspace

    path = shared_data / "ec-meetings" / "ec-cabinet-meetings-2019-2023.jsonl"
    raw = pd.DataFrame([json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()])
    raw["date"] = pd.to_datetime(raw["Date"], format="%d/%m/%Y")
    raw = raw[raw["date"] >= "2019-12-01"]
    groups = {
        frozenset([*(f"m:{x.strip()}" for x in members), *(f"o:{x.strip()}" for x in entities)])
        for members, entities in zip(raw["EU Member"], raw["Entities"], strict=True)
    }
    expected = pd.Series([x[2:] for group in groups for x in group if x.startswith("o:")]).value_counts()

    workspace = Workspace(tmp_path / "ws")
    ingest([path], workspace)
    hg = build_hypergraph(workspace.load(), filters=GraphFilter(date_from="2019-12-01", institution="EC"))
    table = hypergraph_centrality(hg, "degree")
    orgs = table[table["kind"] == "organisation"].head(10)
    assert orgs["degree"].tolist() == expected.head(10).tolist()
    assert orgs.iloc[0]["name"] == expected.index[0] == "BUSINESSEUROPE"
    assert set(orgs["name"]) == set(expected.head(10).index)
