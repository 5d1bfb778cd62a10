"""A view around one actor credits each node's meetings rightly (issue 25): clicking a
counterpart lists first exactly its meetings with the focus, named so, in real Chromium."""

from __future__ import annotations

import pytest
from browser import chromium, open_page

from graphkit.graph import GraphFilter
from graphkit.model.schema import ORGANISATION
from graphkit.synthetic import generate
from graphkit.views import network_page

pytestmark = pytest.mark.browser
READY = "window.graphkitView && window.graphkitView.ready"


def _focus_and_busy_counterpart(dataset):
    """The organisation with the most meetings, and its counterpart with the most meetings
    that are not with it (so 'all meetings' and 'meetings with the focus' differ)."""
    parts = dataset.participants
    kinds = dataset.actors.set_index("id")["kind"]
    orgs = parts[parts["actor_id"].map(kinds) == ORGANISATION]
    focus = orgs["actor_id"].value_counts().index[0]
    with_focus = set(orgs.loc[orgs["actor_id"] == focus, "meeting_id"])
    hosts = parts[(parts["role"] == "host") & parts["meeting_id"].isin(with_focus)]["actor_id"].unique()
    host_meetings = parts[parts["actor_id"].isin(hosts)].groupby("actor_id")["meeting_id"].apply(set)
    other = (host_meetings.map(len) - host_meetings.map(lambda m: len(m & with_focus))).idxmax()
    return focus, other, with_focus & host_meetings[other], host_meetings[other]


def test_a_counterparts_panel_lists_its_meetings_with_the_focus_first(tmp_path):
    dataset = generate(organisations=40, meetings=400, seed=3)
    focus, other, together, everything = _focus_and_busy_counterpart(dataset)
    assert 0 < len(together) < len(everything)
    page_file = network_page(dataset, tmp_path / "ego.html", focus=focus, depth=1,
                             filters=GraphFilter())  # fmt: skip
    names = dataset.actors.set_index("id")["name"]
    meetings = dataset.meetings.set_index("id")
    expected = sorted(
        (meetings.loc[m, "date"].strftime("%Y-%m-%d"), meetings.loc[m, "title"] or "(no title)") for m in together
    )
    with chromium() as browser, open_page(browser, page_file) as (page, log):
        page.goto(page_file.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        index = page.evaluate(f"graphkitView.nodes.find(n => n.key === {other!r}).id")
        page.evaluate(f"graphkitView.select({index}, true)")
        heading = page.text_content("#graphkit-details h3")
        assert heading.startswith(f"Meetings with {names[focus]}")
        rows = page.evaluate("""() => [...document.querySelectorAll('#graphkit-details ul.gk-with-focus li')]
            .map(li => [li.querySelector('.gk-date').textContent, li.children[1].textContent])""")
        limit = 12
        assert len(rows) == min(limit, len(expected))
        assert set(map(tuple, rows)) <= set(expected)  # every listed meeting is one with the focus
        assert [r[0] for r in rows] == sorted((d for d, _ in expected), reverse=True)[:limit]  # the latest first
        total = page.text_content("#graphkit-details details summary")
        assert total == f"All meetings ({len(everything)})"
        assert log.errors == []
