-- Used by bench/ingest_bench.py: replay pre-signed ingest deliveries, one per request.
--   wrk ... -s bench/ingest_wrk_replay.lua URL -- FILE NTHREADS
-- FILE has one delivery per line: webhook-id TAB webhook-timestamp TAB webhook-signature
-- TAB body (compact JSON, so no raw tabs or newlines). Thread k (1-based) sends the lines
-- k, k+NTHREADS, ... so no two requests share a webhook-id; if a thread runs out it starts
-- over (duplicates), which `done` reports as "wrapped" and the benchmark treats as an error.
-- wrk has no HMAC: the signatures are computed beforehand, in Python, right before the run.
local threads = {}
local counter = 1

setup = function(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local reqs = {}
n = 0
issued = 0

init = function(args)
  local path, nthreads = args[1], tonumber(args[2] or "1")
  local k = 0
  for line in io.lines(path) do
    k = k + 1
    if (k - tid) % nthreads == 0 then
      local id, ts, sig, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      n = n + 1
      reqs[n] = wrk.format("POST", nil, {
        ["Content-Type"] = "application/json",
        ["webhook-id"] = id,
        ["webhook-timestamp"] = ts,
        ["webhook-signature"] = sig,
      }, body)
    end
  end
end

request = function()
  issued = issued + 1
  return reqs[((issued - 1) % n) + 1]
end

done = function(summary, latency, requests)
  local total_issued, available = 0, 0
  for _, t in ipairs(threads) do
    total_issued = total_issued + t:get("issued")
    available = available + t:get("n")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"duration_us":%d,"requests":%d,"bytes":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,' ..
    '"lat_mean_us":%.1f,"lat_p50_us":%d,"lat_p90_us":%d,"lat_p99_us":%d,"lat_max_us":%d,' ..
    '"issued":%d,"available":%d}\n',
    summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, total_issued, available))
end
