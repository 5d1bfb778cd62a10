"""Rejected review clusters: names a reviewer said are *not* one organisation.

``graphkit resolve --reject CLUSTER`` writes the cluster to ``WORKSPACE/rejected.csv``
(``cluster,names,ids``; ``ids`` ``;``-joined actor ids). Every resolution replays the file,
like the alias file: a rejected cluster is never listed for review again, and no rule
merges two of its members into one actor later (an alias row, the reviewer's own word, still
does). A file with no rows (or none at all) changes nothing: resolution merges what it merges
by default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from graphkit.errors import SourceError
from graphkit.resolution.name_spellings import closed

COLUMNS = ["cluster", "names", "ids"]


def read_rejections(path: str | Path) -> pd.DataFrame:
    """The rejected clusters: ``cluster, names, ids`` (``ids`` a list), an empty frame when
    there is no file.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "rejected.csv"
    >>> write_rejections(pd.DataFrame({"cluster": ["3f9a01bc"], "names": ["A | B"],
    ...                                "ids": [["organisation:a", "organisation:b"]]}), p)
    >>> read_rejections(p)["ids"].tolist()
    [['organisation:a', 'organisation:b']]
    """
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=COLUMNS)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise SourceError(path, f"cannot read as a CSV of rejected clusters: {err}") from err
    if not set(COLUMNS) <= set(frame.columns):
        raise SourceError(path, "a rejections file needs a header row 'cluster,names,ids'", line=1)
    frame = frame[COLUMNS][frame["ids"].str.strip() != ""]
    return frame.assign(ids=frame["ids"].str.split(";")).reset_index(drop=True)


def write_rejections(rejected: pd.DataFrame, path: str | Path) -> None:
    """Write ``rejected`` (``cluster, names, ids``) atomically, one row per cluster, sorted.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "rejected.csv"
    >>> write_rejections(pd.DataFrame({"cluster": ["c1"], "names": ["A | B"], "ids": [["x", "y"]]}), p)
    >>> p.read_text()
    'cluster,names,ids\\nc1,A | B,x;y\\n'
    """
    path = Path(path)
    frame = rejected[COLUMNS].assign(ids=rejected["ids"].map(";".join))
    frame = frame.drop_duplicates("cluster", keep="last").sort_values("cluster")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    frame.to_csv(temporary, index=False, lineterminator="\n")
    os.replace(temporary, path)


class RejectionGuard:
    """Keeps the members of each rejected cluster apart through resolution's rules: it follows
    each member to the actor it belongs to after every merge, and takes out of a rule's
    mapping the entries that would put two members of one rejected cluster together.

    >>> guard = RejectionGuard([["organisation:a", "organisation:b"]])
    >>> guard.allowed({"organisation:a": "organisation:b", "organisation:c": "organisation:b"})
    {'organisation:c': 'organisation:b'}
    >>> guard.allowed({"organisation:a": "organisation:c", "organisation:b": "organisation:c"})
    {'organisation:a': 'organisation:c'}
    """

    def __init__(self, clusters: list[list[str]]):
        self.clusters = [sorted(set(ids)) for ids in clusters if len(set(ids)) > 1]
        self.current = {member: member for ids in self.clusters for member in ids}

    def allowed(self, mapping: Mapping[str, str]) -> dict[str, str]:
        """``mapping`` less the entries that would join rejected members; remembers where each
        member goes under what is left."""
        kept = dict(mapping)
        if not self.clusters or not kept:
            return kept
        for _ in range(len(kept) + 1):
            final = closed(kept)
            blocked = self._blocked(final)
            if not blocked:
                break
            for actor in blocked:
                kept.pop(actor, None)
        self.follow(kept)
        return kept

    def follow(self, mapping: Mapping[str, str]) -> None:
        """Move each member to the actor it belongs to after ``mapping`` is merged (the alias
        file's merges, which the guard does not stop, move members too)."""
        if self.clusters and mapping:
            final = closed(dict(mapping))
            self.current = {m: final.get(actor, actor) for m, actor in self.current.items()}

    def _blocked(self, final: Mapping[str, str]) -> list[str]:
        """The mapping keys to drop: for each rejected cluster whose members would meet in one
        actor, every member's actor but the first (sorted) that the mapping moves."""
        blocked = []
        for ids in self.clusters:
            actors = sorted({self.current[m] for m in ids})
            where: dict[str, list[str]] = {}
            for actor in actors:
                where.setdefault(final.get(actor, actor), []).append(actor)
            for together in where.values():
                if len(together) > 1:
                    moved = [actor for actor in together if actor in final]
                    # Keep one member's move (the first), stop the others'.
                    blocked += moved[1:] if len(moved) == len(together) else moved
        return blocked
