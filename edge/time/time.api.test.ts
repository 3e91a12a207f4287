import { beforeAll, describe, expect, it } from "vitest";
import { edgeHarness, type Harness } from "../../local/testing/edge-harness.js";

let h: Harness;
beforeAll(async () => {
  h = await edgeHarness();
});

// xs:dateTime as DASH's http-xsdate clock expects it: UTC with milliseconds.
const XS_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("GET /time", () => {
  it("answers the current time as an xs:dateTime, never cached", async () => {
    const before = Date.now();
    const res = await h.call("GET", "/time");
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(String(res.body)).toMatch(XS_DATE_TIME);
    const at = Date.parse(String(res.body));
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });

  it("is readable from any origin, without credentials, even from one on the allow-list", async () => {
    for (const origin of ["https://player.example", "http://app.test"]) {
      const res = await h.call("GET", "/time", { headers: { origin } });
      expect(res.headers.get("access-control-allow-origin"), origin).toBe("*");
      expect(res.headers.get("access-control-allow-credentials"), origin).toBeNull();
    }
  });

  it("is documented in the OpenAPI description", async () => {
    const doc = (await h.call("GET", "/openapi.json")).body;
    expect(doc.paths["/time"].get.responses["200"].content).toHaveProperty("text/plain");
  });
});
