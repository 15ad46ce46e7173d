/**
 * The shared quota's state lives in Redis and changes only through these Lua scripts, each atomic
 * and each reading the time from Redis itself (`TIME`), never from the clients: machines whose
 * clocks disagree still agree on the budget.
 *
 * Keys of one quota (a hash tag keeps them on one cluster slot):
 *   cfg     hash   what every member obeys: per dimension (`req`, `tok`) the limit per minute and
 *                  the shape (`bucket` with a capacity, or `window` with a length, a phase, an
 *                  allowance and a guard before its end), the cool-down gate, and a version
 *                  bumped on every change
 *   state   hash   per dimension: a bucket's level and when it was last refilled, or a window's
 *                  index and what it used
 *   leases  zset   reservation id -> when it lapses
 *   amounts hash   reservation id -> "requests,tokens" reserved
 *   members zset   member id -> when its heartbeat lapses
 *   recent  zset   "id,requests,tokens" of each reservation of the last minute -> when it was made
 *
 * A reservation is a lease: settled when the response tells the real usage, renewed by its
 * member's heartbeat while the member lives, and given back by itself when it lapses (the member
 * died), so a dead member frees its share within one lease time.
 */

const COMMON = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local DIMS = { 'req', 'tok' }

local function num(value, default)
  local n = tonumber(value)
  if n == nil then return default end
  return n
end

-- Brings one dimension's state up to now; returns its model as a table.
local function load(cfg, state, d, now)
  local limit = num(redis.call('HGET', cfg, d .. 'Limit'), nil)
  if limit == nil then return nil end
  local m = { limit = limit, rate = limit / 60000, kind = redis.call('HGET', cfg, d .. 'Kind') or 'bucket' }
  if m.kind == 'window' then
    m.len = num(redis.call('HGET', cfg, d .. 'Len'), 60000)
    m.phase = num(redis.call('HGET', cfg, d .. 'Phase'), 0)
    m.allow = num(redis.call('HGET', cfg, d .. 'Allow'), limit)
    m.guard = num(redis.call('HGET', cfg, d .. 'Guard'), 0)
    m.idx = math.floor((now - m.phase) / m.len)
    if num(redis.call('HGET', state, d .. 'Idx'), m.idx) ~= m.idx then
      m.used = 0
    else
      m.used = num(redis.call('HGET', state, d .. 'Used'), 0)
    end
  else
    m.cap = num(redis.call('HGET', cfg, d .. 'Cap'), limit)
    local level = num(redis.call('HGET', state, d .. 'Lvl'), m.cap)
    local at = num(redis.call('HGET', state, d .. 'T'), now)
    m.lvl = math.min(m.cap, level + math.max(0, now - at) * m.rate)
  end
  return m
end

local function save(state, d, m, now)
  if m == nil then return end
  if m.kind == 'window' then
    redis.call('HSET', state, d .. 'Idx', m.idx, d .. 'Used', m.used)
  else
    redis.call('HSET', state, d .. 'Lvl', m.lvl, d .. 'T', now)
  end
end

-- Takes (amount > 0) or gives back (amount < 0); a give-back never fills past full.
local function charge(m, amount)
  if m == nil then return end
  if m.kind == 'window' then
    m.used = math.max(0, m.used + amount)
  else
    m.lvl = math.min(m.cap, m.lvl - amount)
  end
end

-- Ms until amount fits; a request larger than the whole bucket or window fits once it is full or
-- empty. Nothing goes in a window's guard: sent so close to its end, it may be counted in the next.
local function wait_for(m, amount, now)
  if m == nil then return 0 end
  if m.kind == 'window' then
    local ends = (m.idx + 1) * m.len + m.phase
    if now >= ends - m.guard then return ends - now end
    if m.used == 0 or m.used + amount <= m.allow then return 0 end
    return ends - now
  end
  local need = math.min(amount, m.cap) - m.lvl
  if need <= 0 then return 0 end
  return math.ceil(need / m.rate)
end

local function split(value)
  local req, tok = string.match(value or '', '^([^,]*),([^,]*)$')
  return num(req, 0), num(tok, 0)
end

-- Gives back every lapsed reservation.
local function reap(models, leases, amounts, now)
  local lapsed = redis.call('ZRANGEBYSCORE', leases, '-inf', now)
  for _, id in ipairs(lapsed) do
    local req, tok = split(redis.call('HGET', amounts, id))
    charge(models.req, -req)
    charge(models.tok, -tok)
    redis.call('HDEL', amounts, id)
    redis.call('ZREM', leases, id)
  end
end

local function load_all(cfg, state, now)
  return { req = load(cfg, state, 'req', now), tok = load(cfg, state, 'tok', now) }
end

local function save_all(state, models, now)
  save(state, 'req', models.req, now)
  save(state, 'tok', models.tok, now)
end
`;

/**
 * KEYS: cfg, state, leases, amounts, the member's leases, recent. ARGV: lease id, requests, tokens,
 * lease ms. Returns {1, now, version} with the lease taken, or {0, waitMs, reason, now, version}.
 */
export const RESERVE = `${COMMON}
local now = now_ms()
local cfg, state, leases, amounts = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local models = load_all(cfg, state, now)
reap(models, leases, amounts, now)
local version = num(redis.call('HGET', cfg, 'ver'), 0)
local req, tok = tonumber(ARGV[2]), tonumber(ARGV[3])
local gate = num(redis.call('HGET', cfg, 'gate'), 0)
local reason, wait = 'cooldown', math.max(0, gate - now)
local waitReq, waitTok = wait_for(models.req, req, now), wait_for(models.tok, tok, now)
if waitReq > wait then reason, wait = 'requests', waitReq end
if waitTok > wait then reason, wait = 'tokens', waitTok end
if wait > 0 then
  -- A lease that lapses sooner may give back enough: ask again then.
  local first = redis.call('ZRANGE', leases, 0, 0, 'WITHSCORES')
  if reason ~= 'cooldown' and first[2] ~= nil then wait = math.min(wait, math.max(1, tonumber(first[2]) - now)) end
  save_all(state, models, now)
  return { 0, math.ceil(wait), reason, now, version }
end
charge(models.req, req)
charge(models.tok, tok)
save_all(state, models, now)
redis.call('ZADD', leases, now + tonumber(ARGV[4]), ARGV[1])
redis.call('HSET', amounts, ARGV[1], req .. ',' .. tok)
redis.call('SADD', KEYS[5], ARGV[1])
redis.call('ZADD', KEYS[6], now, ARGV[1] .. ',' .. req .. ',' .. tok)
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now - 60000)
return { 1, now, version }
`;

/**
 * KEYS: cfg, state, leases, amounts, the member's leases. ARGV: lease id, requests used, tokens used.
 * What was reserved and not used comes back; more used than reserved is charged. A lease that
 * lapsed before its settle was given back already: then all that was used is charged.
 */
export const SETTLE = `${COMMON}
local now = now_ms()
local cfg, state, leases, amounts = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local models = load_all(cfg, state, now)
reap(models, leases, amounts, now)
local usedReq, usedTok = tonumber(ARGV[2]), tonumber(ARGV[3])
local held = redis.call('HGET', amounts, ARGV[1])
local heldReq, heldTok = split(held)
charge(models.req, usedReq - heldReq)
charge(models.tok, usedTok - heldTok)
redis.call('HDEL', amounts, ARGV[1])
redis.call('ZREM', leases, ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
save_all(state, models, now)
return { held and 1 or 0, now }
`;

/**
 * KEYS: cfg, state, leases, amounts. ARGV: wait ms, dimensions to drain ('req', 'tok', 'both' or '').
 * A 429 one member met: every member waits behind the gate, and what the server said is spent is spent.
 */
export const COOL_DOWN = `${COMMON}
local now = now_ms()
local cfg, state, leases, amounts = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local models = load_all(cfg, state, now)
reap(models, leases, amounts, now)
local gate = math.max(num(redis.call('HGET', cfg, 'gate'), 0), now + tonumber(ARGV[1]))
redis.call('HSET', cfg, 'gate', gate)
for _, d in ipairs(DIMS) do
  local m = models[d]
  if m ~= nil and (ARGV[2] == 'both' or ARGV[2] == d) then
    if m.kind == 'window' then m.used = math.max(m.used, m.allow) else m.lvl = math.min(m.lvl, 0) end
  end
end
save_all(state, models, now)
redis.call('HINCRBY', cfg, 'ver', 1)
return { gate - now, now }
`;

/**
 * KEYS: cfg, state, recent. ARGV: 'set' (what was learned) or 'offer' (what a newcomer was told: taken only
 * where nothing is known yet), dimension, limit per minute ('' = none), kind, then for a bucket its
 * capacity, for a window its length, phase (in Redis time), allowance, guard and what the current
 * window has used.
 * What one member learned, for all: a bucket keeps its level (within the new capacity), a window
 * what it used; a bucket, or a window a whole multiple as long, does not replace a window. Each member sees the server's boundary with its own delay: of two phases of one
 * length, the later stands (a window turning before the server's lets a burst into a full one)
 * with the wider guard; and the larger allowance, since each member sees at most what a window
 * holds (less when another member was first into it).
 */
export const PUBLISH = `${COMMON}
local now = now_ms()
local cfg, state, recent = KEYS[1], KEYS[2], KEYS[3]
local d = ARGV[2]
if ARGV[1] == 'offer' and redis.call('HEXISTS', cfg, d .. 'Limit') == 1 then return { now } end
local before = load(cfg, state, d, now)
local longer = ARGV[4] == 'window' and before ~= nil and before.kind == 'window' and tonumber(ARGV[5]) > before.len and tonumber(ARGV[5]) % before.len == 0
if ARGV[3] ~= '' and before ~= nil and before.kind == 'window' and (ARGV[4] ~= 'window' or longer) then
  -- A member that has not confirmed the window yet (its burst grew), or that took two windows for
  -- one (it sent nothing in the one between), knows less than the one that published this window:
  -- it stands, at the limit now in force.
  redis.call('HSET', cfg, d .. 'Limit', ARGV[3])
  redis.call('HINCRBY', cfg, 'ver', 1)
  return { now }
end
if ARGV[3] == '' then
  redis.call('HDEL', cfg, d .. 'Limit', d .. 'Kind', d .. 'Cap', d .. 'Len', d .. 'Phase', d .. 'Allow', d .. 'Guard')
else
  redis.call('HSET', cfg, d .. 'Limit', ARGV[3], d .. 'Kind', ARGV[4])
  if ARGV[4] == 'window' then
    local len, phase, allow, guard = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), num(ARGV[8], 0)
    if before ~= nil and before.kind == 'window' and before.len == len then
      if (phase - before.phase) % len > len / 2 then phase = before.phase end
      allow = math.max(allow, before.allow)
      guard = math.max(guard, before.guard)
    end
    redis.call('HSET', cfg, d .. 'Len', len, d .. 'Phase', phase, d .. 'Allow', allow, d .. 'Guard', guard)
  else
    redis.call('HSET', cfg, d .. 'Cap', ARGV[5])
  end
  local after = load(cfg, state, d, now)
  if before ~= nil and before.kind == 'bucket' and after.kind == 'bucket' then after.lvl = math.min(before.lvl, after.cap) end
  if before ~= nil and before.kind == 'window' and after.kind == 'window' then after.used = before.used end
  -- A window counts at least what its publisher knows the server counted in it. One that was a
  -- bucket until now counts what was reserved since it began (since its guard began: that much
  -- earlier may have reached the server in it).
  if after.kind == 'window' then
    after.used = math.max(after.used, num(ARGV[9], 0))
    if before ~= nil and before.kind == 'bucket' then
      local since = after.idx * after.len + after.phase - after.guard
      local reserved = 0
      for _, entry in ipairs(redis.call('ZRANGEBYSCORE', recent, since, '+inf')) do
        local req, tok = string.match(entry, ',([^,]*),([^,]*)$')
        reserved = reserved + num(d == 'req' and req or tok, 0)
      end
      after.used = math.max(after.used, reserved)
    end
  end
  save(state, d, after, now)
end
redis.call('HINCRBY', cfg, 'ver', 1)
return { now }
`;

/**
 * KEYS: members, leases, member's leases (set). ARGV: member id, ttl ms, lease ms.
 * Keeps the member and its open leases alive; returns the live members and the time.
 */
export const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('ZADD', KEYS[2], 'XX', 'CH', now + tonumber(ARGV[3]), id) == 0 and redis.call('ZSCORE', KEYS[2], id) == false then
    redis.call('SREM', KEYS[3], id)
  end
end
return { redis.call('ZCARD', KEYS[1]), now }
`;
