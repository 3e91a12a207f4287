import { describe, expect, it } from "vitest";
import { clientBehindProxies } from "./trusted-proxies.js";

describe("the client address on Node, Bun and Deno", () => {
  it("is the socket peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientBehindProxies("198.51.100.7", "203.0.113.9", [])).toBe("198.51.100.7");
    expect(clientBehindProxies("198.51.100.7", "203.0.113.9", ["10.0.0.1"])).toBe("198.51.100.7");
  });

  it("is the address a trusted proxy forwarded, not what the client wrote before it", () => {
    expect(clientBehindProxies("10.0.0.1", "203.0.113.9", ["10.0.0.1"])).toBe("203.0.113.9");
    expect(clientBehindProxies("10.0.0.1", "6.6.6.6, 203.0.113.9", ["10.0.0.1"])).toBe("203.0.113.9");
  });

  it("skips every trusted hop of a chain of proxies", () => {
    expect(clientBehindProxies("10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", ["10.0.0.1", "10.0.0.2"])).toBe("203.0.113.9");
  });

  it("stays the peer when a trusted proxy forwarded nothing", () => {
    expect(clientBehindProxies("10.0.0.1", undefined, ["10.0.0.1"])).toBe("10.0.0.1");
    expect(clientBehindProxies("10.0.0.1", " , ", ["10.0.0.1"])).toBe("10.0.0.1");
  });

  it("matches an IPv4 proxy that a dual-stack socket reports as IPv4-mapped IPv6", () => {
    expect(clientBehindProxies("::ffff:10.0.0.1", "203.0.113.9", ["10.0.0.1"])).toBe("203.0.113.9");
    expect(clientBehindProxies("::ffff:198.51.100.7", undefined, [])).toBe("198.51.100.7");
  });
});
