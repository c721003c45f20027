-- Counts one attempt in a fixed window and answers {count, milliseconds until the window ends}.
-- KEYS[1] the counter; ARGV[1] the window in milliseconds.
-- One script so that INCR and the expiry are atomic: a counter can never be left without one.
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
