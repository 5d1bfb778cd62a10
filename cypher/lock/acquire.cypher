// Take the database's load lock, or read who holds it: the lock node is created with this load's
// token only if there is none. The token returned says which: ours, or the holder's (with who it
// is, since when, and how many seconds since it last said it was alive).
// Parameters:
//   $name (text): the lock's name (`load`).
//   $token (text): this load's own random token.
//   $holder (text): who takes it (pid, host, command), for the message other loads print.
//   $host (text): the machine it runs on.
//   $pid (integer): its process id there (a holder on this machine whose process is gone is taken over).
MERGE (l:GraphkitLock {name: $name})
  ON CREATE SET l.token = $token, l.holder = $holder, l.host = $host, l.pid = $pid,
      l.started = datetime(), l.seen = datetime()
RETURN l.token AS token, l.holder AS holder, l.host AS host, l.pid AS pid, toString(l.started) AS started,
       duration.inSeconds(l.seen, datetime()).seconds AS idle
