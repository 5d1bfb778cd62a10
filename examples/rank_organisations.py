"""Rank organisations by access: who met the most (and best-connected) MEPs and officials.

python examples/rank_organisations.py [WORKSPACE]
"""

from _workspace import workspace

from graphkit.analysis import centrality
from graphkit.graph import build_graph


def main() -> None:
    dataset = workspace().load()
    graph = build_graph(dataset, "org-counterpart")
    ranked = centrality(graph, "pagerank")
    organisations = ranked[ranked["kind"] == "organisation"]
    print(organisations[["rank", "name", "pagerank"]].head(10).to_string(index=False))


if __name__ == "__main__":
    main()
