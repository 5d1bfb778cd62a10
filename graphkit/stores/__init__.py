"""Where the graph lives: the embedded store in the workspace (default) or a Neo4j server."""
