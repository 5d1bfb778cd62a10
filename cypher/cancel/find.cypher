// The server's transactions of one graphkit query, found by the token in their metadata (to stop
// the query after Ctrl-C: otherwise the driver waits for it to end before it closes the session).
// Parameters:
//   $token (text): the token graphkit gave the query's transaction (metadata graphkit_query).
SHOW TRANSACTIONS YIELD transactionId, metaData
WHERE metaData.graphkit_query = $token
RETURN transactionId
