// Top organisations per MEP: the organisations that met one MEP most often, with first and last meeting.
// Every meeting counts once per organisation (parallel MET relationships are distinct meetings).
// Parameters:
//   $mep (actor): the MEP's id (graphkit query resolves a name, acronym or Register ID).
//   $limit (integer, default 10): how many organisations.
MATCH (o:Organisation)-[r:MET]->(m:MEP {id: $mep})
RETURN o.id AS id, o.name AS organisation, count(r) AS meetings,
       min(r.date) AS first_meeting, max(r.date) AS last_meeting
ORDER BY meetings DESC, id
LIMIT $limit
