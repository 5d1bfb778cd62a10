"""An audit of resolution on the whole data, not on the labelled set: draw random organisation
merges and random organisations, let a person judge each, and score the judgements.

The labelled set (:mod:`graphkit.resolution.evaluation`) holds names someone chose; the audit
estimates what a reader of the graph meets: the precision of the merges resolution made and
the share of "organisations" that are no organisation at all (a person, a job title, a
fragment of a list, an EU body, a government). Each figure comes with its 95 % Wilson
interval, so 200 judgements say how far the estimate may be off.

A draw is deterministic for one workspace and one seed. Judgements are keyed by what they
judge (``from_id``/``into_id`` of a merge, ``actor_id`` of an organisation), not by the row
they sat in, so a judgements file can be replayed against the sample the same seed draws after
resolution changed: an item drawn again is scored with its old verdict, a new one is unjudged
(reported, never counted right).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist
from typing import TYPE_CHECKING

import pandas as pd

from graphkit.errors import GraphkitError
from graphkit.model.schema import HOST, ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.resolution.evaluation import merge_evidence

if TYPE_CHECKING:
    from graphkit.workspace import Workspace

MERGE_SAMPLE, ORGANISATION_SAMPLE = "merge", "organisation"
MERGE_VERDICTS = ("right", "wrong", "unsure")
ORGANISATION_VERDICTS = (
    "organisation",
    "person",
    "title",
    "fragment",
    "eu_body",
    "government",
    "other",
    "unsure",
)
UNSURE = "unsure"
COLUMNS = [
    "sample", "no", "from_id", "into_id", "from_name", "into_name", "rule", "evidence", "meeting_1",
    "meeting_2", "actor_id", "name", "meetings", "counterparts", "verdict",
]  # fmt: skip
JUDGEMENT_COLUMNS = ("sample", "from_id", "into_id", "actor_id", "verdict")
SHOWN_MEETINGS = 2  # meetings shown per merged-away name
SHOWN_COUNTERPARTS = 3
TITLE_CHARACTERS = 90


def draw_audit(dataset: Dataset, n: int, seed: int, records: Dataset | None = None) -> pd.DataFrame:
    """``n`` random organisation merges and ``n`` random organisations of ``dataset`` to judge,
    one row each (:data:`COLUMNS`; ``verdict`` empty).

    ``records``: the records before resolution, where a merged-away name still has its own
    meetings (``meeting_1``, ``meeting_2``: date, title and the names met, as that name's
    records say; empty without ``records``). An organisation's row gives its meetings after
    resolution and its most frequent counterparts. Each candidate gets a pseudo-random rank
    from a hash of ``seed`` and its own id (the merged-away id for a merge), and the ``n``
    lowest are drawn: the same dataset and seed draw the same sample, and a change elsewhere
    in the data (one merge more, one organisation less) leaves every other item's rank as it
    was, so a judgements file keeps covering the draw after a change to resolution.

    >>> ds = Dataset.from_records(
    ...     actors=[{"id": f"organisation:o{i}", "kind": "organisation", "name": f"O{i}"} for i in range(5)],
    ...     merges=[{"table": "actors", "from_id": f"organisation:x{i}", "into_id": f"organisation:o{i}",
    ...              "from_name": f"X{i}", "into_name": f"O{i}", "rule": "same name but for spacing"}
    ...             for i in range(5)])
    >>> drawn = draw_audit(ds, 2, seed=1)
    >>> drawn["sample"].tolist(), drawn["evidence"].iloc[0]
    (['merge', 'merge', 'organisation', 'organisation'], 'spelling')
    >>> drawn.equals(draw_audit(ds, 2, seed=1))
    True
    """
    merges = dataset.merges
    pool = merges[
        (merges["table"] == "actors")
        & merges["from_id"].str.startswith(f"{ORGANISATION}:")
        & merges["into_id"].str.startswith(f"{ORGANISATION}:")
    ]
    picked = _drawn(pool, "from_id", n, f"{seed}/merge")
    picked = merge_evidence(picked)
    shown = _meetings_of(records, picked["from_id"]) if records is not None else {}
    merge_rows = pd.DataFrame(
        {
            "sample": MERGE_SAMPLE,
            "no": range(1, len(picked) + 1),
            "from_id": picked["from_id"].to_numpy(),
            "into_id": picked["into_id"].to_numpy(),
            "from_name": picked["from_name"].to_numpy(),
            "into_name": picked["into_name"].to_numpy(),
            "rule": picked["rule"].to_numpy(),
            "evidence": picked["evidence"].to_numpy(),
            **{
                f"meeting_{k + 1}": [(shown.get(i) or [])[k] if len(shown.get(i) or []) > k else "" for i in picked["from_id"]]
                for k in range(SHOWN_MEETINGS)
            },
        }
    )  # fmt: skip
    actors = dataset.actors
    organisations = _drawn(actors[actors["kind"] == ORGANISATION], "id", n, f"{seed}/organisation")
    meetings, counterparts = _counterparts(dataset, organisations["id"])
    organisation_rows = pd.DataFrame(
        {
            "sample": ORGANISATION_SAMPLE,
            "no": range(1, len(organisations) + 1),
            "actor_id": organisations["id"].to_numpy(),
            "name": organisations["name"].to_numpy(),
            "meetings": organisations["id"].map(meetings).fillna(0).astype(int).to_numpy(),
            "counterparts": organisations["id"].map(counterparts).astype(object).fillna("").to_numpy(),
        }
    )
    out = pd.concat([merge_rows, organisation_rows], ignore_index=True).reindex(columns=COLUMNS)
    text = [c for c in COLUMNS if c not in ("no", "meetings")]
    out[text] = out[text].astype(object).fillna("")
    return out.astype({"no": "Int64", "meetings": "Int64"})


def workspace_audit(workspace: Workspace, n: int, seed: int) -> pd.DataFrame:
    """:func:`draw_audit` of a workspace's resolved tables, with its stored records (what each
    source file said before resolution) for the merged-away names' meetings."""
    return draw_audit(workspace.load(), n, seed, records=_stored_records(workspace))


def read_judgements(file: str | Path) -> pd.DataFrame:
    """The judged rows of a CSV :func:`draw_audit` wrote with verdicts filled in: ``sample,
    from_id, into_id, actor_id, verdict`` (verdict in lower case; rows without one left out).

    A missing column, an unknown verdict, or one item given two different verdicts is a
    :class:`~graphkit.errors.GraphkitError` naming the file (and the line).
    """
    file = Path(file)
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as err:
        raise GraphkitError(f"{file}: not a judgements CSV ({err})") from err
    for column in JUDGEMENT_COLUMNS:
        if column not in frame.columns:
            raise GraphkitError(
                f"{file}: no column {column!r} (judge the CSV graphkit resolve --audit wrote, keeping its columns)"
            )
    frame = frame[list(JUDGEMENT_COLUMNS)].map(str.strip)
    frame["verdict"] = frame["verdict"].str.lower()
    frame["line"] = frame.index + 2  # the header is line 1
    frame = frame[frame["verdict"] != ""]
    for sample, allowed in ((MERGE_SAMPLE, MERGE_VERDICTS), (ORGANISATION_SAMPLE, ORGANISATION_VERDICTS)):
        rows = frame[frame["sample"] == sample]
        bad = rows[~rows["verdict"].isin(allowed)]
        if len(bad):
            line, verdict = bad["line"].iloc[0], bad["verdict"].iloc[0]
            raise GraphkitError(
                f"{file}:{line}: verdict {verdict!r} of a {sample} is none of {', '.join(allowed)}"
            )
    unknown = frame[~frame["sample"].isin((MERGE_SAMPLE, ORGANISATION_SAMPLE))]
    if len(unknown):
        line, sample = unknown["line"].iloc[0], unknown["sample"].iloc[0]
        raise GraphkitError(
            f"{file}:{line}: sample {sample!r} is neither {MERGE_SAMPLE} nor {ORGANISATION_SAMPLE}"
        )
    keyed = frame.assign(key=_keys(frame))
    verdicts = keyed.groupby("key")["verdict"].nunique()
    if (verdicts > 1).any():
        key = verdicts[verdicts > 1].index[0]
        lines = ", ".join(str(line) for line in keyed.loc[keyed["key"] == key, "line"])
        raise GraphkitError(f"{file}: lines {lines} judge the same item differently")
    return keyed.drop_duplicates("key").drop(columns=["key"]).reset_index(drop=True)


@dataclass
class Estimate:
    """A share estimated from judgements: ``hits`` of ``judged``, with its 95 % Wilson interval."""

    hits: int
    judged: int
    low: float
    high: float

    @property
    def share(self) -> float:
        return self.hits / self.judged if self.judged else math.nan


@dataclass
class AuditScore:
    """Judgements replayed on a draw: the precision of merges, the share of non-organisations
    among organisations, and the counts behind them."""

    merge_precision: Estimate  # right / (right + wrong)
    non_organisations: Estimate  # any verdict but organisation / every verdict but unsure
    merge_verdicts: dict[str, int]  # verdict (or "unjudged") -> drawn merges
    organisation_verdicts: dict[str, int]  # verdict (or "unjudged") -> drawn organisations
    by_evidence: pd.DataFrame  # evidence, right, wrong, unsure, unjudged: the drawn merges
    judged: pd.DataFrame  # the draw with each item's verdict ("" where unjudged)


def score_audit(drawn: pd.DataFrame, judgements: pd.DataFrame) -> AuditScore:
    """Score ``judgements`` (:func:`read_judgements`) against a draw (:func:`draw_audit`), item by
    item through their ids: an item of the draw nobody judged is ``unjudged`` and counts
    neither way; ``unsure`` counts neither way either.

    >>> drawn = pd.DataFrame({"sample": ["merge", "merge", "organisation"], "from_id": ["a", "b", ""],
    ...     "into_id": ["c", "c", ""], "actor_id": ["", "", "o"], "evidence": ["spelling", "alias", ""]})
    >>> judged = pd.DataFrame({"sample": ["merge", "organisation", "merge"], "from_id": ["a", "", "x"],
    ...     "into_id": ["c", "", "c"], "actor_id": ["", "o", ""], "verdict": ["right", "title", "wrong"]})
    >>> score = score_audit(drawn, judged)
    >>> score.merge_verdicts, score.merge_precision.hits, score.merge_precision.judged
    ({'right': 1, 'unjudged': 1}, 1, 1)
    >>> score.non_organisations.share
    1.0
    """
    verdict_of = dict(zip(_keys(judgements), judgements["verdict"], strict=True))
    judged = drawn.assign(verdict=_keys(drawn).map(verdict_of).fillna("").to_numpy())
    merges = judged[judged["sample"] == MERGE_SAMPLE]
    organisations = judged[judged["sample"] == ORGANISATION_SAMPLE]
    merge_counts = _verdict_counts(merges["verdict"], MERGE_VERDICTS)
    organisation_counts = _verdict_counts(organisations["verdict"], ORGANISATION_VERDICTS)
    right, wrong = merge_counts.get("right", 0), merge_counts.get("wrong", 0)
    sure = sum(count for verdict, count in organisation_counts.items() if verdict not in (UNSURE, "unjudged"))
    non_organisations = sure - organisation_counts.get("organisation", 0)
    columns = [*MERGE_VERDICTS, "unjudged"]
    by_evidence = (
        pd.crosstab(merges["evidence"], merges["verdict"].replace("", "unjudged"))
        .reindex(columns=columns, fill_value=0)
        .rename_axis(index="evidence", columns=None)
        .reset_index()
    )
    return AuditScore(
        merge_precision=Estimate(right, right + wrong, *wilson_interval(right, right + wrong)),
        non_organisations=Estimate(non_organisations, sure, *wilson_interval(non_organisations, sure)),
        merge_verdicts=merge_counts,
        organisation_verdicts=organisation_counts,
        by_evidence=by_evidence,
        judged=judged,
    )


def wilson_interval(hits: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a share ``hits / trials`` (Wilson 1927; the interval
    Brown, Cai & DasGupta 2001 recommend for small samples and shares near 0 or 1, where the
    normal approximation fails). ``(0, 1)`` for no trials: nothing is known.

    >>> [round(x, 4) for x in wilson_interval(8, 10)]
    [0.4902, 0.9433]
    >>> wilson_interval(0, 0)
    (0.0, 1.0)
    """
    if trials == 0:
        return 0.0, 1.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    share = hits / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    # At 0 or all hits the bound is exactly 0 or 1; floating point would leave a trace.
    return (0.0 if hits == 0 else centre - half), (1.0 if hits == trials else centre + half)


def _drawn(frame: pd.DataFrame, column: str, n: int, salt: str) -> pd.DataFrame:
    """The ``n`` rows of ``frame`` whose ``column`` ranks lowest by a hash salted with ``salt``
    (a uniform random sample that depends on nothing but each row's own id)."""
    if n <= 0 or frame.empty:
        return frame.iloc[:0].reset_index(drop=True)
    ranks = [hashlib.sha256(f"{salt}/{value}".encode()).digest()[:8] for value in frame[column]]
    order = sorted(range(len(frame)), key=ranks.__getitem__)[:n]
    return frame.iloc[order].reset_index(drop=True)


def _keys(frame: pd.DataFrame) -> pd.Series:
    """What a row judges: ``merge from_id into_id`` or ``organisation actor_id``."""
    is_merge = frame["sample"] == MERGE_SAMPLE
    merge_key = MERGE_SAMPLE + " " + frame["from_id"].astype(str) + " " + frame["into_id"].astype(str)
    organisation_key = ORGANISATION_SAMPLE + " " + frame["actor_id"].astype(str)
    return merge_key.where(is_merge, organisation_key)


def _verdict_counts(verdicts: pd.Series, order: tuple[str, ...]) -> dict[str, int]:
    counts = verdicts.replace("", "unjudged").value_counts()
    return {verdict: int(counts[verdict]) for verdict in (*order, "unjudged") if verdict in counts}


def _meetings_of(records: Dataset, actor_ids: pd.Series) -> dict[str, list[str]]:
    """The first meetings (by date) of each of ``actor_ids`` as the records say, each as
    ``date | title | with: names`` (the other participants, hosts first)."""
    participants = records.participants
    own = participants[participants["actor_id"].isin(set(actor_ids))][["meeting_id", "actor_id"]]
    meetings = records.meetings.drop_duplicates("id").set_index("id")
    own = own.assign(date=own["meeting_id"].map(meetings["date"])).sort_values(
        ["actor_id", "date", "meeting_id"]
    )
    own = own.groupby("actor_id").head(SHOWN_MEETINGS)
    names = records.actors.drop_duplicates("id").set_index("id")["name"]
    others = participants[participants["meeting_id"].isin(set(own["meeting_id"]))]
    others = others.assign(
        host=others["role"] != HOST, name=others["actor_id"].map(names).fillna(others["actor_id"])
    )
    others = others.sort_values(["meeting_id", "host", "name"])
    out: dict[str, list[str]] = {}
    for actor, meeting, date in zip(own["actor_id"], own["meeting_id"], own["date"], strict=True):
        met = others.loc[(others["meeting_id"] == meeting) & (others["actor_id"] != actor), "name"]
        with_names = "; ".join(met.head(SHOWN_COUNTERPARTS)) + (" …" if len(met) > SHOWN_COUNTERPARTS else "")
        title = str(meetings["title"].get(meeting) or "")
        title = title if len(title) <= TITLE_CHARACTERS else title[: TITLE_CHARACTERS - 1] + "…"
        day = date.strftime("%Y-%m-%d") if isinstance(date, pd.Timestamp) else ""
        out.setdefault(actor, []).append(f"{day} | {title} | with: {with_names}")
    return out


def _counterparts(dataset: Dataset, actor_ids: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Meetings of each of ``actor_ids`` after resolution, and its most frequent hosts
    (``name (meetings); …``)."""
    participants = dataset.participants
    own = participants[participants["actor_id"].isin(set(actor_ids))][
        ["meeting_id", "actor_id"]
    ].drop_duplicates()
    meetings = own.groupby("actor_id")["meeting_id"].nunique()
    hosts = participants.loc[participants["role"] == HOST, ["meeting_id", "actor_id"]].rename(
        columns={"actor_id": "host"}
    )
    met = own.merge(hosts, on="meeting_id").drop_duplicates(["actor_id", "meeting_id", "host"])
    names = dataset.actors.drop_duplicates("id").set_index("id")["name"]
    counted = met.groupby(["actor_id", "host"]).size().rename("n").reset_index()
    counted = counted.assign(name=counted["host"].map(names).fillna(counted["host"]))
    counted = counted.sort_values(["actor_id", "n", "name"], ascending=[True, False, True])
    top = counted.groupby("actor_id").head(SHOWN_COUNTERPARTS)
    shown = (top["name"] + " (" + top["n"].astype(str) + ")").groupby(top["actor_id"]).agg("; ".join)
    return meetings, shown


def _stored_records(workspace: Workspace) -> Dataset | None:
    """The actors, meetings and participants every stored source file said, before resolution
    (``None`` for a workspace that keeps no records)."""
    files = workspace.files()
    if files.empty:
        return None
    parts = [
        workspace.load_records(digest, parser)
        for digest, parser in sorted(zip(files["digest"], files["parser"], strict=True))
    ]
    # Only ids, names, dates and titles are read: a plain concatenation serves (no combining).
    return Dataset(
        **{
            **{
                name: getattr(Dataset.empty(), name)
                for name in ("topics", "meeting_topics", "responses", "merges")
            },
            "actors": pd.concat([p.actors[["id", "name"]] for p in parts], ignore_index=True),
            "meetings": pd.concat([p.meetings[["id", "date", "title"]] for p in parts], ignore_index=True),
            "participants": pd.concat([p.participants for p in parts], ignore_index=True),
        }
    )
