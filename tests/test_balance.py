"""graphkit.analysis.balance: meetings by interest group per MEP, official, unit, group, file."""

from __future__ import annotations

import pytest

from graphkit.analysis.balance import INTEREST_GROUPS, balance, interest_group
from graphkit.errors import GraphkitError
from graphkit.graph import GraphFilter
from graphkit.model.tables import Dataset

ACTORS = [
    {"id": "mep:x", "kind": "mep", "name": "X", "group": "Greens"},
    {"id": "mep:y", "kind": "mep", "name": "Y", "group": "EPP"},
    {"id": "official:z", "kind": "official", "name": "Z", "unit": "Cabinet Z"},
    {"id": "organisation:co", "kind": "organisation", "name": "Co", "category": "Companies & groups"},
    {"id": "organisation:ta", "kind": "organisation", "name": "TA", "category": "Trade and business associations"},
    {"id": "organisation:ngo", "kind": "organisation", "name": "NGO",
     "category": "Non-governmental organisations, platforms and networks and similar"},
    {"id": "organisation:tu", "kind": "organisation", "name": "TU",
     "category": "Trade unions and professional associations"},
    {"id": "organisation:law", "kind": "organisation", "name": "Law", "category": "Law firms"},
    {"id": "organisation:anon", "kind": "organisation", "name": "Anon"},
]  # fmt: skip
# X: m1 {co, ta}, m2 {co}, m3 {ngo} (procedure P); Y: m4 {tu, law, anon} (P); Z: m5 {co} (EC).
MEETINGS = [
    ("m1", "2021-01-05", "EP", None, "mep:x", ["co", "ta"]),
    ("m2", "2021-02-05", "EP", None, "mep:x", ["co"]),
    ("m3", "2022-03-05", "EP", "2021/0001(COD)", "mep:x", ["ngo"]),
    ("m4", "2022-04-05", "EP", "2021/0001(COD)", "mep:y", ["tu", "law", "anon"]),
    ("m5", "2022-05-05", "EC", None, "official:z", ["co"]),
]


def dataset() -> Dataset:
    meetings = [{"id": m, "date": d, "title": m, "institution": i, "procedure": p} for m, d, i, p, _, _ in MEETINGS]
    participants = []
    for m, _, _, _, host, orgs in MEETINGS:
        participants.append({"meeting_id": m, "actor_id": host, "role": "host"})
        participants += [{"meeting_id": m, "actor_id": f"organisation:{o}", "role": "attendee"} for o in orgs]
    return Dataset.from_records(actors=ACTORS, meetings=meetings, participants=participants)


def test_interest_groups_of_register_categories():
    assert interest_group("Companies & groups") == "companies"
    assert interest_group("Think tanks and research institutions") == "think_tanks"
    assert interest_group("Associations and networks of public authorities") == "public_bodies"
    assert interest_group("Other organisations, public or mixed entities") == "public_bodies"
    assert interest_group("Organisations representing churches and religious communities") == "other"
    assert interest_group("") == "unknown"


def test_balance_per_mep_by_hand():
    table = balance(dataset(), "mep").set_index("id")
    x = table.loc["mep:x"]
    assert (x["meetings"], x["organisation_meetings"], x["organisations"]) == (3, 4, 3)
    assert (x["companies"], x["trade_associations"], x["ngos"]) == (2, 1, 1)
    assert x["share_companies"] == pytest.approx(0.5)
    # Shares of X's 4 organisation-meetings: co 1/2, ta 1/4, ngo 1/4.
    assert x["hhi"] == pytest.approx(0.25 + 0.0625 + 0.0625)
    assert x["top10_share"] == pytest.approx(1.0)
    y = table.loc["mep:y"]
    assert (y["trade_unions"], y["other"], y["unknown"]) == (1, 1, 1)
    assert list(table.index) == ["mep:x", "mep:y"]  # most meetings first
    assert set(INTEREST_GROUPS) <= set(table.columns)


def test_balance_by_group_procedure_unit_and_top_share():
    ds = dataset()
    groups = balance(ds, "group").set_index("name")
    assert groups.loc["Greens", "meetings"] == 3 and groups.loc["EPP", "organisation_meetings"] == 3
    files = balance(ds, "procedure").set_index("name")
    assert files.loc["2021/0001(COD)", "meetings"] == 2 and files.loc["2021/0001(COD)", "ngos"] == 1
    units = balance(ds, "unit").set_index("name")
    assert units.loc["Cabinet Z", "companies"] == 1
    top1 = balance(ds, "mep", top=1).set_index("id")
    assert top1.loc["mep:x", "top1_share"] == pytest.approx(0.5)


def test_balance_takes_the_graph_filters():
    table = balance(dataset(), "mep", filters=GraphFilter(date_from="2022-01-01"))
    assert table.set_index("id").loc["mep:x", "meetings"] == 1
    with pytest.raises(GraphkitError, match="cannot balance by"):
        balance(dataset(), "rapporteur")


def test_balance_by_committee_counts_a_meeting_for_each_committee_listed():
    ds = dataset()
    committees = {"m1": "ENVI;ITRE", "m2": "ENVI", "m3": None, "m4": "ITRE", "m5": None}
    ds.meetings = ds.meetings.assign(committees=ds.meetings["id"].map(committees))
    table = balance(ds, "committee").set_index("name")
    assert table.loc["ENVI", "meetings"] == 2 and table.loc["ENVI", "companies"] == 2
    assert table.loc["ITRE", "meetings"] == 2 and table.loc["ITRE", "organisation_meetings"] == 5
    assert set(table.index) == {"ENVI", "ITRE"}


def test_integrity_watch_committees_reach_balance_as_the_file_lists_them(shared_data):
    """On the shared Integrity Watch file: the meetings per committee that balance counts are
    those a plain pandas reading of the file gives (rows with an organisation kept)."""
    import pandas as pd

    from graphkit.sources import ep_meetings

    path = shared_data / "ep-meetings" / "integritywatch-mepmeetings-2019-2022.csv"
    result = ep_meetings.read(path)
    table = balance(result.dataset, "committee").set_index("name")
    raw = pd.read_csv(path).dropna(subset=["mep", "lobbyists"])
    listed = raw["committees"].str.findall(r"'([^']+)'").explode().dropna()
    expected = listed.value_counts()
    assert set(table.index) == set(expected.index)
    # A meeting with no organisation left (only persons or job titles) is not in balance.
    assert (table["meetings"] <= expected.reindex(table.index)).all()
    assert table.loc["ENVI", "meetings"] >= 0.9 * expected["ENVI"]
