// The meetings each member of a community attended, read from the loaded graph: a node attended a
// meeting when one of its relationships (MET, CO_ATTENDED, LOBBIED_ON, DISCUSSED) carries that
// meeting_id. One row per member and meeting. __LABEL__ is filled in by graphkit from its graph
// model (Organisation, MEP, Official, Topic), never from data.
// Parameters:
//   $ids (list): the graphkit ids of the members with that label.
UNWIND $ids AS id
MATCH (v:__LABEL__ {id: id})-[r]-()
WHERE r.meeting_id IS NOT NULL
RETURN DISTINCT id AS actor_id, r.meeting_id AS meeting_id
