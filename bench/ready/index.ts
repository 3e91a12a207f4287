import type { BenchContext } from "../common/context.js";
import { say } from "../common/log.js";
import { showSpread, spread } from "../common/stats.js";
import { benchSource } from "../encode/source.js";
import type { Figure } from "../report/figure.js";
import { apiClient } from "./client.js";
import { startDevStack } from "./dev-stack.js";

/** Source lengths and their default run counts: the 60 s encode takes over a minute each on 2 cores. */
const SOURCES = [
  { seconds: 10, runs: 3 },
  { seconds: 60, runs: 2 },
];
const WARM_UP_SECONDS = 2;
const POLL_MS = 200;
const TARGET = { seconds: 60, multiple: 1.0 };

interface ReadyRun {
  toProcessing: number;
  toReady: number;
  multiple: number;
}

/**
 * Figure 4: from `POST /uploads/:id/complete` to `ready` through the whole `npm run dev` pool (edge on
 * workerd, relay, 2 encoder workers, catalog projector), for 10 s and 60 s 1080p30 sources.
 */
export async function readyFigure(ctx: BenchContext): Promise<Figure> {
  const plan = SOURCES.map((s) => ({ ...s, runs: ctx.options.runs ?? s.runs }));
  const files = Object.fromEntries(await Promise.all([WARM_UP_SECONDS, ...plan.map((s) => s.seconds)].map(async (s) => [s, await benchSource(s)] as const)));
  const dev = await startDevStack();
  ctx.defer(dev.stop);
  const client = apiClient(dev.api);
  const user = await client.signUp();

  const once = async (seconds: number): Promise<ReadyRun> => {
    // A fresh token per upload: the 60 s runs outlast part of an access token's 15 minutes.
    const token = await client.login(user);
    const id = await client.upload(token, files[seconds]!, `bench ${seconds} s`);
    const t = await client.completeAndWait(token, id, POLL_MS, 30_000 + seconds * 10_000);
    return { ...t, multiple: t.toReady / seconds };
  };

  say("warm-up upload");
  await once(WARM_UP_SECONDS);
  const results: Record<string, ReadyRun[]> = {};
  for (const s of plan) {
    for (let i = 0; i < s.runs; i++) {
      const r = await once(s.seconds);
      (results[String(s.seconds)] ??= []).push(r);
      say(`${s.seconds} s source, run ${i + 1}/${s.runs}: ready after ${r.toReady.toFixed(1)} s (${r.multiple.toFixed(2)}x its duration), processing after ${r.toProcessing.toFixed(2)} s`);
    }
  }
  await dev.stop();

  const summary = Object.fromEntries(
    Object.entries(results).map(([s, rs]) => [s, { toReady: spread(rs.map((r) => r.toReady)), multiple: spread(rs.map((r) => r.multiple)), toProcessing: spread(rs.map((r) => r.toProcessing)) }]),
  );
  const rows = plan.map((s) => {
    const x = summary[String(s.seconds)]!;
    return [`${s.seconds} s`, String(s.runs), showSpread(x.toReady), showSpread(x.multiple, 2, "x"), showSpread(x.toProcessing, 2)];
  });
  const target = summary[String(TARGET.seconds)]!.multiple.median;

  return {
    name: "ready",
    title: "Time to ready",
    intro: [
      "`npm run dev` started the way `test/e2e/dev-command.test.ts` starts it (free ports, a temporary `DATA_DIR`, its own database " +
        "and NATS), with the default pool: the edge under `wrangler dev`, the relay, the catalog projector and 2 encoder workers. " +
        "Per upload: sign in, `POST /uploads`, PUT the file to storage, then the clock starts just before " +
        "`POST /uploads/:id/complete` and stops at the first `GET /videos/:id` (polled every " +
        `${POLL_MS} ms) that answers \`ready\`: relay → JetStream → encoder (download, probe, encode, upload) → events → catalog. ` +
        "Sources: 1080p30 H.264 + AAC from `bench/encode/source.ts`; one upload at a time, after a 2 s warm-up upload.",
      ctx.options.runs
        ? `${ctx.options.runs} runs per source (\`--runs\`).`
        : `**Fewer runs than the other figures by default**: ${plan.map((s) => `${s.runs} of the ${s.seconds} s source`).join(" and ")} ` +
          "(a 60 s encode alone takes over a minute here); `--runs N` asks for more.",
    ],
    tables: [{ headers: ["source", "runs", "complete → ready, s", "÷ video duration", "complete → processing, s"], rows }],
    verdicts: [
      {
        what: `time to ready for the ${TARGET.seconds} s 1080p source, as a multiple of its duration (median)`,
        measured: `${target.toFixed(2)}x`,
        target: `≤ ${TARGET.multiple.toFixed(1)}x`,
        met: target <= TARGET.multiple,
      },
    ],
    notes: [
      "One encoder worker takes a job and its ffmpeg uses both cores; the second worker idles (one upload at a time). The encoder figure shows what the ladder alone costs on this machine, so the rest is download, upload of the segments and the event hops.",
    ],
    data: { pollMs: POLL_MS, sources: Object.fromEntries(Object.entries(files).map(([s, f]) => [s, f])), results, summary },
  };
}
