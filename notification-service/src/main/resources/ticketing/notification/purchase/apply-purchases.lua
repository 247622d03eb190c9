-- Applies a poll's purchases, each to its user's hash if, and only if, it is newer than the one kept, and records
-- each partition's last offset as its read position: one atomic step for the whole poll, no read-then-write race
-- between instances or threads, and one round trip instead of one per record.
-- KEYS[1]     the hash of read positions: the last offset applied per partition
-- KEYS[2..]   each purchase's user hash, in the order of the purchases in ARGV
-- ARGV[1]     P, the number of partitions in the poll; then P triples: the partition's field in KEYS[1], the position
--             the caller expects there ('' for none), the offset to record
-- then, per purchase: event time (epoch millis), partition, offset, order id, N, and N name/value pairs of the
-- purchase's other fields
-- Returns one result per purchase: 1 when applied, 0 when it is a duplicate or older than the kept purchase, 2 when
-- applied in place of a value this script cannot read (not a hash, or a hash without a readable purchase): the topic
-- is the truth, so such a value is replaced rather than allowed to stop the partition. Returns {-1}, and writes
-- nothing, when a position is not the one the caller expects: Redis lost its data (or was reset) since the caller
-- read it, or another consumer moved it; the caller must read the positions again and go on from there.
local positions = KEYS[1]
local partitionCount = tonumber(ARGV[1])
for p = 0, partitionCount - 1 do
	local position = redis.call('HGET', positions, ARGV[2 + 3 * p])
	if not tonumber(position) then
		position = '' -- none, or not a number (edited by hand): read from the beginning, as ReadPositions does
	end
	if position ~= ARGV[3 + 3 * p] then
		return { -1 }
	end
end

local function apply(key, eventTime, eventPartition, eventOffset, orderId, fields)
	local kind = redis.call('TYPE', key).ok
	local kept, readable = {}, false
	if kind == 'hash' then
		kept = redis.call('HMGET', key, 'event_time_ms', 'partition', 'offset', 'order_id', 'updates', 'content_id',
			'purchased_at')
		-- The same test as the read path's: a purchase it can show (ids present, purchased_at an ISO-8601 instant),
		-- at a position it can compare.
		readable = tonumber(kept[1]) ~= nil and tonumber(kept[2]) ~= nil and tonumber(kept[3]) ~= nil
			and kept[4] and kept[6] and kept[7] and string.match(kept[7], '^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d') ~= nil
	end
	if readable then
		-- The same order again (a redelivery, a replay, or a publisher's retry at another offset): nothing changes.
		if kept[4] == orderId then
			return 0
		end
		local time, partition, offset = tonumber(eventTime), tonumber(eventPartition), tonumber(eventOffset)
		local keptTime, keptPartition, keptOffset = tonumber(kept[1]), tonumber(kept[2]), tonumber(kept[3])
		if time < keptTime or (time == keptTime and (partition < keptPartition
				or (partition == keptPartition and offset <= keptOffset))) then
			return 0
		end
	end
	local updates = (tonumber(kept[5]) or 0) + 1
	-- Replace the whole value so that no field of the previous purchase (a title the new event lacks) survives.
	redis.call('DEL', key)
	redis.call('HSET', key, 'event_time_ms', eventTime, 'partition', eventPartition, 'offset', eventOffset,
		'order_id', orderId, 'updates', updates, unpack(fields))
	if kind ~= 'none' and not readable then
		return 2
	end
	return 1
end

local results = {}
local arg = 2 + 3 * partitionCount
for k = 2, #KEYS do
	local pairCount = tonumber(ARGV[arg + 4])
	local fields = {}
	for f = 1, 2 * pairCount do
		fields[f] = ARGV[arg + 4 + f]
	end
	results[k - 1] = apply(KEYS[k], ARGV[arg], ARGV[arg + 1], ARGV[arg + 2], ARGV[arg + 3], fields)
	arg = arg + 5 + 2 * pairCount
end
for p = 0, partitionCount - 1 do
	redis.call('HSET', positions, ARGV[2 + 3 * p], ARGV[4 + 3 * p])
end
return results
