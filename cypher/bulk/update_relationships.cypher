// Relationships whose properties changed since the last load, rewritten in bulk (Neo4j loads).
// Each is found by its element id (from existing_relationships.cypher) and checked against its type
// and endpoints, so a relationship deleted meanwhile whose element id was reused is never rewritten.
// __TYPE__ and __PROPERTIES__ are filled in by graphkit from its graph model, as in
// create_relationships.cypher.
// Parameters:
//   $element_id (list): the relationships' element ids.
//   $start_id (list): their start nodes' graphkit ids, in the same order.
//   $end_id (list): their end nodes' graphkit ids.
//   $meeting_id (list): and one list like it per property of the type (dates as ISO text); a null
//     removes that property.
UNWIND range(0, size($element_id) - 1) AS i
MATCH (a)-[r:__TYPE__]->(b)
WHERE elementId(r) = $element_id[i] AND a.id = $start_id[i] AND b.id = $end_id[i]
SET r = {__PROPERTIES__}
