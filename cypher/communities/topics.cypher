// The topics of every meeting in the loaded graph (the Topic a LOBBIED_ON or DISCUSSED
// relationship of that meeting leads to), with their names.
// Parameters: none.
MATCH ()-[r:LOBBIED_ON|DISCUSSED]->(topic:Topic)
RETURN DISTINCT r.meeting_id AS meeting_id, topic.id AS topic_id, topic.name AS name
