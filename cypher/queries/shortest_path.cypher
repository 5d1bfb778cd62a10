// Shortest path between two actors: every shortest chain of meetings (MET) and co-attendance
// (CO_ATTENDED) that links them, up to 6 hops, as the names and ids along the way. No row when
// they are not linked.
// Parameters:
//   $from (actor): the first actor's id (organisation, MEP, official or person).
//   $to (actor): the second actor's id.
MATCH (a {id: $from}), (b {id: $to})
MATCH p = allShortestPaths((a)-[:MET|CO_ATTENDED*..6]-(b))
RETURN DISTINCT length(p) AS hops, [n IN nodes(p) | n.name] AS actors, [n IN nodes(p) | n.id] AS ids
