-- Stores a one-time secret (a link code or a flow state) and makes it the only live one of its
-- owner: the owner's previous secret, if still there and still theirs, is deleted. So a player or an
-- in-game identity holds at most one live code (and one live state per provider), however often it
-- asks, and the store cannot be flooded.
-- KEYS[1] the secret's key, KEYS[2] the owner's pointer key
-- ARGV[1] the value (JSON with an "owner" member), ARGV[2] ttl in ms, ARGV[3] the owner
-- The previous secret's key comes from the pointer, not from KEYS: fine on one Redis node (what
-- this backend uses); a Redis Cluster would need both in one hash slot.
-- Returns 0 when the secret's key is taken (a random collision: the caller draws again), else 1.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local previous = redis.call('GET', KEYS[2])
if previous then
  local value = redis.call('GET', previous)
  -- The previous secret may have been used and its value drawn again by someone else since.
  if value and cjson.decode(value).owner == ARGV[3] then
    redis.call('DEL', previous)
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], KEYS[1], 'PX', ARGV[2])
return 1
