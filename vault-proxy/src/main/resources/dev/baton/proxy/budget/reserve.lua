-- Reserves the worst case of one call against every cap of a role, or refuses it.
-- KEYS[1] budget hash; KEYS[2..4] spend counters (ticket, day, month), micro-USD committed
-- ARGV[1] prompt tokens (upper bound); ARGV[2] requested output tokens (0 = not set);
-- ARGV[3] default output tokens; ARGV[4] input price, micro-USD per token; ARGV[5] output price;
-- ARGV[6..8] counter TTLs in seconds (ticket, day, month)
-- Returns {1, granted output tokens, reserved micro-USD} or {0, period, limit micro-USD, committed micro-USD}.
local limits = redis.call('HMGET', KEYS[1], 'ticket-usd', 'day-usd', 'month-usd', 'call-tokens')
local out = tonumber(ARGV[2])
if out <= 0 then out = tonumber(ARGV[3]) end
local cap = tonumber(limits[4])
if cap and cap >= 0 and out > cap then out = math.floor(cap) end
local worst = math.ceil(tonumber(ARGV[1]) * tonumber(ARGV[4]) + out * tonumber(ARGV[5]))
local periods = {'ticket', 'day', 'month'}
for i = 1, 3 do
  local usd = tonumber(limits[i])
  if limits[i] and not usd then
    usd = 0 -- an unreadable cap fails closed
  end
  if usd then
    local limit = math.floor(usd * 1000000 + 0.5)
    local committed = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
    if committed >= limit or committed + worst > limit then
      return {0, periods[i], limit, committed}
    end
  end
end
for i = 1, 3 do
  redis.call('INCRBY', KEYS[i + 1], worst)
  redis.call('EXPIRE', KEYS[i + 1], ARGV[i + 5])
end
return {1, out, worst}
