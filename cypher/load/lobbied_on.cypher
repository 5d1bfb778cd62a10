// LOBBIED_ON relationships: (Organisation)-[:LOBBIED_ON]->(Topic), one per attending organisation
// per topic per meeting.
// Parameters:
//   $rows (list): {source_id, target_id, meeting_id, props}; props = {meeting_id, date, title}.
// Keyed by meeting_id; a repeated load changes nothing.
UNWIND $rows AS row
MATCH (o:Organisation {id: row.source_id})
MATCH (t:Topic {id: row.target_id})
MERGE (o)-[r:LOBBIED_ON {meeting_id: row.meeting_id}]->(t)
WITH r, row
WHERE properties(r) <> row.props
SET r = row.props
