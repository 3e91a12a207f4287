import { serve } from "@hono/node-server";
import { inject } from "vitest";
import { createApp, type AppExtensions } from "../../edge/app.js";
import type { EdgePorts } from "../../edge/ports/index.js";
import { createPorts } from "../../edge/runtime/index.js";
import { freePort } from "./free-port.js";

export interface Answer {
  status: number;
  headers: Headers;
  body: any; // parsed JSON of any shape; tests assert on it
}

export interface Harness {
  ports: EdgePorts;
  call(
    method: string,
    path: string,
    opts?: { json?: unknown; token?: string; headers?: Record<string, string>; body?: string },
  ): Promise<Answer>;
}

/**
 * The edge app in this process, with real ports built from the stack's environment: every call
 * goes through the app's front door (routing, middleware, validation, error mapping).
 */
export async function edgeHarness(overrides: Record<string, string> = {}, address = randomAddress()): Promise<Harness> {
  const ports = await createPorts({ LOG_LEVEL: "warn", ...inject("stackEnv"), ...overrides });
  const app = createApp({ ports: () => ports, clientAddress: () => address });
  return {
    ports,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body = opts.body;
      if (opts.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(opts.json);
      }
      const res = await app.request(path, { method, headers, body });
      const text = await res.text();
      const json = res.headers.get("content-type")?.includes("json");
      return { status: res.status, headers: res.headers, body: json && text ? JSON.parse(text) : text };
    },
  };
}

export const uniqueEmail = (tag = "user") => `${tag}-${crypto.randomUUID().slice(0, 12)}@example.test`;

export interface SignedUp {
  email: string;
  password: string;
  token: string;
  refreshToken: string;
  userId: string;
}

export async function signUp(h: Harness, name = "Test Viewer"): Promise<SignedUp> {
  const email = uniqueEmail();
  const password = "correct horse battery";
  const res = await h.call("POST", "/auth/register", { json: { name, email, password } });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, password, token: res.body.data.token, refreshToken: res.body.data.refresh_token, userId: res.body.data.user.id };
}

/** Each harness looks like its own client, so per-address rate limits of one test do not touch another. */
function randomAddress(): string {
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  return `10.${a}.${b}.${c}`;
}

/** The same app on a real port, for clients that need a URL (ffprobe, players, Prometheus). */
export async function edgeServer(
  overrides: Record<string, string> = {},
  extensions: AppExtensions = {},
): Promise<{ url: string; ports: EdgePorts; close(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The URLs it writes (playback, manifests) must lead back to this server.
  const ports = await createPorts({ LOG_LEVEL: "warn", ...inject("stackEnv"), PUBLIC_BASE_URL: url, ...overrides });
  const app = createApp({ ports: () => ports, clientAddress: () => "127.0.0.1" }, undefined, extensions);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port }, () => {
      resolve({ url, ports, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
