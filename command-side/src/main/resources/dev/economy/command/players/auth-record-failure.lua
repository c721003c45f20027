-- Records one wrong password for an account and locks it out after too many in a window.
-- KEYS[1] the failure counter, KEYS[2] the lockout flag.
-- ARGV[1] the failure window (ms), ARGV[2] failures that lock out, ARGV[3] the lockout (ms).
-- Answers {failures, lockout ms}: lockout ms is 0 while the account is not locked out by this call.
local failures = redis.call('INCR', KEYS[1])
if failures == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
if failures >= tonumber(ARGV[2]) then
  -- The count starts again after the lockout, so that a correct password then still works and a
  -- new run of failures earns a new lockout.
  redis.call('SET', KEYS[2], failures, 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {failures, tonumber(ARGV[3])}
end
return {failures, 0}
