"""Ad-hoc Cypher on the workspace itself (no server): the MEPs organisations met most.

python examples/adhoc_cypher.py [WORKSPACE]
"""

from _workspace import workspace

from graphkit.stores.embedded import EmbeddedStore

QUERY = """
MATCH (o:Organisation)-[r:MET]->(m:MEP)
RETURN m.name AS mep, count(DISTINCT r.meeting_id) AS meetings, count(DISTINCT o) AS organisations
ORDER BY meetings DESC, mep LIMIT 5
"""


def main() -> None:
    with EmbeddedStore.for_workspace(workspace()) as store:
        print(store.run(QUERY).to_string(index=False))


if __name__ == "__main__":
    main()
