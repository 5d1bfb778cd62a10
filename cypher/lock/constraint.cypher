// The load lock's uniqueness: with it, two loads that MERGE the lock node at once create one
// node between them, so only one of them holds the lock.
// Parameters: none.
CREATE CONSTRAINT graphkit_lock_name IF NOT EXISTS FOR (l:GraphkitLock) REQUIRE l.name IS UNIQUE
