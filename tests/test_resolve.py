"""Entity resolution: Register ID, acronyms, aliases, MEP name forms, cross-source meetings;
every merge logged with its rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.ingest import ingest
from graphkit.model.ids import actor_id
from graphkit.resolution.resolve import merge_counts, resolve
from graphkit.resolution.review import candidates
from graphkit.sources import ep_meetings
from graphkit.workspace import Dataset, Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
EP = FIXTURES / "ep-export-official.csv"
IW = FIXTURES / "integritywatch-sample.csv"


def org(name: str, **extra) -> dict:
    return {"id": actor_id("organisation", name), "kind": "organisation", "name": name, **extra}


def test_beuc_and_its_full_name_merge_in_the_shared_ep_file(shared_data):
    path = shared_data / "ep-meetings" / "ep-export-per-attendee-2019-2024.csv"
    raw = pd.read_csv(path, dtype=str)
    beuc_rows = raw["attendees"].isin(["BEUC", "Bureau Européen des Unions de Consommateurs"])
    merged = resolve(ep_meetings.read(path).dataset)
    actors = merged.actors.set_index("id")
    beuc = actors[actors["acronym"] == "BEUC"]
    assert len(beuc) == 1 and beuc["name"].iloc[0] == "Bureau Européen des Unions de Consommateurs"
    assert actor_id("organisation", "BEUC") not in actors.index
    rules = merged.merges.set_index("from_name")["rule"]
    assert rules["BEUC"].startswith("acronym BEUC = Bureau Européen des Unions de Consommateurs")
    # Every meeting either name attended is now a meeting of the one organisation.
    meetings_of_beuc = merged.participants.loc[merged.participants["actor_id"] == beuc.index[0], "meeting_id"]
    assert (
        meetings_of_beuc.nunique()
        >= raw.loc[beuc_rows, ["title", "member_id", "meeting_date"]].drop_duplicates().shape[0] * 0.9
    )


def test_register_id_merges_names_that_agree_and_is_logged():
    ds = Dataset.from_records(
        actors=[org("Bureau Européen des Unions de Consommateurs", register_id="9505781573-45", source="register"),
                org("BEUC", register_id="9505781573-45", source="ep_meetings")],
        participants=[{"meeting_id": "meeting:1", "actor_id": actor_id("organisation", "BEUC"), "role": "attendee"}],
    )  # fmt: skip
    out = resolve(ds)
    assert out.actors["id"].tolist() == [actor_id("organisation", "Bureau Européen des Unions de Consommateurs")]
    assert out.participants["actor_id"].tolist() == out.actors["id"].tolist()
    assert out.merges["rule"].tolist() == ["same Register ID 9505781573-45"]


def test_a_register_id_shared_by_names_that_disagree_is_a_candidate_not_a_merge():
    # An Integrity Watch cell can put one body's Register ID beside another's name.
    ds = Dataset.from_records(
        actors=[org("Bertelsmann Stiftung", register_id="13571025706-27"),
                org("Transparency International Germany", register_id="13571025706-27")]
    )  # fmt: skip
    out = resolve(ds)
    assert len(out.actors) == 2 and out.merges.empty
    found = candidates(out)
    assert found["method"].tolist() == ["shared Register ID, different names"]
    assert found["evidence"].tolist() == ["Register ID 13571025706-27"]


def test_an_acronym_two_organisations_share_is_left_alone():
    ds = Dataset.from_records(
        actors=[org("EEB"), org("European Environmental Bureau (EEB)"), org("European Economic Board (EEB)")]
    )
    out = resolve(ds)
    assert actor_id("organisation", "EEB") in set(out.actors["id"])
    assert out.merges.empty


def test_no_merge_by_similar_names_alone():
    ds = Dataset.from_records(actors=[org("Right to Repair Europe"), org("Right to Repay Europe")])
    assert resolve(ds).merges.empty


def test_europe_in_another_language_is_the_same_name():
    ds = Dataset.from_records(actors=[org("Right to Repair Europe"), org("Right to Repair Europa")])
    assert resolve(ds).merges["rule"].tolist() == ["same name in another word order or language"]


def test_mep_name_forms_agree_across_sources(tmp_path):
    report = ingest([EP, IW], Workspace(tmp_path))
    meps = report.dataset.actors[report.dataset.actors["kind"] == "mep"]
    assert set(meps["id"]) == {"mep:axel-voss", "mep:benoit-biteau"}
    assert set(meps["ep_member_id"]) == {"96761", "197512"}


def test_mep_member_id_merges_spellings():
    ds = Dataset.from_records(
        actors=[{"id": "mep:axel-voss", "kind": "mep", "name": "Axel Voss", "ep_member_id": "96761"},
                {"id": "mep:axel-voß", "kind": "mep", "name": "Axel Voß", "ep_member_id": "96761"}],
        participants=[{"meeting_id": "meeting:1", "actor_id": "mep:axel-voss", "role": "host"}],
    )  # fmt: skip
    out = resolve(ds)
    assert out.actors["id"].tolist() == ["mep:axel-voss"]
    assert out.merges["rule"].tolist() == ["same EP member id 96761"]


def test_the_same_meeting_from_two_sources_is_one_meeting(tmp_path):
    report = ingest([EP, IW], Workspace(tmp_path))
    meetings = report.dataset.meetings
    both = meetings[meetings["source"] == "ep_meetings;integritywatch_ep"]
    # Axel Voss on 12 Oct 2022 (BEUC in both lists) and Benoît Biteau on 1 Feb 2023.
    assert sorted(both["date"].dt.strftime("%Y-%m-%d")) == ["2022-10-12", "2023-02-01"]
    merged = report.dataset.merges[report.dataset.merges["table"] == "meetings"]
    assert len(merged) == 2 and merged["rule"].str.startswith("same host and date").all()
    assert report.merges["meetings_merged"] == 2
    # The 3 Feb Integrity Watch meeting has no EP twin and stays on its own.
    assert (meetings["date"] == "2023-02-03").sum() == 1


def test_ingest_twice_changes_nothing(tmp_path):
    ws = Workspace(tmp_path)
    ingest([FIXTURES], ws)
    first = ws.load()
    again = ingest([FIXTURES], ws)
    assert ws.load().equals(first)
    assert set(again.added().values()) == {0}


def test_aliases_merge_and_hold_for_later_ingests(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "alias,canonical\nRight to Repair Europe,Right to Repair Coalition\nDIGITALEUROPE,9505781573-45\n",
        encoding="utf-8",
    )
    ws = Workspace(tmp_path / "ws")
    report = ingest([EP], ws, aliases=aliases)
    rows = report.dataset.merges.set_index("from_name")
    assert rows.loc["Right to Repair Europe", "rule"].startswith("alias (aliases.csv)")
    assert rows.loc["Right to Repair Europe", "into_id"] == actor_id(
        "organisation", "Right to Repair Coalition"
    )
    # A Register ID as the canonical: the organisation that holds it.
    holder = report.dataset.actors.loc[report.dataset.actors["register_id"] == "9505781573-45", "id"]
    assert rows.loc["DIGITALEUROPE", "into_id"] == holder.item()
    # The workspace keeps the alias rows: without the alias file, the merges still hold.
    assert Workspace(tmp_path / "ws").alias_file.exists()
    ingest([EP], ws)
    ids = set(ws.load().actors["id"])
    assert actor_id("organisation", "Right to Repair Europe") not in ids
    assert actor_id("organisation", "Right to Repair Coalition") in ids


def test_alias_file_errors_name_the_file(tmp_path):
    from graphkit.errors import SourceError

    bad = tmp_path / "aliases.csv"
    bad.write_text("name,target\nA,B\n", encoding="utf-8")
    with pytest.raises(SourceError, match=f"{bad}:1: an alias file needs a header row"):
        ingest([EP], Workspace(tmp_path / "ws"), aliases=bad)


def test_cli_info_shows_sources_resolution_and_merges(tmp_path, seed_page):
    runner = CliRunner()
    ws = ["--workspace", str(tmp_path / "ws")]
    result = runner.invoke(
        main, ["ingest", str(EP), str(IW), str(FIXTURES / "register.xml"), str(seed_page), *ws]
    )
    assert result.exit_code == 0, result.output
    info = runner.invoke(main, ["info", *ws])
    dataset = Workspace(tmp_path / "ws").load()
    counts = merge_counts(dataset)
    assert f"Organisations: {counts['organisations_before']} before entity resolution, " in info.output
    assert f"{counts['meetings_merged']} meeting(s) reported by" in info.output
    for source in ("ep_meetings", "integritywatch_ep", "openlobby"):
        assert source in info.output
    merges = runner.invoke(main, ["info", "--merges", "--json", *ws])
    listed = pd.read_json(__import__("io").StringIO(merges.output))
    assert len(listed) == len(dataset.merges)
    assert listed["rule"].str.startswith("same Register ID").any()
    # The seed page is still 18 meetings and 3 responses among the rest.
    openlobby = dataset.meetings["source"].str.contains("openlobby")
    assert openlobby.sum() == 18 and len(dataset.responses) == 3


def test_a_file_reads_the_same_whatever_else_is_ingested(tmp_path, seed_page):
    # Each file is read on its own: what the Register says never changes how a page or a list
    # splits, so the order of ingests cannot change the tables.
    one = Workspace(tmp_path / "one")
    ingest([seed_page], one)
    ingest([FIXTURES / "register.xml"], one)
    other = Workspace(tmp_path / "other")
    ingest([FIXTURES / "register.xml"], other)
    ingest([seed_page], other)
    together = Workspace(tmp_path / "together")
    ingest([FIXTURES / "register.xml", seed_page], together)
    for table in ("actors", "meetings", "participants", "merges"):
        a, b, c = (ws.tables_dir / f"{table}.parquet" for ws in (one, other, together))
        assert a.read_bytes() == b.read_bytes() == c.read_bytes(), table


def test_openlobby_repeating_ep_records_gives_one_meeting(tmp_path, seed_page):
    ep = tmp_path / "ep.csv"
    ep.write_text(
        "title,member_id,member_name,meeting_date,member_capacity,procedure_reference,attendees,lobbyist_id\n"
        # The seed page's meeting of 20 Nov 2025, same title: the same meeting id.
        'EU migration politics - state-of-play,4746,VAN BREMPT Kathleen,2025-11-20,Member,,"11.11.11",\n'
        # The seed page's meeting of 12 Feb 2025 ("EU-Mercosur Agreement"), titled otherwise by
        # the EP but with an organisation in common.
        "Mercosur,4746,VAN BREMPT Kathleen,2025-02-12,Member,,Eurogroup for Animals,\n",
        encoding="utf-8",
    )
    report = ingest([ep, seed_page], Workspace(tmp_path / "ws"))
    meetings = report.dataset.meetings.set_index(report.dataset.meetings["date"].dt.strftime("%Y-%m-%d"))
    assert meetings.loc["2025-11-20", "source"] == "ep_meetings;openlobby"
    assert meetings.loc["2025-02-12", "source"] == "ep_meetings;openlobby"
    merged = report.dataset.merges[report.dataset.merges["table"] == "meetings"]
    # Two sources never share a meeting id: resolution merges what both report, and logs it.
    assert sorted(merged["rule"]) == [
        "same host and date, shared organisations (11.11.11, Koepel van Internationale Solidariteit)",
        "same host and date, shared organisations (Eurogroup for Animals)",
    ]
    assert report.merges["meetings_merged"] == 2
    assert (report.dataset.meetings["source"].str.contains("openlobby")).sum() == 18


def test_cli_resolve_suggests_and_accepts_a_cluster(tmp_path):
    lines = [
        {"EU Member": ["Anna Meier"], "Date": "02/03/2021", "Location": "Brussels",
         "Entities": [name], "Subjects": [f"Repair {n}"]}
        for n, name in enumerate(["Right to Repair Europe", "Right to Repair Europe", "Right to Repair Eurpoe"])
    ]  # fmt: skip
    source = tmp_path / "ec.jsonl"
    source.write_text("\n".join(__import__("json").dumps(line) for line in lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    ws = ["--workspace", str(tmp_path / "ws")]
    assert runner.invoke(main, ["ingest", str(source), *ws]).exit_code == 0
    suggested = runner.invoke(main, ["resolve", "--suggest", "--json", *ws])
    assert suggested.exit_code == 0, suggested.output
    clusters = pd.read_json(__import__("io").StringIO(suggested.output))
    spelling = clusters[clusters["method"] == "close spelling"]
    assert spelling["names"].tolist() == ["Right to Repair Europe (2) | Right to Repair Eurpoe (1)"]
    accepted = runner.invoke(main, ["resolve", "--accept", spelling["cluster"].item(), *ws])
    assert accepted.exit_code == 0, accepted.output
    organisations = Workspace(tmp_path / "ws").load().actors.query("kind == 'organisation'")
    assert organisations["name"].tolist() == ["Right to Repair Europe"]
    assert "Right to Repair Eurpoe,Right to Repair Europe" in (tmp_path / "ws" / "aliases.csv").read_text()
    # The same decision holds for the next ingest, and an unknown cluster is refused clearly.
    assert runner.invoke(main, ["ingest", str(source), *ws]).exit_code == 0
    assert len(Workspace(tmp_path / "ws").load().actors.query("kind == 'organisation'")) == 1
    unknown = runner.invoke(main, ["resolve", "--accept", "00000000", *ws])
    assert unknown.exit_code == 1 and "no suggested cluster 00000000" in unknown.output
