// The element id of every node of one label, by graphkit id: a Neo4j load reads them once, after
// the nodes are in, so that each relationship's endpoints are found by element id (a direct record
// lookup) instead of a search of the id index. __LABEL__ is filled in by graphkit from its graph
// model, never from data.
// Parameters: none.
MATCH (n:__LABEL__)
RETURN n.id AS id, elementId(n) AS element_id
