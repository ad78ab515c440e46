-- Compare-and-set of a ticket record, idempotent on the message that caused it.
-- KEYS[1] ticket hash, KEYS[2] applied-message set, KEYS[3] outbox key, KEYS[4] the ticket's token revocation key
-- ARGV[1] expected version, ARGV[2] record JSON, ARGV[3] message id ('' for none),
-- ARGV[4] outbox JSON ('' for none), ARGV[5] outbox TTL in seconds,
-- ARGV[6] revoke the ticket's tokens issued until this epoch ms ('' for none), ARGV[7] its TTL in ms
-- The revocation cut-off only ever moves forward.
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
if ARGV[6] ~= '' then
  local cutoff = tonumber(redis.call('GET', KEYS[4]) or '-1') or -1
  if tonumber(ARGV[6]) > cutoff then
    redis.call('SET', KEYS[4], ARGV[6], 'PX', ARGV[7])
  end
end
return current + 1
