import { inject, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import { createPorts } from "../runtime/index.js";
import type { WebFiles } from "./static-site.js";
import { isApiPath } from "./web-paths.js";

/** The whole edge app with the web app's files beside the API, through its front door. */
let app: ReturnType<typeof createApp>;
const files: WebFiles = async (name) =>
  name === "index.html" ? { body: new TextEncoder().encode("<main id=main></main>"), etag: '"i"' } : null;

beforeAll(async () => {
  const ports = await createPorts({ LOG_LEVEL: "warn", ...inject("stackEnv") });
  app = createApp({ ports: () => ports, clientAddress: () => "10.9.9.9" }, { files });
});

describe("the web app beside the API", () => {
  it("every documented API path is an API path, so Workers route it to the Worker and never to index.html", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThan(15);
    for (const path of paths) expect(isApiPath(path.replace(/\{[^}]+\}/g, "x")), path).toBe(true);
  });

  it("serves index.html for the app's routes, and the API's JSON for API paths, found or not", async () => {
    const watch = await app.request("/watch/vid_anything");
    expect(watch.status).toBe(200);
    expect(await watch.text()).toBe("<main id=main></main>");
    expect((await app.request("/health")).headers.get("content-type")).toContain("application/json");
    const missing = await app.request("/videos/vid_doesnotexist");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: "Resource Not Found", data: {} });
    expect((await app.request("/auth/unknown")).status).toBe(404);
  });
});
