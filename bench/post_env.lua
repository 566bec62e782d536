-- post_env.lua - wrk script: POST the urlencoded form in $WRK_BODY to the URL given (what
-- bench/shared-web.sh sends to /predict and /rank), then print the same "WRKJSON {...}" line as
-- the Flask peer's scripts (latencies in ms).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = os.getenv("WRK_BODY")

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_s":%.3f,"rps":%.2f,"p50_ms":%.3f,"p90_ms":%.3f,' ..
    '"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,"non2xx3xx":%d,"connect_err":%d,' ..
    '"read_err":%d,"write_err":%d,"timeout_err":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, latency.mean / 1e3, e.status, e.connect, e.read, e.write, e.timeout))
end
