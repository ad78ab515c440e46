-- Compare-and-set of a ticket record, idempotent on the message that caused it.
-- KEYS[1] ticket hash, KEYS[2] applied-message set, KEYS[3] outbox key
-- ARGV[1] expected version, ARGV[2] record JSON, ARGV[3] message id ('' for none),
-- ARGV[4] outbox JSON ('' for none), ARGV[5] outbox TTL in seconds
-- Returns the new version, -1 when stale, -2 when the message was already applied.
if ARGV[3] ~= '' and redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 1 then
  return -2
end
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then
  return -1
end
redis.call('HSET', KEYS[1], 'version', current + 1, 'record', ARGV[2])
if ARGV[3] ~= '' then
  redis.call('SADD', KEYS[2], ARGV[3])
  if ARGV[4] ~= '' then
    redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[5])
  end
end
return current + 1
