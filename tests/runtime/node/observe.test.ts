import { describe, expect, it } from "vitest";
import { SubscriberCounter } from "../../../src/http/subscribers.ts";
import {
  clientAddress,
  createObserver,
  type IncomingRequest,
} from "../../../src/runtime/node/observe.ts";

function incoming(overrides: Partial<IncomingRequest> = {}): IncomingRequest {
  return {
    url: "/feed.xml",
    method: "GET",
    headers: { "user-agent": "Newsboat/2.30" },
    socket: { remoteAddress: "198.51.100.7" },
    ...overrides,
  };
}

/** An observer that collects its access lines, and the counter it feeds. */
function observer(isProxyTrusted = false) {
  const lines: string[] = [];
  const subscribers = new SubscriberCounter();
  const observe = createObserver({
    subscribers,
    metrics: undefined,
    logAccess: (line) => lines.push(line),
    isProxyTrusted,
  });
  return { observe, subscribers, lines: () => lines.map((line) => JSON.parse(line)) };
}

describe("createObserver", () => {
  it("logs the request target, status and User-Agent of a request", () => {
    const { observe, lines } = observer();
    const response = new Response("x", { status: 200, headers: { "Content-Length": "1" } });
    observe(incoming({ url: "/feed.xml?limit=3" }), response, 0);
    expect(lines()).toEqual([
      expect.objectContaining({
        client: "198.51.100.7",
        method: "GET",
        path: "/feed.xml?limit=3",
        status: 200,
        bytes: 1,
        user_agent: "Newsboat/2.30",
      }),
    ]);
  });

  it.each([
    ["HEAD", 200],
    ["GET", 304],
    ["OPTIONS", 204],
  ])("counts no body bytes for %s answered %i", (method, status) => {
    const { observe, lines } = observer();
    const body = status === 200 ? "" : null;
    observe(
      incoming({ method }),
      new Response(body, { status, headers: { "Content-Length": "99" } }),
      0,
    );
    expect(lines()[0]?.bytes).toBe(0);
  });

  it("takes the bytes of a response without Content-Length from its body", async () => {
    const { observe, lines } = observer();
    observe(incoming({ url: "/nope" }), new Response("Not found.\n", { status: 404 }), 0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines()[0]?.bytes).toBe(11);
  });

  it("counts a feed poll as a subscriber, and nothing else", () => {
    const { observe, subscribers } = observer();
    observe(incoming({ url: "/feed.xml?limit=5" }), new Response(null, { status: 304 }), 0);
    observe(incoming({ url: "/articles/a" }), new Response("x", { status: 200 }), 0);
    expect(subscribers.counts(Date.now())).toEqual([
      { feed: "/feed.xml", source: "direct", subscribers: 1 },
    ]);
  });
});

describe("clientAddress", () => {
  const forwarded = incoming({ headers: { "x-forwarded-for": "203.0.113.9, 192.0.2.44" } });

  it("is the connection's peer by default, whatever X-Forwarded-For says", () => {
    expect(clientAddress(forwarded, false)).toBe("198.51.100.7");
  });

  it("is the last X-Forwarded-For address with TRUST_PROXY=on: the one the proxy appended", () => {
    expect(clientAddress(forwarded, true)).toBe("192.0.2.44");
  });

  it.each([[""], [" , "], ["x".repeat(100)]])(
    "falls back to the peer for the header %j",
    (header) => {
      expect(clientAddress(incoming({ headers: { "x-forwarded-for": header } }), true)).toBe(
        "198.51.100.7",
      );
    },
  );
});
