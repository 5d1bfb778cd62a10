// RESPONDED relationships: (Organisation)-[:RESPONDED]->(Consultation), one per consultation response.
// Parameters:
//   $rows (list): {source_id, target_id, response_id, props}; props = {response_id, date}.
// Keyed by response_id (an organisation may respond twice); a repeated load changes nothing.
UNWIND $rows AS row
MATCH (o:Organisation {id: row.source_id})
MATCH (c:Consultation {id: row.target_id})
MERGE (o)-[r:RESPONDED {response_id: row.response_id}]->(c)
WITH r, row
WHERE properties(r) <> row.props
SET r = row.props
