// A load done (or failed) gives its lock back: the lock node goes, if it is still this load's.
// Parameters:
//   $name (text): the lock's name.
//   $token (text): the holder's token.
MATCH (l:GraphkitLock {name: $name, token: $token})
DELETE l
