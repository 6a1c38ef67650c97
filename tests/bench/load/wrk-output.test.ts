import { describe, expect, it } from "vitest";
import { parseWrkOutput, WrkOutputError } from "../../../bench/load/wrk-output.ts";

// Printed by Debian's wrk 4.1.0 (`wrk -t1 -c50 -d5s --latency`).
const OUTPUT = `Running 5s test @ http://127.0.0.1:18080/feed.xml
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    43.18ms   74.87ms 372.91ms   86.39%
    Req/Sec     4.73k     3.57k   13.60k    65.85%
  Latency Distribution
     50%    6.51ms
     75%   45.34ms
     90%  158.39ms
     99%  319.87ms
  20620 requests in 5.16s, 5.72GB read
Requests/sec:   3992.50
Transfer/sec:      1.11GB`;

const WITH_ERRORS = `Running 1s test @ http://127.0.0.1:1/feed.xml
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.00us  100.00us   2.00ms   90.00%
    Req/Sec    30.00k     1.00k   31.00k    80.00%
  Latency Distribution
     50%  790.00us
     75%  850.00us
     90%    0.90ms
     99%    1.20ms
  30123 requests in 1.00s, 4.50MB read
  Socket errors: connect 0, read 2, write 1, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:  30120.45
Transfer/sec:      4.50MB`;

describe("parseWrkOutput", () => {
  it("reads requests, duration, bytes and the request rate", () => {
    expect(parseWrkOutput(OUTPUT)).toMatchObject({
      requests: 20620,
      seconds: 5.16,
      bytesRead: 5.72 * 1024 ** 3,
      requestsPerSecond: 3992.5,
      non2xx3xx: 0,
      socketErrors: 0,
    });
  });

  it.each([
    ["milliseconds", OUTPUT, 6.51, 319.87],
    ["microseconds", WITH_ERRORS, 0.79, 1.2],
  ])("reads p50 and p99 given in %s", (_unit, output, p50, p99) => {
    const result = parseWrkOutput(output);
    expect(result.p50Ms).toBeCloseTo(p50, 6);
    expect(result.p99Ms).toBeCloseTo(p99, 6);
  });

  it("counts non-2xx/3xx responses and socket errors", () => {
    expect(parseWrkOutput(WITH_ERRORS)).toMatchObject({ non2xx3xx: 7, socketErrors: 6 });
  });

  it("says what is missing when --latency was not given", () => {
    const withoutLatency = OUTPUT.replace(/ {2}Latency Distribution[\s\S]*?99%.*\n/u, "");
    expect(() => parseWrkOutput(withoutLatency)).toThrow(WrkOutputError);
    expect(() => parseWrkOutput(withoutLatency)).toThrow("no latency distribution");
  });
});
