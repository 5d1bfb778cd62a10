// Access to rapporteurs: the organisations that met MEPs acting in a given capacity (by default
// rapporteurs and shadow rapporteurs): how many such meetings, and with how many different MEPs.
// Parameters:
//   $capacities (list, default ["Rapporteur", "Shadow rapporteur"]): the capacities that count.
//   $limit (integer, default 20): how many organisations.
MATCH (o:Organisation)-[r:MET]->(m:MEP)
WHERE r.capacity IN $capacities
RETURN o.id AS id, o.name AS organisation, count(DISTINCT r.meeting_id) AS meetings,
       count(DISTINCT m) AS distinct_meps
ORDER BY meetings DESC, distinct_meps DESC, id
LIMIT $limit
