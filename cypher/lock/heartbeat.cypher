// A load still holding its lock says it is alive; no row back means another load took it over.
// Parameters:
//   $name (text): the lock's name.
//   $token (text): the holder's token.
MATCH (l:GraphkitLock {name: $name, token: $token})
SET l.seen = datetime()
RETURN l.token AS token
