-- wrk script for bench/run: optional POST body (WRK_BODY, JSON), bearer token
-- (WRK_TOKEN) and Accept-Encoding (WRK_ACCEPT_ENCODING); prints one machine-readable line with throughput, latency percentiles
-- (milliseconds) and errors.
local body = os.getenv("WRK_BODY")
local token = os.getenv("WRK_TOKEN")
local accept_encoding = os.getenv("WRK_ACCEPT_ENCODING")
if body and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
if accept_encoding and accept_encoding ~= "" then
  wrk.headers["Accept-Encoding"] = accept_encoding
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
