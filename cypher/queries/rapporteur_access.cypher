// Access to rapporteurs: the organisations that met MEPs acting in a given capacity (by default
// rapporteurs and shadow rapporteurs), with the MEPs they met.
// Parameters:
//   $capacities (list, default ["Rapporteur", "Shadow rapporteur"]): the capacities that count.
//   $limit (integer, default 20): how many organisations.
MATCH (o:Organisation)-[r:MET]->(m:MEP)
WHERE r.capacity IN $capacities
WITH o, count(DISTINCT r.meeting_id) AS meetings, collect(DISTINCT m.id) AS meps
RETURN o.id AS id, o.name AS organisation, meetings, size(meps) AS distinct_meps
ORDER BY meetings DESC, distinct_meps DESC, id
LIMIT $limit
