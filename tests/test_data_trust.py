"""Numbers a journalist can publish, on all of ../shared/data: one actor per organisation, one
meeting per meeting, no invented organisations, the same tables however the files come."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from graphkit.ingest import ingest
from graphkit.model.schema import TABLES
from graphkit.model.topics import topic_links, topic_nodes
from graphkit.resolution.evaluation import evaluate, read_evaluation_set, resolved_ids
from graphkit.resolution.topics import generic_title
from graphkit.sources import ec_meetings, ep_meetings, openlobby
from graphkit.workspace import Workspace

pytestmark = pytest.mark.slow  # ingests all of ../shared/data, several times

FILES = (
    "ec-meetings/ec-cabinet-meetings-2019-2023.jsonl",
    "ep-meetings/ep-export-per-attendee-2019-2024.csv",
    "ep-meetings/integritywatch-mepmeetings-2019-2022.csv",
    "openlobby/11-11-11.txt",
)


@pytest.fixture(scope="module")
def workspace(shared_data, tmp_path_factory) -> Workspace:
    workspace = Workspace(tmp_path_factory.mktemp("all") / "ws")
    ingest([shared_data], workspace)
    return workspace


@pytest.fixture(scope="module")
def dataset(workspace):
    return workspace.load()


@pytest.mark.parametrize(
    "names",
    [
        ["Bureau Européen des Unions de Consommateurs", "BEUC – The European Consumer Organisation",
         "The European Consumer Organisation - BEUC", "European Consumer Organisation (BEUC)", "BEUC"],
        ["DIGITALEUROPE", "Digital Europe"],
        ["SMEunited aisbl", "SME United"],
        ["Deutscher Gewerkschaftsbund", "DGB", "Deutscher Gewerkschaftsbund (DGB)"],
        ["Climate Action Network Europe", "CAN Europe", "Climate Action Network (CAN) Europe"],
        ["Eni S.p.A.", "Eni SpA"],
        ["European Trade Union Confederation", "ETUC"],
    ],
)  # fmt: skip
def test_each_named_organisation_is_one_actor(dataset, names):
    found = resolved_ids(dataset, names)
    assert None not in found.values(), found
    assert len(set(found.values())) == 1, found


def test_no_fragment_job_title_or_institution_is_an_organisation(dataset):
    not_organisations = ["Incorporated", "Gay", "Bisexual", "Europe", "Experts", "MEPs", "Industry",
                         "acting Director", "DG SANTE", "European Commission", "Vice President",
                         # the first words of job titles, parts of a body (2026-12-02: 52 meetings)
                         "Board", "Supervisory Board", "Executive", "Senior", "Managing", "Deputy", "Vice",
                         "Acting", "Former", "General", "Legal", "Policy", "International", "EU",
                         "activists", "Individual", "Politicians", "Abteilungsleiter"]  # fmt: skip
    assert resolved_ids(dataset, not_organisations) == dict.fromkeys(not_organisations)
    actors = dataset.actors
    organisations = actors[actors["kind"] == "organisation"]
    assert not organisations["name"].str.contains("Transparency Register Number", case=False).any()
    # Institutions have a kind of their own; persons named in job titles are kept.
    kinds = actors.set_index("name")["kind"]
    assert kinds["DG SANTE"] == kinds["European Commission"] == kinds["Council"] == "institution"
    assert kinds["Anni Sinnemäki"] == kinds["Lorenzo Repetti"] == "person"
    # A legal form says organisation (TIM S.p.A is the actor TIM: a logged merge, not one key).
    kind_of = actors.set_index("id")["kind"]
    assert {kind_of[i] for i in resolved_ids(dataset, ["TIM S.p.A", "Elisa Oyj"]).values()} == {"organisation"}


def test_no_false_merge_the_issue_found(dataset):
    found = resolved_ids(
        dataset,
        ["SOS Racisme - Touche Pas à Mon Pote", "SOS Save Our Spectrum", "BEUC", "Climate Action Network Europe",
         "European Trade Union Confederation"],
    )  # fmt: skip
    assert found["SOS Racisme - Touche Pas à Mon Pote"] != found["SOS Save Our Spectrum"]
    # The Integrity Watch cell of ten NGOs with their Register IDs is ten organisations.
    assert found["BEUC"] != found["Climate Action Network Europe"]
    actors = dataset.actors.set_index("id")
    assert actors.loc[found["BEUC"], "register_id"] == "9505781573-45"
    assert "Lorenzo Repetti" not in actors.loc[found["European Trade Union Confederation"], "name"]


def test_meetings_per_source_as_pandas_counts_them(shared_data, dataset):
    ep = pd.read_csv(shared_data / FILES[1], dtype=str, keep_default_na=False)
    identity = ["title", "member_id", "meeting_date", "member_capacity", "procedure_reference"]
    alone = ep_meetings.read(shared_data / FILES[1]).dataset
    assert len(alone.meetings) == len(ep[identity].drop_duplicates())
    # Ilan De Basso's two "Möte" meetings of 2023-03-08 stay two.
    de_basso = ep[(ep["member_name"].str.contains("DE BASSO")) & (ep["meeting_date"] == "2023-03-08")]
    assert len(de_basso[identity].drop_duplicates()) == 2
    assert alone.meetings["date"].eq("2023-03-08").sum() >= 2
    # Werner Stengg on 05/07/2023, "Artificial Intelligence": Brussels and online are two meetings.
    lines = [json.loads(line) for line in (shared_data / FILES[0]).read_text(encoding="utf-8").splitlines()]
    stengg = [r for r in lines if r["EU Member"] == ["Werner Stengg"] and r["Date"] == "05/07/2023"]
    ec = ec_meetings.read(shared_data / FILES[0]).dataset
    hosts = ec.participants[ec.participants["role"] == "host"].merge(ec.actors, left_on="actor_id", right_on="id")
    on_day = ec.meetings[ec.meetings["date"].eq("2023-07-05")]
    his = on_day[on_day["id"].isin(hosts.loc[hosts["name"] == "Werner Stengg", "meeting_id"])]
    assert len(his) == len({(r["Location"], tuple(r["Entities"]), tuple(r["Subjects"])) for r in stengg}) >= 2
    # Cross-source merges are counted where info reports them.
    merged = dataset.merges[dataset.merges["table"] == "meetings"]
    several = dataset.meetings["source"].str.contains(";")
    assert len(merged) > 0 and several.sum() > 0


def test_ingest_again_or_in_reverse_order_gives_byte_identical_tables(shared_data, workspace, tmp_path):
    def tables(ws: Workspace) -> dict[str, bytes]:
        return {t.name: (ws.tables_dir / f"{t.name}.parquet").read_bytes() for t in TABLES}

    first = tables(workspace)
    again = Workspace(tmp_path / "again")
    shutil.copytree(workspace.path, again.path, symlinks=True)
    ingest([shared_data], again)
    assert tables(again) == first
    reverse = Workspace(tmp_path / "reverse")
    for name in reversed(FILES):
        ingest([shared_data / name], reverse)
    assert tables(reverse) == first


def test_resolution_on_the_labelled_set(dataset):
    same, not_same = read_evaluation_set()
    assert same["group"].nunique() >= 80 and len(not_same) >= 40
    result = evaluate(dataset, same, not_same)
    assert result.precision >= 0.99, result.wrong
    # The recall graphkit reaches without merging on similarity alone (see the benchmark); a
    # fall below it means a rule broke.
    assert result.recall >= 0.90
    assert not result.missing or len(result.missing) <= 2
    # The number to quote: the held-out half of the labels, which no rule was tuned on.
    held_out = evaluate(dataset, same, not_same, part="held_out")
    assert held_out.precision >= 0.99, held_out.false_pairs
    assert held_out.recall >= 0.90
    tune = evaluate(dataset, same, not_same, part="tune")
    assert held_out.true_pairs + tune.true_pairs == result.true_pairs
    assert held_out.false_pairs + tune.false_pairs == result.false_pairs


RESPONSE_PAGE = """Example NGO
Lobbying Activity
Meeting with Kathleen Van Brempt (Member of the European Parliament) and Transport and Environment (European Federation for Transport and Environment)
20 Nov 2025 · Trade
Response to Civil Society Strategy
5 Sept 2025
First paragraph of the response.
Meeting with our members across Europe
12 Feb 2025 · what they told us
The last paragraph.
Read full response
Meeting with Anna\u2028Meier (Member of the European Parliament)
6 Feb 2025 · Indonesia
"""


def test_a_response_that_mentions_a_meeting_is_text_not_a_meeting(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text(RESPONSE_PAGE, encoding="utf-8")
    ds = openlobby.read(page).dataset
    assert len(ds.meetings) == 2
    assert sorted(ds.meetings["title"]) == ["Indonesia", "Trade"]
    text = ds.responses["text"].item()
    assert text.startswith("First paragraph") and text.endswith("The last paragraph.")
    assert "Meeting with our members across Europe" in text
    names = set(ds.actors["name"])
    # U+2028 inside a name is white space in it, not a line break that drops the meeting.
    assert "Anna Meier" in names
    # Never split inside brackets: one co-attending organisation, not three.
    assert "Transport and Environment (European Federation for Transport and Environment)" in names
    assert "Environment (European Federation for Transport" not in names


def test_a_files_acronym_and_title_answer_the_file_its_reference_does(dataset):
    """Issue 26: ``graphkit file DSA`` finds 2020/0361(COD) with the same meetings as its
    reference, and more than the EP export's reference alone names (title-only mentions)."""
    from graphkit.analysis.files import file_meetings

    by_reference = file_meetings(dataset, "2020/0361(COD)")[2]
    for name in ("DSA", "Digital Services Act"):
        assert set(file_meetings(dataset, name)[2]["id"]) == set(by_reference["id"])
    kinds = by_reference["how"].str.split().str[0].value_counts()
    assert kinds["reference"] >= 91 and kinds.get("title", 0) + kinds.get("acronym", 0) > 0


AUDITS = Path(__file__).parent / "data" / "resolution" / "audit"


# (seed, the non-organisations among the judged organisations when last judged): seed 1 was
# the sample the kinds step was tuned on over two rounds, seed 2 over one, seed 3 was drawn
# and judged once after the last change, so it is the estimate that holds on data nobody
# looked at (18.5 %; the bar of issue 23 is 2 %, not met).
JUDGED_AUDITS = [(1, 12 / 196), (2, 26 / 196), (3, 35 / 189)]


@pytest.mark.parametrize(("seed", "non_organisations"), JUDGED_AUDITS)
def test_the_judged_random_audits_cover_todays_draw_and_hold(workspace, seed, non_organisations):
    """``graphkit resolve --audit 200 --seed N`` on all of ../shared/data, replayed against the
    judgements in tests/data/resolution/audit (judged by hand, see its README): every drawn
    merge and organisation has a verdict (a change to resolution that draws new items must have
    them judged), at least 99 % of the merges are right, and the share of non-organisations
    among organisations is no worse than when judged."""
    from graphkit.resolution.audit import read_judgements, score_audit, workspace_audit

    judged = read_judgements(AUDITS / f"seed{seed}-judged.csv")
    score = score_audit(workspace_audit(workspace, 200, seed), judged)
    assert score.merge_verdicts.get("unjudged", 0) == 0 and score.organisation_verdicts.get("unjudged", 0) == 0
    assert score.merge_precision.share >= 0.99
    assert score.non_organisations.share <= non_organisations + 1e-9


def test_joined_names_typed_in_the_lists_are_split_only_with_evidence(dataset):
    """Integrity Watch's and the EP export's entries that join bodies ("Österreichischer
    Gewerkschaftsbund (ÖGB) und Arbeiterkammer (AK) Europa", "TCO och Saco") become the bodies,
    each logged; a legal form ("… GmbH & Co. KG") or a body's own "und" stays whole."""
    names = set(dataset.actors["name"])
    joined = "Österreichischer Gewerkschaftsbund (ÖGB) und Arbeiterkammer (AK) Europa"
    assert joined not in names and "TCO och Saco" not in names
    splits = dataset.merges[dataset.merges["table"] == "splits"]
    logged = splits[splits["from_name"] == joined]
    assert len(logged) == 1 and logged["rule"].iloc[0].startswith("split: ")
    merged = dataset.merges[dataset.merges["table"] == "actors"].set_index("from_id")["into_id"]
    parts = {merged.get(part, part) for part in logged["into_id"].iloc[0].split(";")}  # as resolved
    assert len(parts) == 2 and parts <= set(dataset.actors["id"])
    attended = dataset.participants[dataset.participants["actor_id"].isin(parts)]
    assert attended.groupby("meeting_id")["actor_id"].nunique().max() == 2  # both at one meeting
    assert {"Heckler und Koch", "Krauss-Maffei Wegmann GmbH & Co. KG"} <= names


def test_topics_are_themes_not_raw_titles(dataset):
    # Issue 26: before, 86 % of the 24,931 topics were used by one meeting and the topics used
    # by the most meetings were "General exchange of views", "Exchange of views", ...
    nodes, links = topic_nodes(dataset), topic_links(dataset)
    assert len(nodes) >= 1000  # the shared themes are still there
    meetings = links.drop_duplicates().groupby("topic_id").size().reindex(nodes["id"]).fillna(0)
    assert (meetings <= 1).mean() < 0.30
    names = nodes.set_index("id")["name"]
    top = names[meetings.sort_values(ascending=False, kind="stable").index[:20]]
    assert not [name for name in top if generic_title(name)], top.tolist()
    # Nothing lost: every title a source wrote is still a topic row, and its meetings' title.
    assert len(dataset.topics) > len(nodes) and len(dataset.meeting_topics) > len(links)
