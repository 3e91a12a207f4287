import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { contentTypeOf, fileNameOf, webAppRoutes, type WebFiles } from "./static-site.js";
import { API_PATH_PATTERNS, isApiPath, WEB_APP_ROUTES } from "./web-paths.js";

const memoryFiles =
  (files: Record<string, string>): WebFiles =>
  async (name) =>
    name in files ? { body: new TextEncoder().encode(files[name]), etag: `"${name}"` } : null;

const site = (files: Record<string, string>) => {
  const app = new Hono();
  app.route("/", webAppRoutes(memoryFiles(files)));
  app.notFound((c) => c.json({ message: "Resource Not Found" }, 404));
  return app;
};

const built = {
  "index.html": "<main id=main></main>",
  "docs.html": "<main id=swagger-ui></main>",
  "assets/app-ABC.js": "console.log(1)",
  "favicon.svg": "<svg/>",
  _headers: "/*",
};

describe("which paths are the API's", () => {
  it("are the same list wrangler.toml routes to the Worker before its assets", () => {
    const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");
    const line = /^run_worker_first = (\[.*\])$/m.exec(toml);
    expect(JSON.parse(line![1]!)).toEqual([...API_PATH_PATTERNS]);
  });

  it("cover the API and none of the web app's routes", () => {
    for (const path of [
      "/auth/login",
      "/users/me",
      "/uploads",
      "/uploads/vid_1/complete",
      "/videos",
      "/videos/vid_1",
      "/videos/vid_1/manifest.mpd",
      "/health",
      "/openapi.json",
      "/.well-known/jwks.json",
    ]) {
      expect(isApiPath(path), path).toBe(true);
    }
    for (const route of WEB_APP_ROUTES) expect(isApiPath(route.replace(":id", "vid_1")), route).toBe(false);
    expect(isApiPath("/healthz")).toBe(false);
    expect(isApiPath("/authors")).toBe(false);
  });
});

describe("the web app's files on Node, Bun and Deno", () => {
  it("serves a built file with its type, the security headers and a cache policy by kind", async () => {
    const app = site(built);
    const js = await app.request("/assets/app-ABC.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(js.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(js.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await js.text()).toBe("console.log(1)");
    const index = await app.request("/");
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(index.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    expect((await app.request("/favicon.svg")).headers.get("content-type")).toBe("image/svg+xml");
  });

  it("serves the API reference, docs.html, at /docs as Workers assets does, under the same CSP", async () => {
    const res = await site(built).request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await res.text()).toBe(built["docs.html"]);
  });

  it("answers client routes and unknown paths with index.html, as Workers' single-page-application mode does", async () => {
    const app = site(built);
    for (const path of ["/watch/vid_1", "/library", "/upload", "/me", "/signin", "/nope.js", "/_headers", "/..%2fwrangler.toml"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe(built["index.html"]);
    }
  });

  it("leaves API paths to the API, and everything to the 404 while nothing is built", async () => {
    expect((await site(built).request("/videos/vid_1")).status).toBe(404);
    expect((await site(built).request("/auth/unknown")).status).toBe(404);
    expect((await site({}).request("/")).status).toBe(404);
  });

  it("answers a matching If-None-Match with 304 and no body", async () => {
    const res = await site(built).request("/assets/app-ABC.js", { headers: { "if-none-match": '"assets/app-ABC.js"' } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
  });

  it("never names a file outside the build", () => {
    expect(fileNameOf("/")).toBe("index.html");
    expect(fileNameOf("/assets/app.js")).toBe("assets/app.js");
    expect(fileNameOf("/../etc/passwd")).toBeNull();
    expect(fileNameOf("/assets/%2e%2e/%2e%2e/package.json")).toBeNull();
    expect(fileNameOf("/.env")).toBeNull();
    expect(fileNameOf("/a%5cb")).toBeNull();
    expect(fileNameOf("/%E0%A4%A")).toBeNull();
    expect(contentTypeOf("x.unknown")).toBe("application/octet-stream");
  });
});
