// Topics by organisation: what one organisation lobbied on, by number of meetings.
// Parameters:
//   $organisation (actor): the organisation's id (graphkit query resolves a name).
MATCH (o:Organisation {id: $organisation})-[r:LOBBIED_ON]->(t:Topic)
RETURN t.id AS id, t.name AS topic, count(r) AS meetings, min(r.date) AS first_meeting,
       max(r.date) AS last_meeting
ORDER BY meetings DESC, id
