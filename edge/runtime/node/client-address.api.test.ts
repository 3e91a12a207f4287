import { request } from "node:http";
import { serve, type ServerType } from "@hono/node-server";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.js";
import { createPorts } from "../index.js";
import { nodeClientAddress } from "./index.js";

// Two tries per address and email, then 429: small enough to reach in a test.
const LOGIN_RATE_LIMIT = 2;

const randomHost = (network: number) => {
  const [a = 0, b = 0, c = 0] = crypto.getRandomValues(new Uint8Array(3));
  return `${network}.${a}.${b}.${1 + (c % 254)}`;
};
/** A loopback address of its own per test (Linux answers on all of 127/8), so no other test's logins count against it. */
const freshLoopback = () => randomHost(127);
const freshClient = () => randomHost(10);

let server: ServerType | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function nodeEdge(trustedProxies: string): Promise<number> {
  const ports = await createPorts({
    LOG_LEVEL: "warn",
    ...inject("stackEnv"),
    LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT),
    TRUSTED_PROXIES: trustedProxies,
  });
  const app = createApp({ ports: () => ports, clientAddress: nodeClientAddress });
  return new Promise((resolve) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => resolve(info.port));
  });
}

/** A failed sign-in sent from `from` over a real socket, optionally claiming to forward for someone. */
function login(port: number, from: string, email: string, forwardedFor?: string): Promise<number> {
  const body = JSON.stringify({ email, password: "not the password" });
  const headers: Record<string, string> = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) };
  if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, localAddress: from, method: "POST", path: "/auth/login", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the caller's address on Node (login rate limits key on it)", () => {
  it("is the socket's peer: a made-up X-Forwarded-For does not buy more tries", async () => {
    const port = await nodeEdge("");
    const from = freshLoopback();
    const email = `spoof-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const answers = [];
    for (let i = 0; i <= LOGIN_RATE_LIMIT; i++) answers.push(await login(port, from, email, freshClient()));
    expect(answers).toEqual([401, 401, 429]);
  });

  it("is the forwarded client behind a trusted proxy, each client with tries of its own", async () => {
    const proxy = freshLoopback();
    const port = await nodeEdge(proxy);
    const email = `proxied-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const first = freshClient();
    const answers = [];
    for (let i = 0; i <= LOGIN_RATE_LIMIT; i++) answers.push(await login(port, proxy, email, first));
    expect(answers).toEqual([401, 401, 429]);
    expect(await login(port, proxy, email, freshClient())).toBe(401);
  });
});
