import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect as connectNats } from "@nats-io/transport-node";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../testing/free-port.js";
import { spawnManaged } from "./child.js";
import { run } from "./exec.js";
import {
  ensureAptPackages,
  ensureDatabase,
  ensureFfmpeg,
  ensureNats,
  ensurePostgres,
  ensureRedis,
  type Log,
  type ServiceHandle,
  type ServiceOptions,
} from "./index.js";
import { isListening } from "./tcp-probe.js";
import { requireBinary } from "./which.js";

const MACHINE = {
  postgres: "postgres://postgres@127.0.0.1:5432/postgres",
  redis: "redis://127.0.0.1:6379",
  nats: "nats://127.0.0.1:4222",
};

const lines: string[] = [];
const log: Log = { info: (m) => lines.push(m), warn: (m) => lines.push(`WARN ${m}`) };

const dirs: string[] = [];
async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "vod-services-"));
  // As root our own Postgres runs as the postgres user, which must reach into mkdtemp's 0700 dir.
  await chmod(dir, 0o755);
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const listening = (port: number): Promise<boolean> => isListening({ host: "127.0.0.1", port });

async function pgQuery<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function withRedis<T>(url: string, fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  try {
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

async function streamNames(url: string, create?: string): Promise<string[]> {
  const nc = await connectNats({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    if (create) await jsm.streams.add({ name: create, subjects: [`${create.toLowerCase()}.>`] });
    return (await jsm.streams.names().next()).sort();
  } finally {
    await nc.close();
  }
}

/**
 * Starts our own server on a free port, writes through it, stops it (the port is free again), then starts it
 * again on the same data dir and checks what was kept; `lines` then holds the second start's log alone.
 */
async function startStopRestart(
  ensure: (opts: ServiceOptions) => Promise<ServiceHandle>,
  urlFor: (port: number) => string,
  write: (url: string) => Promise<unknown>,
  checkKept: (url: string) => Promise<void>,
): Promise<void> {
  const dataDir = await scratchDir();
  const port = await freePort();
  const url = urlFor(port);

  const first = await ensure({ url, dataDir, log });
  expect(first.startedByUs).toBe(true);
  await write(url);
  await first.stop();
  expect(await listening(port)).toBe(false);

  lines.length = 0;
  const second = await ensure({ url, dataDir, log });
  expect(second.startedByUs).toBe(true);
  await checkKept(url);
  await second.stop();
  expect(await listening(port)).toBe(false);
}

describe("reusing the services already running on this machine", () => {
  it("returns startedByUs=false for Postgres, Redis and NATS, which work and outlive stop()", async () => {
    const dataDir = await scratchDir();
    const handles = [
      await ensurePostgres({ url: MACHINE.postgres, dataDir, log }),
      await ensureRedis({ url: MACHINE.redis, dataDir, log }),
      await ensureNats({ url: MACHINE.nats, dataDir, log }),
    ];
    expect(handles.map((h) => [h.url, h.startedByUs])).toEqual([
      [MACHINE.postgres, false],
      [MACHINE.redis, false],
      [MACHINE.nats, false],
    ]);
    for (const handle of handles) await handle.stop();

    expect(await pgQuery(MACHINE.postgres, "select 1 as one")).toEqual([{ one: 1 }]);
    expect(await withRedis(MACHINE.redis, (r) => r.ping())).toBe("PONG");
    expect(Array.isArray(await streamNames(MACHINE.nats))).toBe(true);
  });

  it("ensureDatabase creates a database once, is idempotent and concurrent-safe, and rejects odd names", async () => {
    const name = `svc_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    try {
      const [a, b] = await Promise.all([ensureDatabase(MACHINE.postgres, name), ensureDatabase(MACHINE.postgres, name)]);
      expect(a).toBe(`postgres://postgres@127.0.0.1:5432/${name}`);
      expect(b).toBe(a);
      expect(await ensureDatabase(MACHINE.postgres, name)).toBe(a);
      expect(await pgQuery(a, "select current_database() as db")).toEqual([{ db: name }]);
    } finally {
      await pgQuery(MACHINE.postgres, `drop database if exists ${name}`);
    }
    await expect(ensureDatabase(MACHINE.postgres, 'Robert"; drop table users;--')).rejects.toThrow(/lower-case/);
  });

  it("refuses a NATS that answers without JetStream, naming the problem", async () => {
    const port = await freePort();
    const plain = spawnManaged({
      name: "nats-server",
      command: requireBinary("nats-server", "nats-server"),
      args: ["-a", "127.0.0.1", "-p", String(port)],
    });
    try {
      while (!(await listening(port))) await sleep(50);
      await expect(ensureNats({ url: `nats://127.0.0.1:${port}`, dataDir: await scratchDir(), log })).rejects.toThrow(/without JetStream/);
    } finally {
      await plain.stop();
    }
  });
});

describe("starting our own services under a data dir", () => {
  it("Redis: starts on a free port, stop() frees it, a restart keeps the data (appendonly)", () =>
    startStopRestart(
      ensureRedis,
      (port) => `redis://127.0.0.1:${port}`,
      (url) => withRedis(url, (r) => r.set("kept", "across restarts")),
      async (url) => expect(await withRedis(url, (r) => r.get("kept"))).toBe("across restarts"),
    ));

  it("NATS: starts with JetStream on a free port, stop() frees it, a restart keeps streams", () =>
    startStopRestart(
      ensureNats,
      (port) => `nats://127.0.0.1:${port}`,
      async (url) => expect(await streamNames(url, "KEPT")).toEqual(["KEPT"]),
      async (url) => expect(await streamNames(url)).toEqual(["KEPT"]),
    ));

  it("Postgres: initdb (as the postgres user when root), start, stop() frees the port, a restart keeps a table", () =>
    startStopRestart(
      ensurePostgres,
      (port) => `postgres://postgres@127.0.0.1:${port}/postgres`,
      (url) => pgQuery(url, "create table kept (note text); insert into kept values ('still here')"),
      async (url) => {
        expect(lines.some((l) => l.includes("initdb"))).toBe(false);
        expect(await pgQuery(url, "select note from kept")).toEqual([{ note: "still here" }]);
        const appDb = await ensureDatabase(url, "app");
        expect(await pgQuery(appDb, "select current_database() as db")).toEqual([{ db: "app" }]);
      },
    ));

  it("kills our servers when the process that started them ends, with or without a signal", async () => {
    const dir = await scratchDir();
    const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
    const index = fileURLToPath(new URL("./index.ts", import.meta.url));

    for (const stayAlive of [false, true]) {
      const port = await freePort();
      const starter = join(dir, `starter-${port}.mts`);
      await writeFile(
        starter,
        `import { ensureRedis } from ${JSON.stringify(index)};
         await ensureRedis({ url: "redis://127.0.0.1:${port}", dataDir: ${JSON.stringify(dir)}, log: console });
         console.log("ready");
         ${stayAlive ? "setInterval(() => undefined, 1000);" : "// No stop(): the event loop empties and the process exits."}`,
      );
      const parent = spawn(tsx, [starter], { stdio: ["ignore", "pipe", "inherit"] });
      const exited = new Promise((resolve) => parent.once("exit", resolve));
      let out = "";
      parent.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      if (stayAlive) {
        while (!out.includes("ready")) {
          expect(parent.exitCode).toBeNull();
          await sleep(50);
        }
        expect(await listening(port)).toBe(true);
        parent.kill("SIGTERM");
      }
      await exited;
      // ensureRedis resolves only once the server answers, so "ready" proves it was up.
      expect(out).toContain("ready");
      const deadline = Date.now() + 5_000;
      while ((await listening(port)) && Date.now() < deadline) await sleep(50);
      expect(await listening(port)).toBe(false);
    }
  });
});

describe("tools from Debian packages", () => {
  it("ensureFfmpeg installs ffmpeg when missing and returns working absolute paths", { timeout: 600_000 }, async () => {
    const { ffmpeg, ffprobe } = await ensureFfmpeg(log);
    expect(ffmpeg).toMatch(/^\/.*\/ffmpeg$/);
    expect(ffprobe).toMatch(/^\/.*\/ffprobe$/);
    expect((await run(ffmpeg, ["-hide_banner", "-version"])).ok).toBe(true);
    expect((await run(ffprobe, ["-hide_banner", "-version"])).ok).toBe(true);
  });

  it("ensureAptPackages does nothing for present binaries and names the package it could not install", { timeout: 300_000 }, async () => {
    lines.length = 0;
    await ensureAptPackages([{ binary: "sh", aptPackage: "dash" }], log);
    expect(lines).toEqual([]);
    await expect(ensureAptPackages([{ binary: "vod-no-such-binary", aptPackage: "vod-no-such-package" }], log)).rejects.toThrow(
      /apt-get install -y --no-install-recommends vod-no-such-package/,
    );
  });
});
