"""``graphkit report NAME --html/--md``: the dossier's figures are the CLI's figures, and no text
from the data becomes markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from graphkit.analysis import centrality, communities, community_summary
from graphkit.analysis.hypergraph import build_hypergraph, hypergraph_centrality
from graphkit.analysis.profile import profile
from graphkit.cli import main
from graphkit.graph import build_graph
from graphkit.ingest import ingest
from graphkit.model.schema import TABLES
from graphkit.model.tables import Dataset
from graphkit.reports import dossier, dossier_html, dossier_markdown
from graphkit.reports.ego import ego_network
from graphkit.reports.page import cell_text
from graphkit.synthetic import generate
from graphkit.workspace import Workspace

SEED = "organisation:11-11-11-koepel-van-internationale-solidariteit"
HOSTILE = "</title><script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) *b* | &amp;"


class Tables(HTMLParser):
    """The text of every table cell, by the id of the section around the table; SVG bars too."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.section = ""
        self.tables: dict[str, list[list[str]]] = {}
        self.bars: list[tuple[str, int]] = []
        self.ego: dict[str, str] = {}  # data-id -> label of each ego-network node
        self.node: str | None = None
        self.label: list[str] | None = None
        self.cell: list[str] | None = None
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attributes = dict(attrs)
        if tag == "section":
            self.section = attributes.get("id") or ""
        elif tag == "tr":
            self.tables.setdefault(self.section, []).append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "rect":
            self.bars.append((attributes["data-month"], int(attributes["data-meetings"])))
        elif tag == "g" and self.section == "ego":
            self.node = attributes["data-id"]
        elif tag == "text" and self.node is not None:
            self.label = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.section][-1].append("".join(self.cell))
            self.cell = None
        elif tag == "text" and self.label is not None:
            self.ego[self.node] = "".join(self.label)
            self.label = None
        elif tag == "g":
            self.node = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if self.label is not None:
            self.label.append(data)


def parse(html: str) -> Tables:
    parser = Tables()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def seed_dataset(tmp_path_factory, seed_page) -> Dataset:
    workspace = Workspace(tmp_path_factory.mktemp("dossier") / "ws")
    ingest([seed_page], workspace)
    return workspace.load()


def hostile_dataset() -> Dataset:
    ds = generate(organisations=40, meetings=150, seed=2)
    actors, meetings = ds.actors.copy(), ds.meetings.copy()
    busiest = ds.participants[ds.participants["role"] == "attendee"]["actor_id"].value_counts().index[0]
    actors.loc[actors["id"] == busiest, "name"] = HOSTILE
    actors.loc[actors["id"] == busiest, "description"] = HOSTILE
    own = ds.participants.loc[ds.participants["actor_id"] == busiest, "meeting_id"]
    meetings.loc[meetings["id"].isin(own), "title"] = HOSTILE
    frames = {t.name: ds.table(t.name) for t in TABLES}
    return Dataset.from_frames({**frames, "actors": actors, "meetings": meetings})


def body_rows(tables: Tables, section: str) -> list[list[str]]:
    return tables.tables[section][1:]  # the first row is the header


def test_the_page_shows_the_figures_of_the_cli_functions(seed_dataset):
    d = dossier(seed_dataset, "11.11.11", top=20)
    tables = parse(dossier_html(d))
    # graphkit report's profile: counterparts and co-attendees with counts and first/last dates.
    expected = profile(seed_dataset, SEED, top=20).sections
    for section, key in (
        ("counterparts", "counterparts"),
        ("co-attendees", "co_attendees"),
        ("topics", "topics"),
    ):
        frame = expected[key].drop(columns=[c for c in ("id",) if c in expected[key]])
        if frame.empty:  # the page leaves an empty section out (the example's titles are all one meeting's)
            assert section not in tables.tables
            continue
        assert body_rows(tables, section) == [
            [cell_text(v) for v in row] for row in frame.itertuples(index=False)
        ]
    assert body_rows(tables, "responses") == [
        [cell_text(v) for v in row] for row in expected["responses"].itertuples(index=False)
    ]
    # graphkit centrality on org-counterpart: value and rank of each measure.
    graph = build_graph(seed_dataset, "org-counterpart")
    ranks = {row[0].split(" (")[0].lower(): row for row in body_rows(tables, "ranks")}
    for measure in ("degree", "pagerank", "betweenness"):
        table = centrality(graph, measure)
        mine = table[table["id"] == SEED].iloc[0]
        assert ranks[measure][1:] == [cell_text(float(mine[measure])), str(mine["rank"]), str(len(table))]
    # graphkit hypergraph --measure degree / hypercoreness (--kind organisation, its default).
    hg = build_hypergraph(seed_dataset)
    for measure, shown in (("degree", "hypergraph degree"), ("hypercoreness", "hypercoreness")):
        table = hypergraph_centrality(hg, measure, kinds=("organisation",))
        mine = table[table["id"] == SEED].iloc[0]
        assert ranks[shown][1:] == [cell_text(float(mine[measure])), str(mine["rank"]), str(len(table))]
    assert len(ranks) == 5
    # graphkit communities on org-org (its default projection and seed): the community and its members.
    coalitions = build_graph(seed_dataset, "org-org")
    frame = communities(coalitions, seed=0)
    number = int(frame.loc[frame["id"] == SEED, "community"].iloc[0])
    members = frame[frame["community"] == number]
    assert d.community["size"] == len(members)
    assert {row[0] for row in body_rows(tables, "community")} == set(members["name"].head(25)) | set(
        d.community["members"]["name"].head(25)
    )
    assert {row[0] for row in body_rows(tables, "community")} <= set(members["name"])
    summary = community_summary(coalitions, frame, seed_dataset)
    assert d.community["name"] == summary.loc[summary["community"] == number, "largest"].iloc[0]
    # Meetings per month: the bars add up to the meetings, month by month.
    months = seed_dataset.meetings["date"].dt.strftime("%Y-%m").value_counts()
    bars = dict(tables.bars)
    assert sum(bars.values()) == len(seed_dataset.meetings) == 18
    assert {m: n for m, n in bars.items() if n} == months.to_dict()
    # Sources: the actor, each of its 18 meetings and 3 responses, with file and line.
    sources = body_rows(tables, "sources")
    assert [row[0] for row in sources].count("meeting") == 18
    assert [row[0] for row in sources].count("response") == 3
    assert all(row[4].startswith("11-11-11.txt:") for row in sources if row[0] in ("meeting", "response"))


def test_the_ego_network_shows_the_top_counterparts_and_co_attendees(seed_dataset):
    tables = parse(dossier_html(dossier(seed_dataset, "11.11.11", top=20)))
    sections = profile(seed_dataset, SEED, top=20).sections
    others = pd.concat([sections["counterparts"], sections["co_attendees"]], ignore_index=True)
    others = others.sort_values("meetings", ascending=False, kind="stable").head(39)
    assert len(others) > 10
    expected = {SEED: profile(seed_dataset, SEED).actor["name"], **dict(zip(others["id"], others["name"], strict=True))}
    assert tables.ego == expected
    # Every link drawn is a meeting between two of them, and the actor links to each.
    html = dossier_html(dossier(seed_dataset, "11.11.11", top=20))
    ego_part = html[html.index('<section id="ego">'):html.index("</section>", html.index('<section id="ego">'))]
    assert ego_part.count("<line") >= len(others)
    # At most `limit` nodes: the actor and those with most meetings.
    small = ego_network(seed_dataset, SEED, sections, limit=5)
    assert set(small) == {SEED, *others["id"].head(4)}


def test_an_mep_dossier_ranks_and_lists_who_met_them(seed_dataset):
    d = dossier(seed_dataset, "Kathleen Van Brempt")
    tables = parse(dossier_html(d))
    met = profile(seed_dataset, "Kathleen Van Brempt").sections["counterparts"]
    assert [row[0] for row in body_rows(tables, "counterparts")] == met["name"].tolist()
    # Hypergraph ranks among MEPs, as graphkit hypergraph --kind mep gives them.
    ranks = {row[0].split(" (")[0].lower(): row for row in body_rows(tables, "ranks")}
    table = hypergraph_centrality(build_hypergraph(seed_dataset), "hypercoreness", kinds=("mep",))
    mine = table[table["id"] == d.actor["id"]].iloc[0]
    assert ranks["hypercoreness"][1:] == [cell_text(float(mine["hypercoreness"])), str(mine["rank"]), str(len(table))]
    assert d.community["projection"] == "org-counterpart"
    assert "co-attendees" not in tables.tables  # an MEP has none: the empty section is left out


def test_html_escapes_every_text_and_has_no_script(tmp_path):
    ds = hostile_dataset()
    html = dossier_html(dossier(ds, HOSTILE))
    tables = parse(html)
    assert set(tables.tags) <= {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "dl", "dt", "dd", "p", "main",
        "section", "h2", "svg", "line", "text", "rect", "g", "circle", "table", "thead", "tbody", "tr", "th", "td", "footer",
    }  # fmt: skip
    assert "<script" not in html and "<img" not in html
    assert any(HOSTILE in row for row in body_rows(tables, "meetings"))
    assert HOSTILE in tables.ego.values()  # the actor's own label in the ego network, as text
    sections = profile(ds, HOSTILE).sections
    assert len(tables.ego) == 1 + len(sections["counterparts"]) + len(sections["co_attendees"])


def test_markdown_escapes_every_text(tmp_path):
    ds = hostile_dataset()
    text = dossier_markdown(dossier(ds, HOSTILE))
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    for tag in ("<script", "<img", "<a ", "<em>"):
        assert tag not in rendered
    assert text.splitlines()[0].startswith("# ")
    tables = parse(rendered)
    assert tables.tags.count("table") >= 4
    # The name comes back as the text it is once Markdown is rendered.
    title = MarkdownIt("commonmark", {"html": True}).render(text.splitlines()[0])
    parsed = HTMLParser(convert_charrefs=True)
    seen: list[str] = []
    parsed.handle_data = seen.append
    parsed.feed(title)
    assert "".join(seen).strip() == HOSTILE


def test_report_writes_html_and_markdown(tmp_path, seed_page):
    workspace = tmp_path / "ws"
    ingest([seed_page], Workspace(workspace))
    html, md = tmp_path / "d.html", tmp_path / "d.md"
    result = CliRunner().invoke(
        main, ["report", "11.11.11", "--workspace", str(workspace), "--html", str(html), "--md", str(md)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {html}" in result.output and f"wrote {md}" in result.output
    assert "Content-Security-Policy" in html.read_text(encoding="utf-8")
    assert md.read_text(encoding="utf-8").startswith("# 11.11.11, Koepel")
    page = parse(html.read_text(encoding="utf-8"))
    assert len(body_rows(page, "counterparts")) == len(
        profile(Workspace(workspace).load(), SEED).sections["counterparts"]
    )
    pd.testing.assert_frame_equal(
        pd.DataFrame(page.bars, columns=["month", "meetings"]).query("meetings > 0").reset_index(drop=True),
        dossier(Workspace(workspace).load(), SEED).per_month.query("meetings > 0").reset_index(drop=True),
        check_dtype=False,
    )


def test_dossier_of_an_unknown_name_is_one_clear_line(tmp_path, seed_page):
    workspace = tmp_path / "ws"
    ingest([seed_page], Workspace(workspace))
    result = CliRunner().invoke(
        main, ["report", "Nobody At All", "--workspace", str(workspace), "--html", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error:")
    assert not (tmp_path / "x.html").exists()


def test_an_unwritable_dossier_is_one_clear_line(tmp_path, seed_page):
    workspace = tmp_path / "ws"
    ingest([seed_page], Workspace(workspace))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = blocker / "d.html"
    result = CliRunner().invoke(
        main, ["report", "11.11.11", "--workspace", str(workspace), "--html", str(out)]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot write {out}: ") and len(result.output.splitlines()) == 1
