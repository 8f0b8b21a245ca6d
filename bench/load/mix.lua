-- wrk script for bench/load.sh: a mix of link verifications (60 %), forgot-password requests
-- (30 %) and completions (10 %). Every thread completes its own share of the issued tokens, each
-- once; later completion requests reuse spent tokens and must be refused (4xx), never fail (5xx).
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local function lines(path)
  local list = {}
  for line in io.lines(path) do table.insert(list, line) end
  return list
end

function init(args)
  local folder = args[1]
  tokens, emails = {}, lines(folder .. "/emails.txt")
  for _, line in ipairs(lines(folder .. "/tokens.txt")) do
    local token, csrf = line:match("^(%S+) (%S+)$")
    table.insert(tokens, { token = token, csrf = csrf })
  end
  forgot_cookie, forgot_csrf = lines(folder .. "/forgot-csrf.txt")[1]:match("^(%S+) (%S+)$")
  nthreads = tonumber(args[2])
  next_completion = id            -- this thread's tokens: id, id + nthreads, ...
  n = 0
  statuses = {}
end

function request()
  n = n + 1
  local pick = n % 10
  if pick < 6 then
    local t = tokens[math.random(#tokens)]
    return wrk.format("GET", "/cgi-bin/resetlink/link?token=" .. t.token)
  elseif pick < 9 then
    local body = "csrf=" .. forgot_csrf .. "&email=" .. emails[math.random(#emails)] .. "&username="
    return wrk.format("POST", "/cgi-bin/resetlink/forgot",
      { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "resetlink_form=" .. forgot_cookie }, body)
  else
    local t = tokens[((next_completion - 1) % #tokens) + 1]
    next_completion = next_completion + nthreads
    local password = "load test password " .. t.token:sub(1, 12)
    local body = "password=" .. password:gsub(" ", "+") .. "&confirm=" .. password:gsub(" ", "+") .. "&csrf=" .. t.csrf
    return wrk.format("POST", "/cgi-bin/resetlink/new-password",
      { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "resetlink_token=" .. t.token }, body)
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do totals[status] = (totals[status] or 0) + count end
  end
  local keys = {}
  for status in pairs(totals) do table.insert(keys, status) end
  table.sort(keys)
  local server_errors = 0
  for _, status in ipairs(keys) do
    io.write(string.format("status %d: %d\n", status, totals[status]))
    if status >= 500 then server_errors = server_errors + totals[status] end
  end
  io.write(string.format("requests %d, socket errors %d, 5xx %d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, server_errors))
  io.write(string.format("latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
