"""Rankings within interest groups (``--by category`` on ``centrality`` and ``trends``): each
organisation is ranked against the organisations of its own interest group, the grouping of the
Register category that :mod:`graphkit.analysis.balance` uses."""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphkit.analysis.balance import INTEREST_GROUPS, interest_group
from graphkit.model.schema import ORGANISATION

GROUP = "interest_group"

NO_CATEGORY_NOTE = (
    "No organisation here has a Register category (no Transparency Register record was ingested), "
    "so --by category would only list them all as 'unknown'. Ingest the Register export for "
    "categories: graphkit fetch register --out downloads/register && graphkit ingest downloads/register"
)


def rank_within_groups(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The organisations of a ranked table, each with its interest group and its rank within it.

    Parameters
    ----------
    frame
        A table with ``kind``, ``category`` and ``measure`` columns, such as
        :func:`~graphkit.analysis.centrality` returns. Rows of other kinds than organisation
        (MEPs, officials, topics) have no interest group and are left out.
    measure
        The column to rank by (highest first).

    Returns
    -------
    pandas.DataFrame
        ``frame``'s organisations with ``interest_group`` (one of
        :data:`~graphkit.analysis.balance.INTEREST_GROUPS`, placed after ``kind``) and ``rank``
        within the group (1 = highest; ties share the best rank; missing values last), sorted by
        group in the order of ``INTEREST_GROUPS``, then rank, then ``frame``'s own order.

    Examples
    --------
    >>> frame = pd.DataFrame({"id": ["a", "b", "c"], "kind": "organisation",
    ...                       "category": ["Companies & groups", "Trade unions", "Companies & groups"],
    ...                       "degree": [1.0, 5.0, 3.0]})
    >>> rank_within_groups(frame, "degree")[["id", "interest_group", "rank"]].to_dict("records")
    [{'id': 'c', 'interest_group': 'companies', 'rank': 1}, {'id': 'a', 'interest_group': 'companies', 'rank': 2}, {'id': 'b', 'interest_group': 'trade_unions', 'rank': 1}]
    """
    organisations = frame[frame["kind"] == ORGANISATION]
    groups = organisations["category"].map(interest_group) if "category" in organisations else "unknown"
    out = organisations.assign(**{GROUP: groups})
    out["rank"] = (
        out.groupby(GROUP)[measure].rank(method="min", ascending=False, na_option="bottom").astype(np.int64)
    )
    order = pd.Categorical(out[GROUP], categories=INTEREST_GROUPS, ordered=True).codes
    out = out.assign(_group=order, _row=np.arange(len(out)))
    out = out.sort_values(["_group", "rank", "_row"], kind="stable").drop(columns=["_group", "_row"])
    return _group_after_kind(out).reset_index(drop=True)


def head_per_group(frame: pd.DataFrame, top: int | None, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """The first ``top`` rows of each interest group (and of each value of the ``by`` columns),
    in ``frame``'s order; all rows when ``top`` is None or 0.

    >>> frame = pd.DataFrame({"interest_group": ["ngos", "ngos", "companies"], "rank": [1, 2, 1]})
    >>> head_per_group(frame, 1)["rank"].tolist()
    [1, 1]
    """
    if not top:
        return frame
    return frame.groupby([*by, GROUP], sort=False).head(top)


def no_category(frame: pd.DataFrame) -> bool:
    """True when the table has rows and every one is in the ``unknown`` group (no Register
    category for any organisation): a grouped table would say nothing.

    >>> no_category(pd.DataFrame({"interest_group": ["unknown", "unknown"]}))
    True
    >>> no_category(pd.DataFrame({"interest_group": ["unknown", "ngos"]}))
    False
    """
    return len(frame) > 0 and bool((frame[GROUP] == "unknown").all())


def _group_after_kind(frame: pd.DataFrame) -> pd.DataFrame:
    columns = [column for column in frame.columns if column != GROUP]
    at = columns.index("kind") + 1 if "kind" in columns else 0
    return frame[[*columns[:at], GROUP, *columns[at:]]]


__all__ = ["GROUP", "NO_CATEGORY_NOTE", "head_per_group", "no_category", "rank_within_groups"]
