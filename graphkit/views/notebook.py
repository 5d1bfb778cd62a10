"""The view as a pyvis network, for notebooks: graphkit's positions, colours, sizes and titles."""

from __future__ import annotations

import html
import json
from typing import Any

import networkx as nx

from graphkit.views.html import to_html


def to_pyvis(graph: nx.Graph, **options: Any) -> Any:
    """``graph`` as a :class:`pyvis.network.Network` laid out and coloured as graphkit draws it.

    The nodes carry graphkit's positions (physics off), colours, sizes and labels; each node's
    ``title`` (vis-network's tooltip, which it shows as HTML) is its name and kind, HTML-escaped,
    so a hostile name shows as text. Use it in a notebook (``network.show("view.html")``) or to
    tune a view with pyvis's own options; :func:`graphkit.views.to_html` writes the full page.

    Parameters
    ----------
    graph
        Any networkx graph.
    **options
        What :func:`graphkit.views.to_html` takes to choose and size the nodes: ``size_by``,
        ``colour_by``, ``communities``, ``top``, ``focus``, ``depth``.

    Returns
    -------
    pyvis.network.Network
        Its ``nodes`` and ``edges`` lists are filled (in bulk: pyvis's ``add_edge`` scans every
        edge it holds).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("organisation:a", kind="organisation", name="<b>A</b>")
    >>> g.add_edge("organisation:a", "mep:b", meetings=3)
    >>> network = to_pyvis(g)
    >>> network.nodes[0]["title"]
    '&lt;b&gt;A&lt;/b&gt; · Organisation'
    >>> network.options["physics"]["enabled"], len(network.edges)
    (False, 1)
    """
    from pyvis.network import Network

    page = to_html(graph, **options)
    start = page.index('id="graphkit-data">') + len('id="graphkit-data">')
    data = json.loads(page[start : page.index("</script>", start)])
    network = Network(directed=data["directed"], cdn_resources="in_line", notebook=False)
    network.nodes = [
        {
            "id": node["key"],
            "label": node["label"],
            "title": html.escape(f"{node['name']} · {node['kindLabel']}"),
            "x": node["x"],
            "y": node["y"],
            "size": 6 + 24 * node.get("value", 0.0),
            "color": node["color"],
            "kind": node["kind"],
        }
        for node in data["nodes"]
    ]
    network.node_ids = [node["id"] for node in network.nodes]
    network.node_map = {node["id"]: node for node in network.nodes}
    keys = [node["key"] for node in data["nodes"]]
    network.edges = [
        {"from": keys[edge["from"]], "to": keys[edge["to"]], "value": edge.get("w", 1), "title": f"{edge.get('w', 1)} meetings"}
        for edge in data["edges"]
    ]
    network.options = {"physics": {"enabled": False}, "layout": {"improvedLayout": False}, "nodes": {"shape": "dot"}}
    return network
