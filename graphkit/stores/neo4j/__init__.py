"""The graph in a Neo4j 5 server, through the official driver: the store and its settings
(:mod:`~graphkit.stores.neo4j.store`), bulk loading (:mod:`~graphkit.stores.neo4j.bulk`), its lock,
and centrality and communities computed in the server."""
