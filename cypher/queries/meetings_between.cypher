// An organisation's meetings between two dates: date, title, counterpart and capacity.
// Parameters:
//   $organisation (actor): the organisation's id (graphkit query resolves a name).
//   $from (date, default "1900-01-01"): first day (ISO date).
//   $to (date, default "2999-12-31"): last day (ISO date).
MATCH (o:Organisation {id: $organisation})-[r:MET]->(h)
WHERE r.date >= $from AND r.date <= $to
RETURN r.date AS date, r.title AS title, h.name AS counterpart, labels(h)[0] AS kind,
       r.capacity AS capacity, r.meeting_id AS meeting_id
ORDER BY date, meeting_id, counterpart
