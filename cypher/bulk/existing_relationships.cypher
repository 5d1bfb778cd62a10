// Every relationship of one type already in the database: its endpoints' ids, element id, how many
// properties it has, and the model's properties (dates as ISO text). graphkit compares them with the
// rows it is about to load, then creates only the missing relationships and rewrites only those whose
// properties changed, so a second load of the same data writes nothing.
// __TYPE__ and __COLUMNS__ are filled in by graphkit from its graph model, never from data, e.g.
// `r.meeting_id AS meeting_id, toString(r.date) AS date, r.title AS title`.
// Parameters: none.
MATCH (a)-[r:__TYPE__]->(b)
RETURN a.id AS start_id, b.id AS end_id, elementId(r) AS element_id, size(keys(r)) AS property_count,
       __COLUMNS__
