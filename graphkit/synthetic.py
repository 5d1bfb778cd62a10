"""A seeded generator of lobbying-like data, for benchmarks and tests at any size.

The shape follows the real registers: organisations' meeting counts are heavy-tailed (a few
organisations with hundreds of meetings, most with one to three), one to four organisations
attend each meeting, hosts (MEPs, Commission officials) and topics are heavy-tailed too, and
dates spread over ten years. Everything is drawn with numpy in bulk, so 1M meetings take seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphkit.model.schema import (
    ACTORS,
    ATTENDEE,
    EC,
    EP,
    HOST,
    MEETING_TOPICS,
    MEETINGS,
    MEP,
    OFFICIAL,
    ORGANISATION,
    PARTICIPANTS,
    TABLES,
    TOPICS,
    Table,
)
from graphkit.model.tables import Dataset, empty_table

CATEGORIES = (
    "Companies & groups", "Trade and business associations", "Non-governmental organisations",
    "Trade unions and professional associations", "Think tanks and research institutions",
    "Professional consultancies", "Other organisations",
)  # fmt: skip
COUNTRIES = (
    "Belgium", "Germany", "France", "Italy", "Spain", "Netherlands", "Poland", "Sweden",
    "Austria", "Denmark", "Ireland", "Portugal", "Czechia", "Finland", "Greece", "Hungary",
    "Romania", "United States", "United Kingdom", "Switzerland",
)  # fmt: skip
GROUPS = ("EPP", "S&D", "Renew", "Greens/EFA", "ECR", "ID", "The Left", "NI")
CAPACITIES = ("Member", "Rapporteur", "Shadow rapporteur", "Committee chair")
ORGS_PER_MEETING = (0.62, 0.24, 0.09, 0.05)  # one to four organisations per meeting
FIRST_DAY = np.datetime64("2015-01-01")
DAYS = 3652  # ten years
# Pareto activity is capped so that the busiest organisations have hundreds of meetings, not
# a fifth of all of them.
MAX_ACTIVITY = 300.0


def generate(
    organisations: int = 15_000,
    meetings: int = 50_000,
    seed: int = 0,
    *,
    meps: int | None = None,
    officials: int | None = None,
    topics: int | None = None,
) -> Dataset:
    """A canonical :class:`~graphkit.workspace.Dataset` of made-up lobbying meetings.

    Parameters
    ----------
    organisations, meetings
        Sizes. The benchmark sizes are 15k/50k and 100k/1M. Every organisation attends at
        least one meeting, so ``meetings`` must be large enough to seat them all.
    seed
        The same seed gives the same dataset, row for row.
    meps, officials, topics
        Counts of hosts and topics (defaults grow slowly with ``meetings``).

    Returns
    -------
    Dataset
        Tidy tables (sorted by key, canonical dtypes), exactly what ``Dataset.from_frames``
        would make of them. About 60 % of meetings are EP meetings hosted by an MEP, the rest
        Commission meetings hosted by an official; 5 % have two hosts.

    Examples
    --------
    >>> ds = generate(organisations=200, meetings=500, seed=1)
    >>> ds.counts()["meetings"], int((ds.actors["kind"] == "organisation").sum())
    (500, 200)
    >>> generate(organisations=200, meetings=500, seed=1).equals(ds)
    True
    """
    rng = np.random.default_rng(seed)
    meps = meps if meps is not None else 750
    officials = officials if officials is not None else int(min(2_000, 200 + meetings // 500))
    topics = topics if topics is not None else int(min(1_000, 50 + meetings // 1_000))

    actors, org_ids, mep_ids, official_ids = _actors(rng, organisations, meps, officials)
    institution = np.where(rng.random(meetings) < 0.6, EP, EC).astype(object)
    is_ep = institution == EP
    dates = FIRST_DAY + rng.integers(0, DAYS, meetings).astype("timedelta64[D]")
    meeting_ids = np.array([f"meeting:{i:08d}" for i in range(meetings)], dtype=object)

    # Attendees: every organisation once, the rest by heavy-tailed activity.
    per_meeting = rng.choice(4, size=meetings, p=ORGS_PER_MEETING) + 1
    slots = int(per_meeting.sum())
    if slots < organisations:
        raise ValueError(f"{meetings} meetings seat {slots} organisations, fewer than {organisations}")
    activity = np.minimum(rng.pareto(1.5, organisations) + 1.0, MAX_ACTIVITY)
    extra = rng.choice(organisations, size=slots - organisations, p=activity / activity.sum())
    attendee = rng.permutation(np.concatenate([np.arange(organisations), extra]))
    attendee_meeting = np.repeat(np.arange(meetings), per_meeting)

    # Hosts: one per meeting (5 % get a second), heavy-tailed popularity within each institution.
    hosts = np.where(
        is_ep,
        _pick(rng, meps, meetings, shape=2.0),
        _pick(rng, officials, meetings, shape=1.5) + meps,
    )
    second = np.flatnonzero(rng.random(meetings) < 0.05)
    second_hosts = np.where(
        is_ep[second], rng.integers(0, meps, second.size), rng.integers(0, officials, second.size) + meps
    )
    host_meeting = np.concatenate([np.arange(meetings), second])
    host_actor = np.concatenate([hosts, second_hosts])

    # Actor codes in the order of their ids (mep: < official: < organisation:), so that sorting
    # integers sorts the table by key without comparing a million strings.
    all_ids = np.concatenate([mep_ids, official_ids, org_ids])
    capacity_codes = rng.choice(4, size=host_meeting.size, p=(0.6, 0.2, 0.15, 0.05))
    capacity_codes[~is_ep[host_meeting]] = -1
    meeting_code = np.concatenate([attendee_meeting, host_meeting])
    actor_code = np.concatenate([attendee + meps + officials, host_actor])
    capacity_code = np.concatenate([np.full(attendee.size, -1), capacity_codes])
    order = np.lexsort((actor_code, meeting_code))
    key = meeting_code[order].astype(np.int64) * all_ids.size + actor_code[order]
    keep = order[np.concatenate([[True], key[1:] != key[:-1]])] if key.size else order
    is_host = actor_code[keep] < meps + officials
    capacities = np.array([*CAPACITIES, None], dtype=object)  # code -1 picks None
    participants = {
        "meeting_id": meeting_ids[meeting_code[keep]],
        "actor_id": all_ids[actor_code[keep]],
        "role": np.where(is_host, HOST, ATTENDEE).astype(object),
        "capacity": capacities[capacity_code[keep]],
    }

    topic_names = np.array([f"Topic {i:04d}" for i in range(topics)], dtype=object)
    topic_ids = np.array([f"topic:topic-{i:04d}" for i in range(topics)], dtype=object)
    topics_per_meeting = rng.choice(3, size=meetings, p=(0.3, 0.5, 0.2))
    topic_meeting = np.repeat(np.arange(meetings), topics_per_meeting)
    topic_pick = _pick(rng, topics, topic_meeting.size, shape=1.2)
    pairs = np.unique(topic_meeting.astype(np.int64) * topics + topic_pick)
    meeting_topics = {"meeting_id": meeting_ids[pairs // topics], "topic_id": topic_ids[pairs % topics]}

    meetings_table = {
        "id": meeting_ids,
        "date": dates.astype("datetime64[ns]"),
        "title": np.array([f"Meeting {i}" for i in range(meetings)], dtype=object),
        "institution": institution,
        "source": np.full(meetings, "synthetic", dtype=object),
        "source_ref": meeting_ids,
        "attendees_truncated": np.zeros(meetings, dtype=bool),
    }
    frames = {
        ACTORS.name: actors,
        MEETINGS.name: meetings_table,
        PARTICIPANTS.name: participants,
        TOPICS.name: {"id": topic_ids, "name": topic_names},
        MEETING_TOPICS.name: meeting_topics,
    }
    return Dataset(**{table.name: _canonical(frames.get(table.name), table) for table in TABLES})


def _actors(
    rng: np.random.Generator, organisations: int, meps: int, officials: int
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray]:
    org_ids = np.array([f"organisation:org-{i:06d}" for i in range(organisations)], dtype=object)
    mep_ids = np.array([f"mep:mep-{i:04d}" for i in range(meps)], dtype=object)
    official_ids = np.array([f"official:official-{i:04d}" for i in range(officials)], dtype=object)
    n = organisations + meps + officials
    kind = np.concatenate(
        [np.full(organisations, ORGANISATION), np.full(meps, MEP), np.full(officials, OFFICIAL)]
    ).astype(object)
    names = np.concatenate(
        [
            [f"Organisation {i:06d}" for i in range(organisations)],
            [f"MEP {i:04d}" for i in range(meps)],
            [f"Official {i:04d}" for i in range(officials)],
        ]
    ).astype(object)
    country = np.array(COUNTRIES, dtype=object)[_pick(rng, len(COUNTRIES), n, shape=1.0)]
    category = np.full(n, None, dtype=object)
    category[:organisations] = np.array(CATEGORIES, dtype=object)[
        rng.integers(0, len(CATEGORIES), organisations)
    ]
    group = np.full(n, None, dtype=object)
    group[organisations : organisations + meps] = np.array(GROUPS, dtype=object)[
        rng.integers(0, len(GROUPS), meps)
    ]
    institution = np.full(n, None, dtype=object)
    institution[organisations : organisations + meps] = EP
    institution[organisations + meps :] = EC
    columns = {
        "id": np.concatenate([org_ids, mep_ids, official_ids]),
        "kind": kind,
        "name": names,
        "country": country,
        "group": group,
        "institution": institution,
        "category": category,
        "source": np.full(n, "synthetic", dtype=object),
    }
    order = np.argsort(columns["id"], kind="stable")
    return {name: values[order] for name, values in columns.items()}, org_ids, mep_ids, official_ids


def _pick(rng: np.random.Generator, n: int, size: int, shape: float) -> np.ndarray:
    """``size`` draws from ``range(n)`` with Zipf-like popularity (item i has weight (i+1)^-1/shape)."""
    weights = (np.arange(1, n + 1, dtype=float)) ** (-1.0 / shape)
    return rng.choice(n, size=size, p=weights / weights.sum())


def _canonical(columns: dict[str, np.ndarray] | None, table: Table) -> pd.DataFrame:
    """A DataFrame with exactly ``table``'s columns and dtypes from arrays already sorted by key.

    Text columns are built as ``object`` Series directly: letting pandas infer a string dtype
    and converting back would take most of the generator's time at 1M meetings.
    """
    if columns is None:
        return empty_table(table)
    size = len(next(iter(columns.values())))
    data = {}
    for column in table.columns:
        values = columns.get(column)
        if column in table.date_columns or column in table.bool_columns:
            data[column] = pd.Series(values)
        else:
            values = (
                np.full(size, None, dtype=object) if values is None else values.astype(object, copy=False)
            )
            data[column] = pd.Series(values, dtype=object)
    return pd.DataFrame(data)
