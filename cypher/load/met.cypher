// MET relationships: (Organisation|Person)-[:MET]->(MEP|Official), one per attendee per meeting.
// Parameters:
//   $rows (list): one map per attendee and host of a meeting,
//                 {attendee_id, host_id, meeting_id, props};
//                 props = {meeting_id, date, title, role, capacity} without nulls
//                 (role: the attendee's role; capacity: the host's, e.g. Rapporteur).
// Keyed by meeting_id, so two meetings between the same pair stay two relationships, and a
// relationship whose properties already equal props is not written (a repeated load changes nothing).
UNWIND $rows AS row
OPTIONAL MATCH (organisation:Organisation {id: row.attendee_id})
OPTIONAL MATCH (person:Person {id: row.attendee_id})
OPTIONAL MATCH (mep:MEP {id: row.host_id})
OPTIONAL MATCH (official:Official {id: row.host_id})
WITH row, coalesce(organisation, person) AS attendee, coalesce(mep, official) AS host
WHERE attendee IS NOT NULL AND host IS NOT NULL
MERGE (attendee)-[r:MET {meeting_id: row.meeting_id}]->(host)
WITH r, row
WHERE properties(r) <> row.props
SET r = row.props
