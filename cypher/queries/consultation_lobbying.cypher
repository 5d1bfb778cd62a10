// Consultations and meetings: organisations that answered a consultation, with how many meetings
// they also had (zero included), to see who works both the formal and the informal channel.
// Parameters: none.
MATCH (o:Organisation)-[r:RESPONDED]->(c:Consultation)
OPTIONAL MATCH (o)-[m:MET]->()
RETURN c.title AS consultation, o.name AS organisation, r.date AS responded, count(DISTINCT m.meeting_id) AS meetings
ORDER BY consultation, organisation, responded
