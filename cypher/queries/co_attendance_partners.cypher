// Co-attendance partners: the organisations that sat in the same meetings as one organisation.
// Parameters:
//   $organisation (actor): the organisation's id (graphkit query resolves a name).
//   $limit (integer, default 20): how many partners.
MATCH (o:Organisation {id: $organisation})-[r:CO_ATTENDED]-(p:Organisation)
RETURN p.id AS id, p.name AS partner, count(r) AS shared_meetings,
       min(r.date) AS first_meeting, max(r.date) AS last_meeting
ORDER BY shared_meetings DESC, id
LIMIT $limit
