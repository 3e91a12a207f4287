import { startEdge } from "../../local/testing/edge-runtimes.js";
import type { BenchContext } from "../common/context.js";
import { showSpread } from "../common/stats.js";
import type { Figure } from "../report/figure.js";
import { prepareEdgeLoad } from "./load-setup.js";
import { measureTargets, type Target, type TargetResult } from "./load.js";
import { startBenchServer } from "./servers.js";

/**
 * Figure 1: the edge's authenticated read path on Node against (a) a bare Hono route and (b) the same SQL
 * through the same driver with no framework, side by side in one run.
 */
export async function edgeFigure(ctx: BenchContext): Promise<Figure> {
  const o = ctx.options;
  const { runs, tool, env, fx } = await prepareEdgeLoad(ctx);

  const app = await startEdge("node", env);
  ctx.defer(app.stop);
  const bare = await startBenchServer("bench:bare", "bench/edge/bare-node.ts", { BENCH_BODY: fx.body }, "/videos/x");
  ctx.defer(bare.stop);
  const direct = await startBenchServer(
    "bench:direct-sql",
    "bench/edge/direct-sql.ts",
    { ...env, BENCH_VIDEO_ID: fx.videoId },
    `/videos/${fx.videoId}`,
  );
  ctx.defer(direct.stop);

  const targets: (Target & { label: string })[] = [
    { name: "app", label: "edge app on Node: `GET /videos/:id` (JWT + blacklist + catalog read)", url: `${app.url}/videos/${fx.videoId}` },
    { name: "bare", label: "(a) bare Hono route, constant answer, same runtime and adapter", url: `${bare.url}/videos/${fx.videoId}` },
    {
      name: "direct-sql",
      label: "(b) same SQL with `neon()` through the proxy, node:http, no framework",
      url: `${direct.url}/videos/${fx.videoId}`,
    },
  ];
  const results = await measureTargets(targets, { runs, seconds: o.durationSeconds, connections: o.connections, token: fx.token });
  await Promise.all([app.stop(), bare.stop(), direct.stop()]);

  const appRps = results.app!.requestsPerSecond.median;
  const appP50 = results.app!.p50Ms.median;
  const row = (t: (typeof targets)[number]) => {
    const r: TargetResult = results[t.name]!;
    return [
      t.label,
      showSpread(r.requestsPerSecond, 0),
      showSpread(r.p50Ms, 2),
      showSpread(r.p99Ms, 2),
      String(r.errors),
      `${(r.requestsPerSecond.median / appRps).toFixed(2)}x`,
      `${(appP50 / r.p50Ms.median).toFixed(2)}x`,
    ];
  };
  const share = (name: string) => `${((appRps / results[name]!.requestsPerSecond.median) * 100).toFixed(0)} %`;

  return {
    name: "edge",
    title: "Edge read path (Node)",
    intro: [
      `Authenticated \`GET /videos/:id\` on the edge app under Node (\`edge/entries/node.ts\`, production drivers: ` +
        `Neon HTTP through the local Neon proxy, Upstash REST through the local Upstash proxy), against two baselines ` +
        `started side by side in the same run. Load: ${tool}, ${o.connections} connections, 1 thread, ` +
        `${o.durationSeconds} s per run, ${runs} runs per target after a 3 s warm-up each, runs interleaved round-robin. ` +
        `Every target receives the same request, Authorization header included. Medians, with the range of the runs in brackets.`,
      `The video is public and not yet ready, so the answer is exactly JWT verify + blacklist \`MGET\` + the catalog ` +
        `query; a ready video would add CloudFront signing and a playback token to every answer.`,
    ],
    tables: [
      {
        headers: ["target", "requests/s", "p50 ms", "p99 ms", "errors", "req/s ÷ app's", "app's p50 ÷ this p50"],
        rows: targets.map(row),
      },
    ],
    verdicts: [],
    notes: [
      `The app serves ${share("bare")} of the bare route's requests/s and ${share("direct-sql")} of the direct-SQL server's.`,
      "Every process shares the same 2 cores: wrk, the server under test, the Neon and Upstash proxies (in the bench process), Postgres and Redis. The ratios are what this bench is for; the absolute numbers say more about the machine.",
      "The app runs with `LOG_LEVEL=warn` (no access-log line per request); tracing is whatever the app has configured by default.",
    ],
    data: {
      tool,
      connections: o.connections,
      secondsPerRun: o.durationSeconds,
      runsPerTarget: runs,
      targets: targets.map((t) => ({ name: t.name, label: t.label, path: new URL(t.url).pathname })),
      results,
    },
  };
}
