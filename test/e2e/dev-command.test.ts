import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isListening } from "../../local/infra/tcp-probe.js";
import { freePort } from "../../local/testing/free-port.js";

/** `npm run dev` as a user runs it: one command, a ready line, curl-like calls, Ctrl-C, and again. */
interface Dev {
  child: ChildProcess;
  output: () => string;
}

async function startDev(env: Record<string, string>): Promise<Dev> {
  const child = spawn("npm", ["run", "dev"], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/^ready: edge http:\/\/127\.0\.0\.1:\d+/m.test(output)) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm run dev exited early:\n${output}`));
      }
    }, 200);
  });
  return { child, output: () => output };
}

/** Ctrl-C in a terminal signals the whole foreground group: npm, our launcher and its children. */
async function ctrlC(dev: Dev): Promise<void> {
  const exited = new Promise<void>((resolve) => dev.child.once("exit", () => resolve()));
  process.kill(-dev.child.pid!, "SIGINT");
  await exited;
}

const listening = (port: string) => isListening({ host: "127.0.0.1", port: Number(port) });

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("npm run dev", () => {
  it("serves the accounts API, stops on Ctrl-C, and keeps the data for the next run", { timeout: 240_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "vod-dev-"));
    dirs.push(dataDir);
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      DATABASE_NAME: "vod_e2e",
      EDGE_PORT: String(port),
      NEON_PROXY_PORT: String(await freePort()),
      UPSTASH_PROXY_PORT: String(await freePort()),
      S3_PORT: String(await freePort()),
      ORIGIN_METRICS_PORTS: (await distinctFreePorts(6)).join(","),
      CDN_PORT: String(await freePort()),
    };
    const api = `http://127.0.0.1:${port}`;
    const call = async (method: string, path: string, json?: unknown, token?: string) => {
      const headers: Record<string, string> = json ? { "content-type": "application/json" } : {};
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(api + path, { method, headers, body: json ? JSON.stringify(json) : undefined });
      return { status: res.status, body: await res.json() };
    };

    const first = await startDev(env);
    expect(first.output()).toContain(`ready: edge ${api}`);
    // Every origin process serves its metrics where the ready line says: relay, projector, dead-letter, deleter, two encoders.
    const metricsUrls =
      first
        .output()
        .match(/ metrics ((?:http:\/\/\S+\/metrics ?)+)/)?.[1]
        ?.trim()
        .split(" ") ?? [];
    expect(metricsUrls).toHaveLength(6);
    for (const url of metricsUrls) expect(await (await fetch(url)).text(), url).toContain("process_cpu_seconds_total");
    expect(await call("GET", "/health")).toEqual({ status: 200, body: { status: "healthy", checks: { database: "ok", redis: "ok" } } });

    const email = `dev-${crypto.randomUUID().slice(0, 8)}@example.test`;
    expect((await call("POST", "/auth/register", { name: "Dev User", email, password: "dev-password" })).status).toBe(201);
    const login = await call("POST", "/auth/login", { email, password: "dev-password" });
    expect(login.status).toBe(200);
    const refreshed = await call("POST", "/auth/refresh", { refresh_token: login.body.data.refresh_token });
    expect(refreshed.status).toBe(200);
    const token = refreshed.body.data.token;
    expect((await call("PATCH", "/users/me", { name: "Dev Renamed" }, token)).body.data.user.name).toBe("Dev Renamed");
    expect((await call("PUT", "/users/me/settings", { default_quality: "480p" }, token)).status).toBe(200);
    expect((await call("POST", "/auth/logout", undefined, token)).status).toBe(200);
    expect((await call("GET", "/auth/profile", undefined, token)).status).toBe(401);

    await ctrlC(first);
    expect(first.output()).toContain("[stack] stopping");
    // Everything it started has stopped: no port of the stack is still listening.
    const originPorts = env.ORIGIN_METRICS_PORTS.split(",");
    for (const port of [env.EDGE_PORT, env.NEON_PROXY_PORT, env.UPSTASH_PROXY_PORT, env.S3_PORT, env.CDN_PORT, ...originPorts]) {
      expect(await listening(port)).toBe(false);
    }

    const second = await startDev(env);
    try {
      const again = await call("POST", "/auth/login", { email, password: "dev-password" });
      expect(again.status).toBe(200);
      expect(again.body.data.user.name).toBe("Dev Renamed");
      expect((await call("GET", "/users/me/settings", undefined, again.body.data.token)).body.data.settings.default_quality).toBe("480p");
    } finally {
      await ctrlC(second);
    }
  });
});
