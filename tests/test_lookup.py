"""Finding an actor from what a user types: ranking, "did you mean", --all, the id escape and near misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.errors import GraphkitError
from graphkit.ingest import ingest
from graphkit.model.tables import Dataset
from graphkit.workspace import Workspace
from graphkit.workspace.lookup import find_actor, find_actors, match_actor

# Meetings per actor, chosen so that ranking by meetings and listing order differ.
MEETINGS = {
    "organisation:greenpeace-eu": 12,
    "organisation:greenpeace-nordic": 3,
    "organisation:greenpeace-spain": 7,
    "organisation:greenpeace-france": 1,
    "organisation:efa": 20,
    "organisation:ega": 2,
    "organisation:beuc": 5,
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    actors = [
        {"id": "organisation:greenpeace-france", "kind": "organisation", "name": "Greenpeace France"},
        {"id": "organisation:greenpeace-nordic", "kind": "organisation", "name": "Greenpeace Nordic"},
        {"id": "organisation:greenpeace-eu", "kind": "organisation", "name": "Greenpeace European Unit"},
        {"id": "organisation:greenpeace-spain", "kind": "organisation", "name": "Greenpeace Spain"},
        {"id": "organisation:ega", "kind": "organisation", "name": "Eurogroup for Animal"},
        {"id": "organisation:efa", "kind": "organisation", "name": "Eurogroup for Animals"},
        {"id": "organisation:beuc", "kind": "organisation", "name": "BEUC", "acronym": "BEUC"},
        # A name that is another actor's id: the id must still win.
        {"id": "organisation:impostor", "kind": "organisation", "name": "organisation:beuc"},
        {"id": "mep:kathleen-van-brempt", "kind": "mep", "name": "Kathleen Van Brempt"},
    ]
    participants = [
        {"meeting_id": f"meeting:{actor}-{n}", "actor_id": actor, "role": "attendee"}
        for actor, count in MEETINGS.items()
        for n in range(count)
    ]
    return Dataset.from_records(actors=actors, participants=participants)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, seed_page: Path) -> Workspace:
    workspace = Workspace(tmp_path_factory.mktemp("lookup") / "ws")
    ingest([seed_page], workspace)
    return workspace


def _run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


# --- the library, on a small dataset ----------------------------------------------------------


def test_a_typo_gets_did_you_mean_with_the_right_actor_first(dataset: Dataset) -> None:
    with pytest.raises(GraphkitError, match="no actor matches 'Greenpece'") as err:
        find_actor(dataset, "Greenpece")
    suggested = str(err.value).split("did you mean ", 1)[1]
    assert suggested.startswith("Greenpeace European Unit (organisation:greenpeace-eu, 12 meetings)")
    with pytest.raises(GraphkitError, match="did you mean Kathleen Van Brempt"):
        find_actor(dataset, "Kathleen van Bremt")
    # Nothing spelled like it at all: no suggestion, just the rule.
    with pytest.raises(GraphkitError) as err:
        find_actor(dataset, "Zzyzx Qwv")
    assert "did you mean" not in str(err.value)


def test_ambiguous_names_rank_the_most_meetings_first(dataset: Dataset) -> None:
    found = find_actors(dataset, "greenpeace")
    assert found["id"].tolist() == [
        "organisation:greenpeace-eu",
        "organisation:greenpeace-spain",
        "organisation:greenpeace-nordic",
        "organisation:greenpeace-france",
    ]
    assert found["meetings"].tolist() == [12, 7, 3, 1]
    with pytest.raises(GraphkitError) as err:
        find_actor(dataset, "greenpeace", hint="--all lists every candidate")
    assert str(err.value).startswith(
        "'greenpeace' is ambiguous (4 candidates): Greenpeace European Unit (organisation:greenpeace-eu, 12 meetings)"
    )
    assert "--all" not in str(err.value)  # every candidate was shown: nothing left to list
    match = match_actor(dataset, "greenpeace")
    short = match.problem(shown=2, hint="--all lists every candidate")
    assert short.endswith(
        "Greenpeace Spain (organisation:greenpeace-spain, 7 meetings) and 2 more; --all lists every candidate"
    )


def test_an_exact_id_wins(dataset: Dataset) -> None:
    # "organisation:beuc" is also the impostor's name; and BEUC's own name is exact too.
    found = match_actor(dataset, "organisation:beuc")
    assert found.actor["id"] == "organisation:beuc" and found.note is None
    assert (
        find_actor(dataset, "organisation:ega")["id"] == "organisation:ega"
    )  # despite the closer-sized rival


def test_a_near_miss_says_what_it_took(dataset: Dataset) -> None:
    notes: list[str] = []
    taken = find_actor(dataset, "Eurogroup for Animal", notify=notes.append)
    assert taken["id"] == "organisation:efa"
    assert notes == [
        "taking Eurogroup for Animals (organisation:efa, 20 meetings) for 'Eurogroup for Animal'; "
        "also Eurogroup for Animal (organisation:ega, 2 meetings)"
    ]
    # Nobody to tell (a query parameter, a view's focus): the candidates, not a silent pick.
    with pytest.raises(GraphkitError, match="close to several actors: Eurogroup for Animals"):
        find_actor(dataset, "Eurogroup for Animal")
    # A plain exact match with no near-identical rival is taken silently.
    notes.clear()
    assert (
        find_actor(dataset, "Greenpeace Nordic", notify=notes.append)["id"]
        == "organisation:greenpeace-nordic"
    )
    assert notes == []


# --- through the CLI, on the bundled 11.11.11 page --------------------------------------------


def test_cli_typo_gets_did_you_mean(workspace: Workspace) -> None:
    result = _run("report", "Kathleen van Bremt", "--workspace", str(workspace.path))
    assert result.exit_code == 1
    assert "no actor matches 'Kathleen van Bremt'" in result.output
    assert "did you mean Kathleen Van Brempt (mep:kathleen-van-brempt, 8 meetings)" in result.output


def test_cli_ambiguous_ranks_by_meetings_and_all_lists_every_candidate(workspace: Workspace) -> None:
    ws = ["--workspace", str(workspace.path)]
    ambiguous = _run("report", "e", *ws)  # in nearly every name on the page
    assert ambiguous.exit_code == 1
    assert "'e' is ambiguous" in ambiguous.output
    listed = ambiguous.output.split("candidates): ", 1)[1]
    assert listed.startswith(
        "11.11.11, Koepel van Internationale Solidariteit "
        "(organisation:11-11-11-koepel-van-internationale-solidariteit, 18 meetings), "
        "Kathleen Van Brempt (mep:kathleen-van-brempt, 8 meetings)"
    )
    assert "more; graphkit report --all e lists every candidate" in ambiguous.output
    every = _run("report", "e", "--all", "--json", *ws)
    assert every.exit_code == 0, every.output
    rows = json.loads(every.output)
    expected = find_actors(workspace.load(), "e")
    assert [row["id"] for row in rows] == expected["id"].tolist() and len(rows) > 10
    assert rows[1]["id"] == "mep:kathleen-van-brempt"
    meetings = [row["meetings"] for row in rows]
    assert meetings == sorted(meetings, reverse=True)
    similar = _run("similar", "e", "--all", "--csv", *ws)
    assert similar.exit_code == 0, similar.output
    assert len(similar.output.strip().splitlines()) == len(rows) + 1


def test_cli_exact_id_and_near_miss(workspace: Workspace) -> None:
    ws = ["--workspace", str(workspace.path)]
    by_id = _run("report", "organisation:eurogroup-for-animals", "--json", *ws)
    assert by_id.exit_code == 0, by_id.output
    assert json.loads(by_id.output)["actor"]["name"] == "Eurogroup for Animals"
    near = _run("similar", "Eurogroup for Animal", "--csv", *ws)
    assert near.exit_code == 0, near.output
    assert (
        "taking Eurogroup for Animals (organisation:eurogroup-for-animals, 1 meeting) for 'Eurogroup for Animal'"
        in near.output
    )


def test_an_exact_name_with_bigger_names_around_it_says_so() -> None:
    ds = Dataset.from_records(
        actors=[
            {"id": "organisation:gp", "kind": "organisation", "name": "Greenpeace"},
            {"id": "organisation:gp-eu", "kind": "organisation", "name": "Greenpeace European Unit"},
        ],
        participants=[
            {"meeting_id": f"meeting:{n}", "actor_id": "organisation:gp-eu", "role": "host"} for n in range(4)
        ],
    )
    notes: list[str] = []
    assert find_actor(ds, "Greenpeace", notify=notes.append)["id"] == "organisation:gp"
    assert notes == [
        "taking Greenpeace (organisation:gp, 0 meetings) for 'Greenpeace'; of 1 other candidate(s), "
        "the most met is Greenpeace European Unit (organisation:gp-eu, 4 meetings)"
    ]
    assert find_actor(ds, "Greenpeace")["id"] == "organisation:gp"  # no one to tell: the exact one, as before
    assert find_actors(ds, "Greenpeace")["id"].tolist() == ["organisation:gp-eu", "organisation:gp"]
