// graphkit graph schema: one uniqueness constraint on `id` for every node label.
// The ids are the canonical dataset's deterministic ids, so a second load of the same data MERGEs
// onto the same nodes, and the embedded store and Neo4j agree node for node.
// Run statement by statement (they are separated by semicolons); each is safe to repeat.

CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT mep_id IF NOT EXISTS FOR (n:MEP) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT official_id IF NOT EXISTS FOR (n:Official) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT consultation_id IF NOT EXISTS FOR (n:Consultation) REQUIRE n.id IS UNIQUE;
