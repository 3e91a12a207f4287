import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { startEdge, type Runtime, type RunningEdge } from "../test/edge-runtimes.js";

const runtimes: Runtime[] = ["workerd", "node", "bun", "deno"];

async function call(base: string, method: string, path: string, opts: { json?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${path}`, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
  return { status: res.status, body: await res.json() };
}

describe.each(runtimes)("the edge on %s", (runtime) => {
  let edge: RunningEdge;
  beforeAll(async () => {
    edge = await startEdge(runtime, inject("stackEnv"));
  });
  afterAll(async () => {
    await edge?.stop();
  });

  it("serves register -> login -> profile -> upload -> logout over HTTP with the production drivers", async () => {
    const email = `${runtime}-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const registered = await call(edge.url, "POST", "/auth/register", { json: { name: `On ${runtime}`, email, password: "runtime-pass" } });
    expect(registered.status).toBe(201);

    const login = await call(edge.url, "POST", "/auth/login", { json: { email, password: "runtime-pass" } });
    expect(login.status).toBe(200);
    const token = login.body.data.token as string;

    const profile = await call(edge.url, "GET", "/auth/profile", { token });
    expect(profile.status).toBe(200);
    expect(profile.body.data.user).toMatchObject({ email, name: `On ${runtime}` });

    // Uploads: S3 presigning and HEAD through the AWS SDK on this runtime, the outbox write through Neon.
    const bytes = new TextEncoder().encode(`not really a video from ${runtime}`);
    const created = await call(edge.url, "POST", "/uploads", { token, json: { title: `From ${runtime}`, filename: "clip.mp4", content_type: "video/mp4", size_bytes: bytes.length } });
    expect(created.status).toBe(201);
    const { video, upload } = created.body.data;
    expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes })).status).toBe(200);
    const completed = await call(edge.url, "POST", `/uploads/${video.id}/complete`, { token });
    expect(completed.status).toBe(202);
    expect(completed.body.data.video.status).toBe("queued");

    expect((await call(edge.url, "POST", "/auth/logout", { token })).status).toBe(200);
    expect((await call(edge.url, "GET", "/auth/profile", { token })).status).toBe(401);
    expect((await call(edge.url, "POST", "/auth/login", { json: { email, password: "wrong-pass" } })).status).toBe(401);
  });
});
