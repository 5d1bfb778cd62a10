"""The view as a pyvis network, for notebooks: graphkit's positions, colours, sizes and titles."""

from __future__ import annotations

import json
import re
from typing import Any

import jinja2
import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.views.html import to_html

# pyvis's page template loads Bootstrap from a CDN whatever ``cdn_resources`` says (it only
# styles the heading), and its "local" and "remote" branches load vis-network from one: every
# element that loads a file from the network is dropped, and "in_line" puts vis-network inline.
_REMOTE_ELEMENT = re.compile(
    r"<link\b[^>]*\bhref=\"https?://[^>]*>|<script\b[^>]*\bsrc=\"https?://[^>]*>\s*</script>", re.DOTALL
)
_REMOTE_REFERENCE = re.compile(r"\b(?:src|href)=\"https?://")
OFFLINE_TEMPLATE = "graphkit-offline.html"


def to_pyvis(graph: nx.Graph, **options: Any) -> Any:
    """``graph`` as a :class:`pyvis.network.Network` laid out and coloured as graphkit draws it.

    The nodes carry graphkit's positions (physics off), colours, sizes and labels; each node's
    ``title`` (vis-network's tooltip) is its name and kind as plain text: vis-network 9 shows a
    text title as text (``innerText``), so a hostile name shows as written, and a name with an
    apostrophe is not escaped twice. ``network.show("view.html")`` writes a page that opens
    offline (vis-network inline, no file from a CDN) and, in a notebook, shows it; or tune the
    view with pyvis's own options. :func:`graphkit.views.to_html` writes the full page.

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
    '<b>A</b> · Organisation'
    >>> network.options["physics"]["enabled"], len(network.edges)
    (False, 1)
    >>> _REMOTE_REFERENCE.findall(network.generate_html(notebook=True))  # nothing loaded from a CDN
    []
    """
    from pyvis.network import Network

    page = to_html(graph, **options)
    start = page.index('id="graphkit-data">') + len('id="graphkit-data">')
    data = json.loads(page[start : page.index("</script>", start)])
    # notebook=True loads the template that show() (notebook=True by default) renders.
    network = Network(directed=data["directed"], cdn_resources="in_line", notebook=True)
    _offline(network)
    network.nodes = [
        {
            "id": node["key"],
            "label": node["label"],
            "title": f"{node['name']} · {node['kindLabel']}",
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


def _offline(network: Any) -> None:
    """Point ``network`` at pyvis's template without the elements that load files from a CDN."""
    loader = network.templateEnv.loader
    source = loader.get_source(network.templateEnv, network.path)[0]
    offline = _REMOTE_ELEMENT.sub("", source)
    if _REMOTE_REFERENCE.search(offline):
        raise GraphkitError("pyvis's page template loads a file from the network that graphkit cannot remove")
    network.templateEnv = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.DictLoader({OFFLINE_TEMPLATE: offline}), loader])
    )
    network.path = OFFLINE_TEMPLATE
    network.template = network.templateEnv.get_template(OFFLINE_TEMPLATE)
