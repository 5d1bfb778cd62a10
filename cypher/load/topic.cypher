// Topic nodes: one per topic (id, name).
// Parameters:
//   $rows (list): one map per node, {id, props}; props holds every property with a value
//                  (id included, nulls left out), so SET replaces the node's properties.
// A node whose properties already equal props is not written, so a repeated load changes nothing.
UNWIND $rows AS row
MERGE (n:Topic {id: row.id})
WITH n, row
WHERE properties(n) <> row.props
SET n = row.props
