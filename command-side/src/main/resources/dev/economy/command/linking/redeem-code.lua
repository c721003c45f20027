-- Redeems a one-time link code at most once, and counts wrong codes per redeemer.
-- KEYS[1] the code's key, KEYS[2] the redeemer's attempts counter
-- ARGV[1] wrong attempts allowed in the window, ARGV[2] the window in ms
-- Returns {'locked', ms until the window ends}, {'ok', value} (the code is gone: single use),
-- or {'wrong', wrong attempts so far}.
local attempts = tonumber(redis.call('GET', KEYS[2]) or '0')
if attempts >= tonumber(ARGV[1]) then
  -- Locked: not even a right code is looked at, or guessing could go on behind the lock.
  return {'locked', tostring(redis.call('PTTL', KEYS[2]))}
end
local value = redis.call('GETDEL', KEYS[1])
if value then
  return {'ok', value}
end
local wrong = redis.call('INCR', KEYS[2])
if wrong == 1 then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return {'wrong', tostring(wrong)}
