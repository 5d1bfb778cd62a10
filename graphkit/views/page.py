"""A workspace's network as one page: the library call behind ``graphkit view``."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graphkit.analysis import centrality, communities
from graphkit.errors import GraphkitError
from graphkit.graph import GraphFilter, build_graph
from graphkit.graph.filters import subset
from graphkit.model.tables import Dataset
from graphkit.views.credits import filters_text, source_names
from graphkit.views.html import simple_graph, to_html
from graphkit.views.meetings import node_meetings
from graphkit.workspace.lookup import find_actor

DEFAULT_PROJECTION = "org-counterpart"
# A page's default title, which its PNG and SVG exports print too: what the picture shows, in words.
PROJECTION_TITLES = {
    "meetings": "Meetings: organisations, the MEPs and officials they met, and the topics",
    "org-counterpart": "Organisations and the MEPs and Commission officials they met",
    "org-mep": "Organisations and the MEPs they met",
    "org-official": "Organisations and the Commission officials they met",
    "org-topic": "Organisations and the topics of their meetings",
    "org-org": "Organisations that attended the same meetings",
    "mep-mep": "MEPs who met the same organisations",
    "official-official": "Commission officials who met the same organisations",
}


def network_page(
    dataset: Dataset,
    output: str | Path,
    *,
    projection: str = DEFAULT_PROJECTION,
    filters: GraphFilter | None = None,
    measure: str = "pagerank",
    colour: str = "kind",
    top: int | None = None,
    focus: str | None = None,
    depth: int = 2,
    title: str | None = None,
) -> Path:
    """Write the interactive page of ``dataset``'s ``projection`` graph to ``output``.

    The graph, the sizes, the communities and every meeting the page lists (tooltips, side
    panel, date slider) come from the same filtered meetings: one filter
    (:func:`graphkit.graph.filters.select`) decides what the page holds, as it does for an
    export of the same filters.

    Parameters
    ----------
    dataset
        The workspace's tables (``Workspace.load()``).
    output
        The HTML file to write (replaced atomically).
    projection, filters
        Which graph, and which meetings and actors it is built from.
    measure
        The centrality that sizes the nodes and ranks them for ``top``.
    colour
        ``"kind"`` or ``"community"``.
    top, focus, depth
        Keep the ``top`` most central nodes, or ``focus``'s neighbourhood (an id, Register ID,
        name or acronym) ``depth`` steps out.
    title
        The page's title, printed on its exports too (default: what the page shows, in words:
        :data:`PROJECTION_TITLES`).

    Returns
    -------
    Path
        ``output``.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.synthetic import generate
    >>> ds = generate(organisations=30, meetings=80, seed=2)
    >>> out = network_page(ds, Path(tempfile.mkdtemp()) / "ep.html", filters=GraphFilter(institution="EP"))
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    output = Path(output)
    graph = build_graph(dataset, projection, filters=filters)
    if graph.number_of_nodes() == 0:
        raise GraphkitError(f"the {projection} graph is empty for these filters (ingest records first?)")
    focus_id = None
    if focus is not None:
        actor = find_actor(dataset, focus)
        focus_id = actor["id"]
        if focus_id not in graph:
            raise GraphkitError(f"{actor['name']} ({focus_id}) has no links in the {projection} graph")
    # Measures need one undirected edge per pair; the meetings graph has one per meeting.
    analysed = nx.Graph(simple_graph(graph)[0]) if graph.is_multigraph() else graph
    sizes = centrality(analysed, measure)
    groups = communities(analysed) if colour == "community" else None
    # The meeting graph carries its own meetings on its edges; the others get the filtered ones.
    scoped = subset(dataset, filters)
    meetings = None if projection == "meetings" else node_meetings(scoped, graph.nodes)
    if title is None:
        title = PROJECTION_TITLES.get(projection, f"The {projection} network") + (
            f", around {graph.nodes[focus_id]['name']}" if focus_id else ""
        )
    to_html(
        graph,
        output,
        size_by=sizes,
        colour_by=colour,
        communities=groups,
        meetings=meetings,
        top=top,
        focus=focus_id,
        depth=depth,
        title=title,
        sources=source_names(scoped.meetings["source"]) if "source" in scoped.meetings.columns else None,
        filters_note=filters_text(filters),
    )
    return output
