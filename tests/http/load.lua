-- load.lua - wrk script for t60-load.sh: POST /predict (JSON), counting non-200 answers and answers
-- that do not name the expected author (passed after "--"), and those the shared model answered
-- (a pair being retrained), summed over wrk's threads.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.body = os.getenv("LOAD_BODY")
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok, bad, wrong, live, expect = 0, 0, 0, 0, args[1] end
function response(status, headers, body)
    if status ~= 200 then bad = bad + 1
    elseif not string.find(body, expect, 1, true) then wrong = wrong + 1
    else
        ok = ok + 1
        if string.find(body, '"model":"shared"', 1, true) then live = live + 1 end
    end
end
function done(summary, latency, requests)
    local o, b, w, l = 0, 0, 0, 0
    for _, t in ipairs(threads) do
        o, b, w, l = o + t:get("ok"), b + t:get("bad"), w + t:get("wrong"), l + t:get("live")
    end
    local e = summary.errors
    io.write(string.format("RESULT ok=%d bad_status=%d wrong=%d live=%d socket_errors=%d p99_ms=%.1f\n",
        o, b, w, l, e.connect + e.read + e.write + e.timeout, latency:percentile(99) / 1000))
end
