"""Is it more than chance? Measures compared with meetings reshuffled at random.

The null model keeps what an actor cannot help: every actor's number of meetings and every
meeting's size (its number of organisations, of MEPs, of officials), and reshuffles who met
whom: a uniform sample of the meetings × actors 0/1 matrices with those row and column sums
(the bipartite configuration model without repeated members), drawn by the curveball
algorithm (Strona et al. 2014; the global variant of Carstens, Berger & Strona 2016): each
round pairs up the meetings at random and lets each pair trade the members they do not share,
keeping both sizes. Optionally trades stay within one institution and year, so a Commission
cabinet's 2020 meetings are never mixed with an MEP's of 2023.

Written by hand (compiled with numba): no maintained library samples hypergraphs with fixed
degrees and sizes (XGI's ``shuffle_hyperedges`` keeps sizes only).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numba
import numpy as np
import pandas as pd
import scipy.sparse as sp

from graphkit.analysis.hypergraph.build import HOST_KINDS, Hypergraph, from_incidence
from graphkit.analysis.hypergraph.measures import HYPERGRAPH_MEASURES, measure_values, node_frame
from graphkit.errors import GraphkitError
from graphkit.model.schema import ORGANISATION

WITHIN = ("institution", "year")
# Mixing: rounds before the first sample, and between two samples (each round gives every
# meeting one trade; the global curveball mixes in a few rounds).
BURN_IN, THINNING = 20, 3


@numba.njit(cache=True)
def _seed(seed):  # pragma: no cover - compiled
    np.random.seed(seed)


@numba.njit(cache=True)
def _rounds(indptr, indices, strata_ptr, strata_rows, rounds, n_cols):  # pragma: no cover - compiled
    """``rounds`` global curveball rounds on a CSR matrix's ``indices``, in place."""
    stamp = np.zeros(n_cols, np.int64)
    longest = 0
    for r in range(indptr.size - 1):
        longest = max(longest, indptr[r + 1] - indptr[r])
    pool = np.empty(2 * longest, indices.dtype)
    common = np.empty(longest, indices.dtype)
    tag = 0
    for _ in range(rounds):
        for s in range(strata_ptr.size - 1):
            rows = strata_rows[strata_ptr[s]:strata_ptr[s + 1]].copy()
            np.random.shuffle(rows)
            for t in range(0, rows.size - 1, 2):
                a, b = rows[t], rows[t + 1]
                a0, a1, b0, b1 = indptr[a], indptr[a + 1], indptr[b], indptr[b + 1]
                if a0 == a1 or b0 == b1:
                    continue
                tag += 2
                for p in range(a0, a1):
                    stamp[indices[p]] = tag
                shared, pooled = 0, 0
                for p in range(b0, b1):
                    x = indices[p]
                    if stamp[x] == tag:
                        stamp[x] = tag + 1
                        common[shared] = x
                        shared += 1
                    else:
                        pool[pooled] = x
                        pooled += 1
                if shared == a1 - a0 or shared == b1 - b0:
                    continue  # one set holds the other: nothing to trade
                for p in range(a0, a1):
                    x = indices[p]
                    if stamp[x] == tag:
                        pool[pooled] = x
                        pooled += 1
                for i in range(pooled - 1, 0, -1):  # Fisher-Yates
                    j = np.random.randint(0, i + 1)
                    pool[i], pool[j] = pool[j], pool[i]
                a_only = (a1 - a0) - shared
                for i in range(shared):
                    indices[a0 + i] = common[i]
                    indices[b0 + i] = common[i]
                for i in range(a_only):
                    indices[a0 + shared + i] = pool[i]
                for i in range(pooled - a_only):
                    indices[b0 + shared + i] = pool[a_only + i]


def strata(hg: Hypergraph, within: Sequence[str] | None) -> tuple[np.ndarray, np.ndarray]:
    """Meetings grouped by ``within`` (``institution`` and/or ``year``): (offsets, rows)."""
    n = hg.meetings.shape[0]
    if not within:
        return np.array([0, n], dtype=np.int64), np.arange(n, dtype=np.int64)
    unknown = [name for name in within if name not in WITHIN]
    if unknown:
        raise GraphkitError(f"cannot shuffle within {', '.join(unknown)} (known: {', '.join(WITHIN)})")
    table = hg.meeting_table
    keys = []
    if "institution" in within:
        keys.append(table["institution"].fillna("").astype(str).to_numpy())
    if "year" in within:
        keys.append(pd.to_datetime(table["date"]).dt.year.fillna(0).astype(np.int64).to_numpy())
    codes = pd.MultiIndex.from_arrays(keys).factorize()[0] if len(keys) > 1 else pd.factorize(keys[0])[0]
    order = np.argsort(codes, kind="stable").astype(np.int64)
    counts = np.bincount(codes)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), order


def reshuffles(
    hg: Hypergraph,
    samples: int,
    seed: int = 0,
    *,
    within: Sequence[str] | None = None,
    burn_in: int = BURN_IN,
    thinning: int = THINNING,
) -> Iterator[sp.csr_array]:
    """``samples`` random meetings × actors matrices with ``hg``'s meeting sizes (per actor
    kind) and actors' meetings, one after another from one seeded curveball chain.

    >>> from graphkit.synthetic import generate
    >>> from graphkit.analysis.hypergraph import build_hypergraph
    >>> hg = build_hypergraph(generate(organisations=40, meetings=100, seed=0))
    >>> sample = next(reshuffles(hg, 1, seed=1))
    >>> bool((sample.sum(axis=0) == hg.meetings.sum(axis=0)).all() and (sample.sum(axis=1) == hg.meetings.sum(axis=1)).all())
    True
    """
    if samples < 0:
        raise GraphkitError("the number of reshuffles cannot be negative")
    offsets, rows = strata(hg, within)
    kinds = hg.nodes["kind"].fillna("").to_numpy(dtype=object)
    layers, layer_strata = [], []
    for kind in pd.unique(kinds):
        columns = np.flatnonzero(kinds == kind)
        layer = sp.csr_array(hg.meetings[:, columns])
        layers.append((columns, layer.indptr.astype(np.int64), layer.indices.astype(np.int64)))
        # Only the meetings with members of this kind trade them (an EP meeting has no official).
        layer_strata.append(_only(offsets, rows, np.diff(layer.indptr)[rows] > 0))
    _seed(np.int64(np.random.SeedSequence(seed).generate_state(1)[0] % 2**31))
    for sample in range(samples):
        for (columns, indptr, indices), (layer_offsets, layer_rows) in zip(layers, layer_strata, strict=True):
            _rounds(indptr, indices, layer_offsets, layer_rows, burn_in if sample == 0 else thinning, columns.size)
        yield _assemble(hg.meetings.shape, layers)


def _only(offsets: np.ndarray, rows: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The strata (offsets into ``rows``) with only the rows where ``keep`` (aligned to ``rows``)."""
    kept_before = np.concatenate([[0], np.cumsum(keep)]).astype(np.int64)
    return kept_before[offsets], rows[keep]


def _assemble(shape: tuple[int, int], layers) -> sp.csr_array:
    n_rows = shape[0]
    row_parts, col_parts = [], []
    for columns, indptr, indices in layers:
        row_parts.append(np.repeat(np.arange(n_rows), np.diff(indptr)))
        col_parts.append(columns[indices])
    rows, cols = np.concatenate(row_parts), np.concatenate(col_parts)
    matrix = sp.csr_array((np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=shape)
    matrix.sort_indices()
    return matrix


def _null_values(hg: Hypergraph, measures: Sequence[str], samples: int, seed: int,
                 within: Sequence[str] | None) -> dict[str, np.ndarray]:
    values = {measure: np.empty((samples, len(hg.nodes))) for measure in measures}
    for sample, matrix in enumerate(reshuffles(hg, samples, seed, within=within)):
        shuffled = from_incidence(hg.nodes, matrix, hg.meeting_table)
        for measure in measures:
            values[measure][sample] = measure_values(shuffled, measure)
    return values


def compare(observed: np.ndarray, null: np.ndarray) -> dict[str, np.ndarray]:
    """Null mean, standard deviation, z-score and one-sided empirical p-value of ``observed``
    against ``null`` (samples × items): p = (1 + samples at least as high) / (1 + samples).

    >>> out = compare(np.array([3.0, 1.0]), np.array([[1.0, 1.0], [2.0, 1.0], [3.0, 1.0]]))
    >>> out["null_mean"].tolist(), out["z"].round(3).tolist(), out["p"].tolist()
    ([2.0, 1.0], [1.225, nan], [0.5, 1.0])
    """
    samples = null.shape[0]
    mean = null.mean(axis=0) if samples else np.full(observed.shape, np.nan)
    spread = null.std(axis=0, ddof=0) if samples else np.full(observed.shape, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(spread > 0, (observed - mean) / spread, np.nan)
    # A tolerance so that a value equal to the observed one counts despite float round-off.
    higher = (null >= observed - 1e-9 * np.maximum(1.0, np.abs(observed))).sum(axis=0)
    return {"null_mean": mean, "null_std": spread, "z": z, "p": (1 + higher) / (1 + samples)}


def significance(
    hg: Hypergraph,
    measure: str = "degree",
    *,
    samples: int = 100,
    seed: int = 0,
    within: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Each actor's ``measure`` against ``samples`` reshuffles of the meetings.

    Parameters
    ----------
    hg
        The hypergraph (:func:`~graphkit.analysis.hypergraph.build_hypergraph`).
    measure
        One of :data:`~graphkit.analysis.hypergraph.HYPERGRAPH_MEASURES`. ``strength`` is kept fixed by
        the null model (its z-score is empty); ``degree`` (distinct groups) tells an actor that
        keeps meeting the same group from one spread over many.
    samples, seed
        Reshuffles, and the seed that makes them the same run to run.
    within
        ``("institution",)``, ``("year",)`` or both: reshuffle only among meetings of the same
        institution and/or year.

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, category, country, observed, null_mean, null_std, z, p`` sorted by z
        (highest first), then observed.

    Examples
    --------
    >>> from graphkit.synthetic import generate
    >>> from graphkit.analysis.hypergraph import build_hypergraph
    >>> hg = build_hypergraph(generate(organisations=40, meetings=100, seed=0))
    >>> table = significance(hg, "degree", samples=20, seed=1)
    >>> list(table.columns[-5:])
    ['observed', 'null_mean', 'null_std', 'z', 'p']
    >>> significance(hg, "degree", samples=20, seed=1).equals(table)
    True
    """
    if measure not in HYPERGRAPH_MEASURES:
        raise GraphkitError(f"unknown measure {measure!r} (known: {', '.join(HYPERGRAPH_MEASURES)})")
    observed = measure_values(hg, measure)
    null = _null_values(hg, [measure], samples, seed, within)[measure]
    frame = node_frame(hg)
    frame["observed"] = observed
    for column, values in compare(observed, null).items():
        frame[column] = values
    order = np.lexsort((-frame["observed"].to_numpy(), -frame["z"].fillna(-np.inf).to_numpy()))
    return frame.iloc[order].reset_index(drop=True)


def pair_significance(
    hg: Hypergraph,
    *,
    samples: int = 100,
    seed: int = 0,
    within: Sequence[str] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Meetings of each organisation with each MEP/official against reshuffles of the meetings:
    did they meet more often than chance?

    Returns
    -------
    pandas.DataFrame
        One row per pair that met: ``organisation_id, organisation_name, counterpart_id,
        counterpart_name, counterpart_kind, meetings, expected`` (null mean), ``null_std, z, p,
        more_than_chance`` (``p <= alpha``), sorted by z (highest first), then meetings.

    Examples
    --------
    >>> from graphkit.synthetic import generate
    >>> from graphkit.analysis.hypergraph import build_hypergraph
    >>> hg = build_hypergraph(generate(organisations=40, meetings=100, seed=0))
    >>> pairs = pair_significance(hg, samples=20, seed=1)
    >>> bool((pairs["meetings"] >= 1).all()), pairs.columns[-1]
    (True, 'more_than_chance')
    """
    kinds = hg.nodes["kind"].to_numpy(dtype=object)
    orgs = np.flatnonzero(kinds == ORGANISATION)
    hosts = np.flatnonzero(np.isin(kinds, HOST_KINDS))

    def met(matrix: sp.csr_array) -> sp.coo_array:
        matrix = sp.csc_array(matrix, dtype=np.int64)
        product = sp.coo_array(matrix[:, orgs].T @ matrix[:, hosts])
        product.sum_duplicates()
        return product

    observed = met(hg.meetings)
    width = np.int64(max(hosts.size, 1))
    keys = observed.row.astype(np.int64) * width + observed.col
    order = np.argsort(keys)
    keys, rows, cols, counts = keys[order], observed.row[order], observed.col[order], observed.data[order]
    null = np.zeros((samples, keys.size))
    for sample, matrix in enumerate(reshuffles(hg, samples, seed, within=within)):
        product = met(matrix)
        sample_keys = product.row.astype(np.int64) * width + product.col
        found = np.searchsorted(keys, sample_keys)
        hit = found < keys.size
        hit[hit] = keys[found[hit]] == sample_keys[hit]
        null[sample, found[hit]] = product.data[hit]
    observed_counts = counts.astype(np.float64)
    stats = compare(observed_counts, null)
    names = hg.nodes["name"].to_numpy(dtype=object)
    ids = hg.nodes["id"].to_numpy(dtype=object)
    frame = pd.DataFrame({
        "organisation_id": ids[orgs[rows]], "organisation_name": names[orgs[rows]],
        "counterpart_id": ids[hosts[cols]], "counterpart_name": names[hosts[cols]],
        "counterpart_kind": kinds[hosts[cols]], "meetings": counts.astype(np.int64),
        "expected": stats["null_mean"], "null_std": stats["null_std"], "z": stats["z"], "p": stats["p"],
    })  # fmt: skip
    frame["more_than_chance"] = frame["p"] <= alpha
    order = np.lexsort((-frame["meetings"].to_numpy(), -frame["z"].fillna(-np.inf).to_numpy()))
    return frame.iloc[order].reset_index(drop=True)


__all__ = ["WITHIN", "compare", "pair_significance", "reshuffles", "significance", "strata"]
