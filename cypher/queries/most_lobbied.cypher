// Most lobbied: the MEPs and Commission officials who met the most organisations.
// Parameters:
//   $limit (integer, default 20): how many counterparts.
MATCH (o:Organisation)-[r:MET]->(h)
RETURN h.id AS id, h.name AS counterpart, labels(h)[0] AS kind, count(r) AS meetings,
       count(DISTINCT o) AS organisations
ORDER BY meetings DESC, organisations DESC, id
LIMIT $limit
