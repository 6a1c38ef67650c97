import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AccessLogEntry, formatAccessLine } from "../../src/http/access-log.ts";

function entry(overrides: Partial<AccessLogEntry> = {}): AccessLogEntry {
  return {
    time: Date.UTC(2025, 11, 4, 10, 0, 0, 120),
    client: "192.0.2.7",
    method: "GET",
    path: "/feed.xml?limit=5",
    status: 200,
    bytes: 1234,
    durationMs: 0.8765,
    userAgent: "Newsboat/2.30 (Linux x86_64)",
    ...overrides,
  };
}

describe("formatAccessLine", () => {
  it("writes one JSON object with the fields in a fixed order", () => {
    expect(formatAccessLine(entry())).toBe(
      '{"time":"2025-12-04T10:00:00.120Z","client":"192.0.2.7","method":"GET",' +
        '"path":"/feed.xml?limit=5","status":200,"bytes":1234,"duration_ms":0.88,' +
        '"user_agent":"Newsboat/2.30 (Linux x86_64)"}',
    );
  });

  it("keeps a hostile User-Agent or path on its own line, escaped", () => {
    const line = formatAccessLine(
      entry({ userAgent: 'x"\n{"status":500}\r\u0000', path: '/"\n/x' }),
    );
    for (const raw of ["\n", "\r", "\u0000"]) expect(line).not.toContain(raw);
    expect(JSON.parse(line)).toMatchObject({
      user_agent: 'x"\n{"status":500}\r\u0000',
      path: '/"\n/x',
      status: 200,
    });
  });

  it("gives the line JSON.stringify gives for the same object, whatever the strings and numbers", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string({ maxLength: 600 }),
        fc.integer(),
        fc.oneof(fc.double(), fc.constant(0.005)),
        (client, method, userAgent, bytes, durationMs) => {
          const line = formatAccessLine(entry({ client, method, userAgent, bytes, durationMs }));
          expect(line).toBe(
            JSON.stringify({
              time: "2025-12-04T10:00:00.120Z",
              client,
              method,
              path: "/feed.xml?limit=5",
              status: 200,
              bytes,
              duration_ms: Math.round(durationMs * 100) / 100,
              user_agent: userAgent.length > 512 ? `${userAgent.slice(0, 512)}…` : userAgent,
            }),
          );
        },
      ),
    );
  });

  it("cuts a huge User-Agent and path, so a line stays small", () => {
    const line = formatAccessLine(
      entry({ userAgent: "A".repeat(16_000), path: `/${"p".repeat(16_000)}` }),
    );
    const parsed = JSON.parse(line) as { user_agent: string; path: string };
    expect(parsed.user_agent).toBe(`${"A".repeat(512)}…`);
    expect(parsed.path).toHaveLength(4097);
  });
});
