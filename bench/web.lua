-- wrk script for bench/web.sh: at the end, one line
-- "bench: P50 P95 P99 RPS ERRORS" (milliseconds; errors: non-2xx
-- answers, socket errors and timeouts).
done = function(summary, latency, requests)
	local e = summary.errors
	local errors = e.connect + e.read + e.write + e.timeout + e.status
	io.write(string.format("bench: %.1f %.1f %.1f %.0f %d\n",
	    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
	    latency:percentile(99) / 1000,
	    summary.requests / (summary.duration / 1e6), errors))
end
