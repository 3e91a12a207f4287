import { setTimeout as sleep } from "node:timers/promises";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import pg from "pg";
import { freePort } from "../../local/launcher/free-port.js";
import { applyMigrations } from "../../origin/migrate/index.js";
import { startOriginServices } from "../../local/launcher/origin-processes.js";
import type { Managed } from "../../local/launcher/processes.js";
import { ensureDatabase } from "../../local/infra/index.js";
import { STREAMS } from "../../shared/messaging/topology.js";
import { ensureStreams } from "../../shared/node/index.js";
import { createPrivateNats } from "../../local/testing/private-nats.js";
import type { BenchContext } from "../common/context.js";
import { say } from "../common/log.js";
import { runsFor } from "../common/options.js";
import { showSpread, spread } from "../common/stats.js";
import type { Figure } from "../report/figure.js";
import { insertJobs, pendingRows, secondsToLastPublish } from "./outbox.js";

const DEFAULT_RUNS = 5;
const JOBS_PER_RUN = 10_000;
const RELAY_COUNTS = [1, 2];
const DATABASE = "vod_bench_relay";
const POLL_MS = 20;
const RUN_TIMEOUT_MS = 120_000;

/**
 * Figure 5: jobs per second from committed outbox rows to JetStream PubAck (the row marked published), with
 * one and with two relays, each the production process (`origin/relay/main.ts` → `startRelay`), against a
 * private nats-server and a database of the bench's own.
 */
export async function relayFigure(ctx: BenchContext): Promise<Figure> {
  const runs = runsFor(ctx.options, DEFAULT_RUNS);
  const stack = await ctx.stack();
  const databaseUrl = await ensureDatabase(stack.env.DATABASE_URL!, DATABASE);
  await applyMigrations(databaseUrl);
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  ctx.defer(() => db.end());
  const nats = await createPrivateNats();
  ctx.defer(() => nats.destroy());
  await nats.start();
  const nc = await connect({ servers: nats.url, name: "bench-relay" });
  ctx.defer(() => nc.close());
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm);

  const reset = async () => {
    await db.query("TRUNCATE outbox");
    await jsm.streams.purge(STREAMS.jobs.name);
  };
  const relays = async (count: number): Promise<Managed[]> => {
    const services = [];
    for (let i = 1; i <= count; i++)
      services.push({ name: `bench:relay-${i}`, entry: "origin/relay/main.ts", metricsPort: await freePort() });
    const env = { DATABASE_URL: databaseUrl, NATS_URL: nats.url, LOG_LEVEL: "warn" };
    return (await startOriginServices(process.cwd(), env, services)).processes;
  };

  /** Relays already up and LISTENing (as in production); the clock starts at the COMMIT that wakes them. */
  const once = async (count: number): Promise<{ seconds: number; jobsPerSecond: number }> => {
    await reset();
    const procs = await relays(count);
    try {
      await sleep(500); // their start-up drain of an empty outbox is over
      await insertJobs(db, JOBS_PER_RUN);
      const { rows } = await db.query<{ t: Date }>("SELECT clock_timestamp() AS t");
      const committed = rows[0]!.t;
      const deadline = Date.now() + RUN_TIMEOUT_MS;
      while ((await pendingRows(db)) > 0) {
        if (Date.now() > deadline) throw new Error(`relays did not publish ${JOBS_PER_RUN} rows within ${RUN_TIMEOUT_MS} ms`);
        await sleep(POLL_MS);
      }
      const seconds = await secondsToLastPublish(db, committed);
      const { state } = await jsm.streams.info(STREAMS.jobs.name);
      if (state.messages !== JOBS_PER_RUN) throw new Error(`JOBS holds ${state.messages} messages, expected ${JOBS_PER_RUN}`);
      return { seconds, jobsPerSecond: JOBS_PER_RUN / seconds };
    } finally {
      for (const p of procs) await p.stop();
    }
  };

  say("warm-up relay");
  await once(1);
  const results: Record<string, { seconds: number; jobsPerSecond: number }[]> = Object.fromEntries(
    RELAY_COUNTS.map((n) => [String(n), []]),
  );
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? [...RELAY_COUNTS].reverse() : RELAY_COUNTS;
    for (const n of order) {
      const r = await once(n);
      results[String(n)]!.push(r);
      say(`run ${i + 1}/${runs} ${n} relay(s): ${r.jobsPerSecond.toFixed(0)} jobs/s (${r.seconds.toFixed(2)} s)`);
    }
  }
  await reset();

  const summary = Object.fromEntries(
    Object.entries(results).map(([n, rs]) => [
      n,
      { jobsPerSecond: spread(rs.map((r) => r.jobsPerSecond)), seconds: spread(rs.map((r) => r.seconds)) },
    ]),
  );
  const one = summary["1"]!.jobsPerSecond.median;
  const scaling = summary["2"]!.jobsPerSecond.median / one;
  const rows = RELAY_COUNTS.map((n) => {
    const s = summary[String(n)]!;
    return [String(n), showSpread(s.jobsPerSecond, 0), showSpread(s.seconds, 2), `${(s.jobsPerSecond.median / one).toFixed(2)}x`];
  });

  return {
    name: "relay",
    title: "Outbox relay",
    intro: [
      `${JOBS_PER_RUN} \`jobs.encode\` rows inserted in ONE transaction into a database of the bench's own; the relays ` +
        `(\`origin/relay/main.ts\`, the production process around \`startRelay\`, default batch size 100) are already running ` +
        `and LISTENing, as in production, so the COMMIT's NOTIFY wakes them. The time runs from the COMMIT (database clock) ` +
        `to the last row's \`published_at\`, which a relay stamps after the JetStream PubAck. A private nats-server ` +
        `(\`test/private-nats.ts\`, file storage); the outbox is truncated and the stream purged before each run. ` +
        `${runs} runs per relay count after a warm-up, alternating. Medians (range).`,
    ],
    tables: [{ headers: ["relays", "jobs/s", "seconds for all", "vs 1 relay"], rows }],
    verdicts: [],
    notes: [
      "Each relay is its own Node process with its own Postgres pool and NATS connection; they share the rows through `FOR UPDATE SKIP LOCKED`.",
      scaling >= 1.2
        ? `A second relay raised throughput ${scaling.toFixed(2)}x.`
        : `A second relay did not raise throughput here (${scaling.toFixed(2)}x): on 2 shared cores the relays, Postgres (claim, mark) and nats-server (file store) compete for the same CPU, so a second relay only splits the same work; more relays are for availability, not speed, on a machine this size.`,
      "Starting a relay process (~1 s for Node and tsx) is left out of the timing: a relay runs all the time.",
    ],
    data: { jobsPerRun: JOBS_PER_RUN, runsPerCount: runs, results, summary },
  };
}
