"""The synthetic generator: canonical tables, seeded, heavy-tailed, the promised shape."""

from __future__ import annotations

from dataclasses import fields

from graphkit.synthetic import generate
from graphkit.workspace import Dataset


def test_tables_are_canonical_and_seeded():
    ds = generate(organisations=2_000, meetings=6_000, seed=3)
    again = Dataset.from_frames({f.name: getattr(ds, f.name) for f in fields(ds)})
    assert again.equals(ds)  # exactly what the dataset's own tidying makes of it
    assert generate(organisations=2_000, meetings=6_000, seed=3).equals(ds)
    assert not generate(organisations=2_000, meetings=6_000, seed=4).equals(ds)


def test_shape_heavy_tails_one_to_four_organisations_ten_years():
    ds = generate(organisations=15_000, meetings=50_000, seed=0)
    participants = ds.participants
    attendees = participants[participants["role"] == "attendee"]
    per_org = attendees.groupby("actor_id").size()
    assert len(per_org) == 15_000  # every organisation attends
    assert per_org.median() <= 3 and per_org.max() >= 200  # most one to three, a few hundreds
    per_meeting = attendees.groupby("meeting_id").size()
    assert per_meeting.min() == 1 and per_meeting.max() == 4
    hosts = participants[participants["role"] == "host"]
    assert hosts["meeting_id"].nunique() == 50_000
    dates = ds.meetings["date"]
    assert (dates.max() - dates.min()).days > 3_500
    assert set(ds.meetings["institution"]) == {"EP", "EC"}
    assert set(ds.actors["kind"]) == {"organisation", "mep", "official"}
    ep = set(ds.meetings.loc[ds.meetings["institution"] == "EP", "id"])
    assert hosts.loc[hosts["meeting_id"].isin(ep), "actor_id"].str.startswith("mep:").all()
