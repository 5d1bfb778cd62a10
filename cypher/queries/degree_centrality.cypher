// Degree centrality in plain Cypher: organisations by how many distinct MEPs and officials they
// met (their degree in the organisation-counterpart graph), with their number of meetings.
// Parameters:
//   $limit (integer, default 20): how many organisations.
MATCH (o:Organisation)
OPTIONAL MATCH (o)-[r:MET]->(h)
RETURN o.id AS id, o.name AS organisation, count(DISTINCT h) AS degree,
       count(DISTINCT r.meeting_id) AS meetings
ORDER BY degree DESC, meetings DESC, id
LIMIT $limit
