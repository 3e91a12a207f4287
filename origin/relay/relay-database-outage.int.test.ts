import pg from "pg";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../shared/logger.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import { connectNats, ensureStreams, type NatsLink } from "../../shared/node/index.js";
import { jetstreamManager } from "@nats-io/jetstream";
import { createPrivateNats, type PrivateNats } from "../../local/testing/private-nats.js";
import { startTcpProxy, type TcpProxy } from "../../local/testing/tcp-proxy.js";
import { prepareTestDatabase } from "../../local/testing/test-database.js";
import { startRelay, type RunningRelay } from "./index.js";

const DATABASE = "vod_relay_outage_test";
const OUTAGE_MS = 8_000;

let nats: PrivateNats;
let link: NatsLink;
let proxy: TcpProxy;
let direct: pg.Client;
let relay: RunningRelay | undefined;
const lines: { level: string; message: string; failures?: number }[] = [];
const log = createLogger("relay-outage-test", { level: "info", write: (line) => lines.push(JSON.parse(line) as (typeof lines)[number]) });

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await sleep(100);
  }
}

beforeAll(async () => {
  nats = await createPrivateNats();
  await nats.start();
  link = await connectNats({ servers: [nats.url], name: "relay-outage-test", log });
  await ensureStreams(await jetstreamManager(link.nc));
  const databaseUrl = new URL(await prepareTestDatabase(DATABASE));
  direct = new pg.Client({ connectionString: databaseUrl.toString() });
  await direct.connect();
  // The relay reaches Postgres only through this proxy: cutting it is an outage for this relay alone.
  proxy = await startTcpProxy(Number(databaseUrl.port || 5432), databaseUrl.hostname);
  databaseUrl.port = String(proxy.port);
  relay = startRelay({ databaseUrl: databaseUrl.toString(), nats: link.nc, log, batchSize: 10, pollIntervalMs: 500 });
  await until("the relay reaching its database", () => relay!.checks().database);
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  await proxy?.close();
  await direct?.end();
  await link?.close();
  await nats?.destroy();
});

describe("the relay through a database outage", () => {
  it("logs the first failed drain and the recovery (with how many failed), not every retry, and relays what waited", async () => {
    await proxy.cut();
    await until("the outage noticed", () => relay!.checks().database === false);
    // Committed meanwhile by an edge that still reaches the database.
    const id = `obx_${randomBytes(8).toString("hex")}`;
    await direct.query("insert into outbox (id, subject, payload) values ($1, $2, $3::jsonb)", [
      id,
      SUBJECTS.encode,
      JSON.stringify({ outage: true }),
    ]);
    await sleep(OUTAGE_MS);
    await proxy.restore();
    await until(
      "the backlog relayed",
      async () => (await direct.query("select 1 from outbox where id = $1 and published_at is not null", [id])).rowCount === 1,
    );
    // The drain that marked the row logs its recovery once it returns, a moment after the mark.
    await until("the recovery logged", () => lines.some((l) => l.message === "relay drain recovered"));

    const drainLines = lines.filter((l) => l.message.startsWith("relay drain"));
    expect(drainLines.map((l) => [l.level, l.message])).toEqual([
      ["error", "relay drain failed; retrying with backoff"],
      ["info", "relay drain recovered"],
    ]);
    expect(drainLines[1]?.failures).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
