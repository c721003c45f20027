-- Stores account details read from PostgreSQL in economy:account:{id}, unless the cache knows
-- better. KEYS[1] the key; ARGV[1] the version read, ARGV[2] its JSON, ARGV[3] the TTL in ms.
-- A higher stored version always wins (a reader that read an old row must not overwrite what the
-- projection announced); an equal version is replaced only when it is a pending marker (empty
-- data): the projection has committed what it announced, and this is it.
-- Returns 1 when stored, 0 when the stored entry was kept.
local stored = redis.call('HMGET', KEYS[1], 'version', 'data')
local version = tonumber(ARGV[1])
local storedVersion = stored[1] and tonumber(stored[1])
if storedVersion then
  if storedVersion > version then
    return 0
  end
  if storedVersion == version and stored[2] and stored[2] ~= '' then
    return 0
  end
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
