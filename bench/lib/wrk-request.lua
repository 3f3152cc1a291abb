-- wrk script for bench/run.sh. Environment:
--   BENCH_TARGET  request target: an absolute URL when talking to a proxy (absolute-form),
--                 a path when talking to the origin directly (origin-form)
--   BENCH_HOST    Host header value (host:port of the origin)
--   BENCH_CLOSE   "1" sends Connection: close (a new connection per request)
-- Prints one machine-readable line: "WRK requests=.. seconds=.. rps=.. p50_ms=.. p99_ms=.. errors=.."
wrk.method = "GET"
wrk.path = os.getenv("BENCH_TARGET")
wrk.headers["Host"] = os.getenv("BENCH_HOST")
if os.getenv("BENCH_CLOSE") == "1" then
  wrk.headers["Connection"] = "close"
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "WRK requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout,
    e.connect, e.read, e.write, e.status, e.timeout))
end
