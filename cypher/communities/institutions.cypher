// The institution of every meeting in the loaded graph: EP where an MEP hosted it, EC where a
// Commission official did (the host of a MET relationship).
// Parameters: none.
MATCH ()-[r:MET]->(host)
RETURN DISTINCT r.meeting_id AS meeting_id, CASE WHEN host:MEP THEN 'EP' ELSE 'EC' END AS institution
