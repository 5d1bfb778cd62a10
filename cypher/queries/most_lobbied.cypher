// Most lobbied: the MEPs and Commission officials with the most meetings with organisations, and
// how many different organisations they met.
// Parameters:
//   $limit (integer, default 20): how many counterparts.
MATCH (o:Organisation)-[r:MET]->(h)
RETURN h.id AS id, h.name AS counterpart, labels(h)[0] AS kind, count(DISTINCT r.meeting_id) AS meetings,
       count(DISTINCT o) AS organisations
ORDER BY meetings DESC, organisations DESC, id
LIMIT $limit
