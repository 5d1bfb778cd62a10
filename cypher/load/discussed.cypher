// DISCUSSED relationships: (MEP|Official)-[:DISCUSSED]->(Topic), one per host per topic per meeting.
// Parameters:
//   $rows (list): {source_id, target_id, meeting_id, props}; props = {meeting_id, date, title}.
// Keyed by meeting_id; a repeated load changes nothing.
UNWIND $rows AS row
MATCH (t:Topic {id: row.target_id})
OPTIONAL MATCH (mep:MEP {id: row.source_id})
OPTIONAL MATCH (official:Official {id: row.source_id})
WITH row, t, coalesce(mep, official) AS host
WHERE host IS NOT NULL
MERGE (host)-[r:DISCUSSED {meeting_id: row.meeting_id}]->(t)
WITH r, row
WHERE properties(r) <> row.props
SET r = row.props
