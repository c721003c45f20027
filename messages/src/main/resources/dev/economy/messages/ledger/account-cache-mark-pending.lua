-- Marks economy:account:{id} entries as pending at a version: readers then go to PostgreSQL until
-- one of them stores that version's row. KEYS[i] a key and ARGV[i] its version, for every i (one
-- key or a whole projection batch in one call); the last ARGV the TTL in ms.
-- Only moves forward: an entry at this version or a later one (data or marker) is kept.
-- Returns how many entries were marked (for one key: 1 when marked, 0 when the stored one was kept).
local ttl = ARGV[#KEYS + 1]
local marked = 0
for i, key in ipairs(KEYS) do
  local stored = redis.call('HGET', key, 'version')
  local storedVersion = stored and tonumber(stored)
  if not (storedVersion and storedVersion >= tonumber(ARGV[i])) then
    redis.call('HSET', key, 'version', ARGV[i], 'data', '')
    redis.call('PEXPIRE', key, ttl)
    marked = marked + 1
  end
end
return marked
