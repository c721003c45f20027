-- Marks economy:account:{id} as pending at a version: readers then go to PostgreSQL until one of
-- them stores that version's row. KEYS[1] the key; ARGV[1] the version, ARGV[2] the TTL in ms.
-- Only moves forward: an entry at this version or a later one (data or marker) is kept.
-- Returns 1 when marked, 0 when the stored entry was kept.
local stored = redis.call('HGET', KEYS[1], 'version')
local storedVersion = stored and tonumber(stored)
if storedVersion and storedVersion >= tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', '')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
