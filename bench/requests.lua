-- wrk script for bench/delivery: POST /api/v1/meetings with the next body of WRK_BODIES (one
-- JSON body per line, each a different company-buyer pair, so that no request is a duplicate)
-- as the desk (WRK_TOKEN); prints the same RESULT line as report.lua. Run it with one thread
-- (-t1): each thread has its own Lua state, and two would send the same bodies.
local bodies = {}
for line in io.lines(os.getenv("WRK_BODIES")) do
  bodies[#bodies + 1] = line
end
-- WRK_SKIP: start after that many bodies (a later turn of the same database).
local next_body = tonumber(os.getenv("WRK_SKIP") or "0")
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN"),
}

request = function()
  next_body = next_body + 1
  return wrk.format("POST", "/api/v1/meetings", headers, bodies[next_body] or bodies[#bodies])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d rps=%.1f p50=%.2f p95=%.2f p99=%.2f socket_errors=%d non2xx=%d\n",
    summary.requests,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout,
    e.status))
end
