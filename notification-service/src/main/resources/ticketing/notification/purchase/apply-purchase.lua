-- Applies a purchase to a user's hash if, and only if, it is newer than the one kept, and records the record's offset
-- as the partition's read position: one atomic step, no read-then-write race between instances or threads.
-- KEYS[1]  the user's last-purchase hash
-- KEYS[2]  the hash of read positions: the last offset applied per partition
-- ARGV[1]  event time (epoch millis), ARGV[2] partition, ARGV[3] offset, ARGV[4] order id
-- ARGV[5]  the partition's field in KEYS[2], ARGV[6] the position the caller expects there ('' for none)
-- ARGV[7..] the purchase's other fields, as name/value pairs
-- Returns 1 when applied, 0 when the event is a duplicate or older than the kept purchase, 2 when applied in place
-- of a value this script cannot read (not a hash, or a hash without a readable purchase): the topic is the truth, so
-- such a value is replaced rather than allowed to stop the partition. Returns -1, and writes nothing, when the
-- position is not the one the caller expects: Redis lost its data (or was reset) since the caller read it, or another
-- consumer moved it; the caller must read the position again and go on from there.
local position = redis.call('HGET', KEYS[2], ARGV[5])
if not tonumber(position) then
	position = '' -- none, or not a number (edited by hand): read from the beginning, as ReadPositions does
end
if position ~= ARGV[6] then
	return -1
end

local function done(result)
	redis.call('HSET', KEYS[2], ARGV[5], ARGV[3])
	return result
end

local kind = redis.call('TYPE', KEYS[1]).ok
local kept, readable = {}, false
if kind == 'hash' then
	kept = redis.call('HMGET', KEYS[1], 'event_time_ms', 'partition', 'offset', 'order_id', 'updates', 'content_id',
		'purchased_at')
	-- The same test as the read path's: a purchase it can show (ids present, purchased_at an ISO-8601 instant),
	-- at a position it can compare.
	readable = tonumber(kept[1]) ~= nil and tonumber(kept[2]) ~= nil and tonumber(kept[3]) ~= nil
		and kept[4] and kept[6] and kept[7] and string.match(kept[7], '^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d') ~= nil
end
local time, partition, offset = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if readable then
	-- The same order again (a redelivery, a replay, or a publisher's retry at another offset): nothing changes.
	if kept[4] == ARGV[4] then
		return done(0)
	end
	local keptTime, keptPartition, keptOffset = tonumber(kept[1]), tonumber(kept[2]), tonumber(kept[3])
	if time < keptTime or (time == keptTime and (partition < keptPartition
			or (partition == keptPartition and offset <= keptOffset))) then
		return done(0)
	end
end
local updates = (tonumber(kept[5]) or 0) + 1
-- Replace the whole value so that no field of the previous purchase (a title the new event lacks) survives.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'event_time_ms', ARGV[1], 'partition', ARGV[2], 'offset', ARGV[3], 'order_id', ARGV[4],
	'updates', updates, unpack(ARGV, 7))
if kind ~= 'none' and not readable then
	return done(2)
end
return done(1)
