// Who is on a topic: the organisations that lobbied on it and the MEPs and officials who discussed
// it, each with their number of meetings on it.
// Parameters:
//   $topic (string): the topic's id (topic:…).
MATCH (a)-[r:LOBBIED_ON|DISCUSSED]->(t:Topic {id: $topic})
RETURN labels(a)[0] AS kind, a.id AS id, a.name AS actor, count(r) AS meetings
ORDER BY meetings DESC, id
