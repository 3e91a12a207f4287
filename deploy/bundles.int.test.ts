import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrivateNats, type PrivateNats } from "../local/testing/private-nats.js";
import { freePort } from "../local/testing/free-port.js";
import { waitForHttp } from "../local/launcher/processes.js";
import images from "./images.json" with { type: "json" };

/**
 * What the images run, without a container engine: deploy/build-bundles.mjs (the Dockerfiles' build step)
 * writes each image's /app into a folder outside the repo, where no node_modules can be found, and each
 * bundle is started there as the image starts it (`node <name>.mjs`).
 */
const run = promisify(execFile);
const ADMIN_URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const apps: Record<string, string> = {};
type Image = keyof typeof images;
const bundles = Object.entries(images).flatMap(([image, spec]) => Object.keys(spec.entries).map((name) => [image as Image, name] as const));
const database = `vod_bundles_${randomBytes(4).toString("hex")}`;
let databaseUrl: string;
let nats: PrivateNats;

const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};

/** Starts `node <bundle>` in its /app with exactly `env` (plus PATH for ffmpeg); resolves on exit. */
function start(image: Image, name: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [`${name}.mjs`], {
    cwd: apps[image],
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exit, output: () => output };
}

beforeAll(async () => {
  for (const image of Object.keys(images)) {
    apps[image] = await mkdtemp(join(tmpdir(), `${image}-app-`));
    await run(process.execPath, ["deploy/build-bundles.mjs", image, apps[image]]);
  }
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  databaseUrl = url.toString();
  // A NATS of this file's own, so the bundled consumers take no one else's messages.
  nats = await createPrivateNats();
  await nats.start();
}, 120_000);

afterAll(async () => {
  await nats?.destroy();
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  for (const dir of Object.values(apps)) await rm(dir, { recursive: true, force: true });
});

describe("image bundles", () => {
  it("hold one .mjs per entry and the assets, nothing else", async () => {
    for (const [image, spec] of Object.entries(images)) {
      const expected = [...Object.keys(spec.entries).map((e) => `${e}.mjs`), ...spec.assets].sort();
      expect((await readdir(apps[image]!)).sort(), image).toEqual(expected);
    }
  });

  it.each(bundles)("%s: %s.mjs loads and stops on a missing configuration", async (image, name) => {
    const proc = start(image, name, {});
    expect(await proc.exit).toBe(1);
    expect(proc.output()).toMatch(/^Invalid configuration:\n {2}- \w+ is required/);
  });

  it("migrate.mjs applies migrations/ beside it, then has nothing to apply", async () => {
    const first = start("vod-origin", "migrate", { DATABASE_URL: databaseUrl });
    expect(await first.exit, first.output()).toBe(0);
    expect(first.output()).toContain('"migration":"0000_accounts"');
    const second = start("vod-origin", "migrate", { DATABASE_URL: databaseUrl });
    expect(await second.exit, second.output()).toBe(0);
    expect(second.output()).toContain("nothing to apply");
  });

  it.each(bundles.filter(([, name]) => name !== "migrate"))(
    "%s: %s.mjs becomes healthy with a real configuration and stops cleanly on SIGTERM",
    async (image, name) => {
      const stack = inject("stackEnv");
      const port = await freePort();
      const storage = Object.fromEntries(Object.entries(stack).filter(([k]) => k.startsWith("S3_")));
      const proc = start(image, name, {
        ...storage,
        DATABASE_URL: databaseUrl,
        NATS_URL: nats.url,
        METRICS_PORT: String(port),
        LOG_LEVEL: "warn",
      });
      try {
        await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000, (s) => s === 200);
      } finally {
        proc.child.kill("SIGTERM");
      }
      expect(await proc.exit, proc.output()).toBe(0);
    },
  );
});
