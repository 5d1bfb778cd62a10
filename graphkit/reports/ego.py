"""The actor's ego network as a static inline SVG: no script, no request, every label escaped.

The nodes are the actor and its top counterparts and co-attending organisations (the rows of
``graphkit report``'s profile), the links every meeting link between them; positions come from
the views' own layout (:func:`graphkit.views.layout.layout_positions`) and colours by kind are
the views' colours.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
from markupsafe import Markup, escape

from graphkit.graph import build_graph
from graphkit.model.tables import Dataset
from graphkit.views.html import KIND_COLOURS, OTHER_COLOUR
from graphkit.views.layout import layout_positions

EGO_NODES = 40
WIDTH, HEIGHT, MARGIN = 720, 520, 24
# Labels sit right of their node: room for a long name at the right edge.
LABEL_ROOM = 170
# Where the links come from: organisation–MEP/official meetings and co-attendance.
LINK_PROJECTIONS = ("org-counterpart", "org-org")


def ego_network(dataset: Dataset, actor_id: str, sections: dict[str, pd.DataFrame], *, limit: int = EGO_NODES
                ) -> nx.Graph:
    """The actor and at most ``limit - 1`` of its counterparts and co-attendees (most meetings
    first, from a profile's ``counterparts`` and ``co_attendees`` sections), with the links of the
    ``org-counterpart`` and ``org-org`` graphs between them (``weight`` = meetings).

    >>> from pathlib import Path
    >>> from graphkit.analysis.profile import profile
    >>> from graphkit.sources import openlobby
    >>> ds = openlobby.read(Path("examples/openlobby/11-11-11.txt")).dataset
    >>> p = profile(ds, "11.11.11")
    >>> ego = ego_network(ds, p.actor["id"], p.sections)
    >>> ego.number_of_nodes() <= EGO_NODES, ego.degree(p.actor["id"]) == ego.number_of_nodes() - 1
    (True, True)
    """
    others = pd.concat(
        [sections[key][["id", "meetings"]] for key in ("counterparts", "co_attendees") if key in sections],
        ignore_index=True,
    )
    others = others[others["id"] != actor_id].sort_values("meetings", ascending=False, kind="stable")
    chosen = [actor_id, *others["id"].drop_duplicates().head(max(limit - 1, 0))]
    ego = nx.Graph()
    for projection in LINK_PROJECTIONS:
        graph = build_graph(dataset, projection)
        present = [node for node in chosen if node in graph]
        ego = nx.compose(ego, graph.subgraph(present).copy())
    ego.add_nodes_from(node for node in chosen if node not in ego)
    return ego


def ego_svg(ego: nx.Graph, actor_id: str, *, label: str = "Ego network") -> Markup:
    """An ``<svg>`` of ``ego``: one ``<line>`` per link, one ``<g data-id data-kind>`` per node with
    a ``<circle>`` (the actor larger) and its name as ``<text>``, all escaped.

    >>> g = nx.Graph([("a", "b")])
    >>> nx.set_node_attributes(g, {"a": {"name": "<A>", "kind": "organisation"}, "b": {"name": "B", "kind": "mep"}})
    >>> svg = ego_svg(g, "a")
    >>> svg.count("<circle"), svg.count("<line"), "&lt;A&gt;" in svg and "<A>" not in svg
    (2, 1, True)
    """
    if ego.number_of_nodes() == 0:
        return Markup("")
    positions = layout_positions(ego, seed=7)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    span_x, span_y = max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)
    scale = min((WIDTH - 2 * MARGIN - LABEL_ROOM) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    off_x = MARGIN + (WIDTH - 2 * MARGIN - LABEL_ROOM - span_x * scale) / 2
    off_y = MARGIN + (HEIGHT - 2 * MARGIN - span_y * scale) / 2

    def at(node: object) -> tuple[float, float]:
        x, y = positions[node]
        return off_x + (x - min(xs)) * scale, off_y + (y - min(ys)) * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ego" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    for a, b, data in ego.edges(data=True):
        (x1, y1), (x2, y2) = at(a), at(b)
        width = min(1.0 + float(data.get("weight", 1) or 1) / 2, 4.0)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#bbb" '
            f'stroke-width="{width:.1f}"/>'
        )
    # The actor last, so it is drawn on top.
    for node in sorted(ego.nodes, key=lambda n: n == actor_id):
        attributes = ego.nodes[node]
        name = str(attributes.get("name") or node)
        kind = str(attributes.get("kind") or "")
        x, y = at(node)
        radius = 10 if node == actor_id else 6
        parts.append(
            f'<g data-id="{escape(str(node))}" data-kind="{escape(kind)}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{KIND_COLOURS.get(kind, OTHER_COLOUR)}" '
            'stroke="#fff" stroke-width="1.5"/>'
            f'<text x="{x + radius + 2:.1f}" y="{y + 3:.1f}" font-size="{11 if node == actor_id else 9}">'
            f"{escape(name)}</text>"
            f"<title>{escape(name)} ({escape(kind)})</title></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
