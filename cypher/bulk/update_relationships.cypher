// Relationships whose properties changed since the last load, rewritten in bulk (Neo4j loads).
// __PROPERTIES__ is filled in by graphkit from its graph model, as in create_relationships.cypher.
// Parameters:
//   $element_id (list): the relationships' element ids (from existing_relationships.cypher).
//   $meeting_id (list): and one list like it per property of the type (dates as ISO text); a null
//     removes that property.
UNWIND range(0, size($element_id) - 1) AS i
MATCH ()-[r]->()
WHERE elementId(r) = $element_id[i]
SET r = {__PROPERTIES__}
