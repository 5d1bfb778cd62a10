"""Projections kept in the workspace, so the second analysis command on it starts at once.

Every ``graphkit centrality`` (``communities``, ``similar``) would otherwise read the whole
dataset from Parquet and project it again: most of its time on the shared data, when the
measure itself takes a fraction of a second. :func:`cached_graph` keeps each projection it
builds in ``WORKSPACE/cache/``, keyed by the snapshot it was built from (the name ``tables``
points at, which changes with every ingest that changes the dataset, as the embedded store's
``graph.kgl`` stamp does), the projection, the filters and the source of the code that
projects. A new ingest therefore never meets an old graph: its snapshot has other files, and
the files of older snapshots are removed when a new one is written.

The files are NumPy ``.npz`` archives of the projection's sparse matrices and its node table
(JSON), read with ``allow_pickle=False``: a workspace received from someone else can hold
nothing that runs code when read. Each is written to a temporary name and renamed, so a
reader sees a whole file or none; an unreadable one is a miss, and a workspace that cannot be
written to (read-only, shared) is simply not cached. Removing ``WORKSPACE/cache`` is always safe.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
import zipfile
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

import graphkit
from graphkit.graph import build as _build
from graphkit.graph import filters as _filters
from graphkit.graph import names as _names
from graphkit.graph import projections as _projections
from graphkit.graph.build import MEETINGS, build_graph, to_networkx
from graphkit.graph.filters import GraphFilter
from graphkit.graph.projections import NODE_ATTRIBUTES, Projection, project
from graphkit.workspace.atomic_files import make_folder, write_atomically
from graphkit.workspace.storage import Workspace

CACHE_DIR = "cache"
FORMAT = 1  # of the files; the key also holds the source of the modules that project
_STALE_TEMPORARY_S = 600.0  # a temporary file this old was left by a killed writer
_CODE = (_projections, _filters, _build, _names)


def cached_graph(
    workspace: Workspace, projection: str = "org-mep", *, filters: GraphFilter | None = None
) -> nx.Graph:
    """``build_graph(workspace.load(), projection, filters=filters)``, kept in ``WORKSPACE/cache/``.

    The first call for a snapshot, projection and filters builds the graph and writes its
    projection; later calls (other processes too) read it back, without loading the dataset,
    until an ingest changes the snapshot. The ``meetings`` graph (one edge per meeting) and an
    empty workspace are built each time.

    Parameters
    ----------
    workspace
        The workspace whose current snapshot to project.
    projection, filters
        As for :func:`~graphkit.graph.build_graph`.

    Returns
    -------
    networkx.Graph
        Equal to :func:`~graphkit.graph.build_graph`'s: the same nodes, attributes and edges.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.synthetic import generate
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> ws.save(generate(organisations=40, meetings=80, seed=0))
    >>> first = cached_graph(ws, "org-mep")
    >>> [path.suffix for path in (ws.path / "cache").iterdir()]
    ['.npz']
    >>> again = cached_graph(ws, "org-mep")
    >>> sorted(again.edges(data=True)) == sorted(first.edges(data=True))
    True
    """
    snapshot = workspace.snapshot
    if projection == MEETINGS or not snapshot:
        return build_graph(workspace.load(), projection, filters=filters)
    file = cache_file(workspace, snapshot, projection, filters)
    kept = _read(file)
    if kept is not None:
        return to_networkx(kept)
    built = project(workspace.load(), projection, filters=filters)
    if workspace.snapshot == snapshot:  # else an ingest swapped the tables while they were read
        _write(built, file)
    return to_networkx(built)


def cache_file(workspace: Workspace, snapshot: str, projection: str, filters: GraphFilter | None) -> Path:
    """Where the projection of ``snapshot`` (a folder name under ``snapshots/``) is kept:
    ``cache/graph-<snapshot>-<code digest>-<projection>-<filters digest>.npz``."""
    wanted = {} if filters is None or filters.is_empty() else dataclasses.asdict(filters)
    digest = hashlib.sha1(json.dumps(wanted, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return workspace.path / CACHE_DIR / f"graph-{snapshot}-{_code_digest()}-{projection}-{digest}.npz"




def _code_digest() -> str:
    digest = hashlib.sha1(f"{FORMAT} {graphkit.__version__}".encode())
    for module in _CODE:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _write(projection: Projection, file: Path) -> None:
    arrays = {}
    for name, matrix in {"weight": projection.weight, **projection.edge_attributes}.items():
        arrays |= {
            f"{name}.data": matrix.data,
            f"{name}.indices": matrix.indices,
            f"{name}.indptr": matrix.indptr,
        }
    columns = ["id", *NODE_ATTRIBUTES]
    nodes = projection.nodes
    if projection.bipartite:
        arrays["bipartite"] = nodes["bipartite"].to_numpy(np.int64)
    header = {
        "name": projection.name,
        "bipartite": projection.bipartite,
        "matrices": ["weight", *projection.edge_attributes],
        "size": projection.weight.shape[0],
        "columns": columns,
        "nodes": nodes[columns].to_numpy(dtype=object).tolist(),
    }
    folder = file.parent
    try:
        arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
        make_folder(folder)
        _remove_others(file)
        write_atomically(file, lambda out: np.savez(out, **arrays))
    except (OSError, TypeError, ValueError):  # a workspace we may not write to, or odd node values
        return


def _remove_others(file: Path) -> None:
    """Drop the files of other snapshots or code (and temporary files killed writers left)."""
    current = file.name.split("-")[1:3]
    now = time.time()
    for other in file.parent.iterdir():
        try:
            if other.name.startswith(".tmp-"):
                if now - other.stat().st_mtime > _STALE_TEMPORARY_S:
                    other.unlink()
            elif other.name.startswith("graph-") and other.name.split("-")[1:3] != current:
                other.unlink()
        except FileNotFoundError:
            continue


def _read(file: Path) -> Projection | None:
    try:
        with np.load(file, allow_pickle=False) as archive:
            header = json.loads(archive["header"].tobytes())
            size = header["size"]
            matrices = {
                name: sp.csr_array(
                    (archive[f"{name}.data"], archive[f"{name}.indices"], archive[f"{name}.indptr"]),
                    shape=(size, size),
                )
                for name in header["matrices"]
            }
            nodes = pd.DataFrame(header["nodes"], columns=header["columns"], dtype=object)
            if header["bipartite"]:
                nodes["bipartite"] = archive["bipartite"]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):  # missing, half-copied, older
        return None
    weight = matrices.pop("weight")
    return Projection(header["name"], nodes, weight, matrices, bipartite=header["bipartite"])


__all__ = ["CACHE_DIR", "cache_file", "cached_graph"]
