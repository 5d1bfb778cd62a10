// An organisation's counterparts over time: per year, the MEPs and officials it met and how often.
// Parameters:
//   $organisation (actor): the organisation's id (graphkit query resolves a name).
MATCH (o:Organisation {id: $organisation})-[r:MET]->(h)
RETURN r.date.year AS year, h.id AS id, h.name AS counterpart, labels(h)[0] AS kind,
       count(r) AS meetings
ORDER BY year, meetings DESC, id
