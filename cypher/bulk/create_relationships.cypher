// Relationships of one type between two node labels, created in bulk (Neo4j loads).
// graphkit first reads which of the rows the database already holds (existing_relationships.cypher)
// and sends only the missing ones here, so CREATE never duplicates a relationship, and a batch costs
// no MERGE look-up per row. The parameters are columns (one list per key), which the driver sends
// and the server reads faster than one map per row.
// __TYPE__, __START__, __END__ and __PROPERTIES__ are filled in by graphkit from its own graph model
// (graphkit/stores/rows.py), never from data: one statement per relationship type and pair of
// labels, e.g. (:Organisation)-[:MET]->(:MEP), and the type's properties as
// `meeting_id: $meeting_id[i], date: dates[$date[i]], title: $title[i], …` (set in the CREATE itself,
// which is faster than a SET after it).
// The endpoints are found by element id (read just before, node_element_ids.cypher): a direct record
// lookup, a third faster here than a search of the id index. Each is checked against its label and
// graphkit id, so a node deleted meanwhile whose element id was reused is never taken for another
// (the row is left for the next load); `coalesce` keeps the planner from using the id index for
// that check instead of the element id.
// Parameters:
//   $start_node (list): the start nodes' element ids, one per relationship.
//   $start_id (list): the start nodes' graphkit ids, in the same order.
//   $end_node (list): the end nodes' element ids.
//   $end_id (list): the end nodes' graphkit ids.
//   $meeting_id (list): and one list like it per property of the type; a null leaves that
//     property out.
//   $date_values (list): the batch's distinct dates as ISO text, each parsed once; $date holds,
//     for each row, the index of its date in this list (or null).
WITH [text IN $date_values | date(text)] AS dates
UNWIND range(0, size($start_id) - 1) AS i
MATCH (a:__START__) WHERE elementId(a) = $start_node[i] AND coalesce(a.id, '') = $start_id[i]
MATCH (b:__END__) WHERE elementId(b) = $end_node[i] AND coalesce(b.id, '') = $end_id[i]
CREATE (a)-[:__TYPE__ {__PROPERTIES__}]->(b)
