// CO_ATTENDED relationships: (Organisation)-[:CO_ATTENDED]->(Organisation) for every pair of
// organisations at the same meeting, one per pair per meeting, directed from the smaller id to the
// larger (read it as undirected: MATCH (a)-[:CO_ATTENDED]-(b)).
// Parameters:
//   $rows (list): {source_id, target_id, meeting_id, props}; props = {meeting_id, date, title}.
// Keyed by meeting_id; a repeated load changes nothing.
UNWIND $rows AS row
MATCH (a:Organisation {id: row.source_id})
MATCH (b:Organisation {id: row.target_id})
MERGE (a)-[r:CO_ATTENDED {meeting_id: row.meeting_id}]->(b)
WITH r, row
WHERE properties(r) <> row.props
SET r = row.props
