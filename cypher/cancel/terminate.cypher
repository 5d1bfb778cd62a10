// Stop graphkit's own query transactions found by find.cypher (after Ctrl-C).
// Parameters:
//   $ids (list of text): their transaction ids.
TERMINATE TRANSACTIONS $ids
