-- Replaces a reservation by the actual cost: adds ARGV[1] (actual - reserved, micro-USD, may be negative)
-- to every spend counter in KEYS. Returns the number of counters changed.
for i = 1, #KEYS do
  redis.call('INCRBY', KEYS[i], ARGV[1])
end
return #KEYS
