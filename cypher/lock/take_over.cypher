// Take over a load lock whose holder stopped saying it is alive (a killed load), if it is still
// the one seen: SET takes the node's write lock first, so of two loads taking over at once the
// second sees the first's token and gets nothing.
// Parameters:
//   $name (text): the lock's name.
//   $stale (text): the token of the holder that went quiet.
//   $token (text): this load's own token.
//   $holder (text): who takes it.
//   $host (text): the machine it runs on.
//   $pid (integer): its process id there.
MATCH (l:GraphkitLock {name: $name})
SET l._taking = true
REMOVE l._taking
WITH l
WHERE l.token = $stale
SET l.token = $token, l.holder = $holder, l.host = $host, l.pid = $pid,
      l.started = datetime(), l.seen = datetime()
RETURN l.token AS token
