"""A coalition map: organisations that show up at the same meetings, coloured by community, as
one offline HTML page (coalitions.html) and a GEXF file for Gephi (coalitions.gexf).

    python examples/coalition_map.py [WORKSPACE]
"""

from _workspace import workspace

from graphkit.analysis import communities, community_summary
from graphkit.exports import export
from graphkit.graph import build_graph
from graphkit.views import to_html


def main() -> None:
    dataset = workspace().load()
    graph = build_graph(dataset, "org-org")
    found = communities(graph, seed=0)
    print(community_summary(graph, found, dataset)[["community", "size", "largest"]].to_string(index=False))
    to_html(graph, "coalitions.html", colour_by="community", communities=found, title="Coalitions")
    export(dataset, "coalitions.gexf", projection="org-org")
    print("wrote coalitions.html and coalitions.gexf")


if __name__ == "__main__":
    main()
