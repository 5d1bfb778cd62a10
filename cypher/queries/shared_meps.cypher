// MEPs shared by two organisations: the MEPs both met, with each organisation's number of meetings.
// Parameters:
//   $organisation (actor): the first organisation's id.
//   $other (actor): the second organisation's id.
MATCH (a:Organisation {id: $organisation})-[ra:MET]->(m:MEP)<-[rb:MET]-(b:Organisation {id: $other})
RETURN m.id AS id, m.name AS mep, count(DISTINCT ra) AS meetings_first,
       count(DISTINCT rb) AS meetings_second
ORDER BY meetings_first + meetings_second DESC, id
