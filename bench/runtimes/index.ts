import { startEdge, type Runtime, type RunningEdge } from "../../local/testing/edge-runtimes.js";
import type { BenchContext } from "../common/context.js";
import { say } from "../common/log.js";
import { showSpread } from "../common/stats.js";
import { measureTargets } from "../edge/load.js";
import { prepareEdgeLoad } from "../edge/load-setup.js";
import type { Figure } from "../report/figure.js";

/** Not a static import: the web app is another team's work in progress, and the bench must type-check without it. */
const WEB_BUILD = "../../web/build.js";

/** `wrangler.toml` serves web/dist as assets; wrangler refuses to start while it is missing. Built as `npm run dev` does. */
async function buildWebIfPresent(): Promise<string | undefined> {
  try {
    const mod = (await import(WEB_BUILD)) as { buildWeb?: (o?: object) => Promise<unknown> };
    await mod.buildWeb?.();
    return undefined;
  } catch (error) {
    return `the web app could not be built for wrangler's assets: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }
}
const RUNTIMES: { runtime: Runtime; how: string }[] = [
  { runtime: "node", how: "`tsx edge/entries/node.ts` (@hono/node-server)" },
  { runtime: "bun", how: "`bun edge/entries/bun.ts` (Bun.serve)" },
  { runtime: "deno", how: "`deno run edge/entries/deno.ts` (Deno.serve)" },
  { runtime: "workerd", how: "`wrangler dev` (workerd behind wrangler's local proxy)" },
];

/**
 * `wrangler dev` logs every request at info level from its own Node proxy; under load that logging is work
 * the other runtimes do not do. `WRANGLER_LOG=warn` turns it off for the process started meanwhile.
 */
async function withWranglerQuiet<T>(start: () => Promise<T>): Promise<T> {
  const before = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = "warn";
  try {
    return await start();
  } finally {
    if (before === undefined) delete process.env.WRANGLER_LOG;
    else process.env.WRANGLER_LOG = before;
  }
}

/** Figure 2: the same app, the same request and the same load on Node, Bun, Deno and workerd. */
export async function runtimesFigure(ctx: BenchContext): Promise<Figure> {
  const o = ctx.options;
  const { runs, tool, env, fx } = await prepareEdgeLoad(ctx);

  const edges: Partial<Record<Runtime, RunningEdge>> = {};
  const missing: string[] = [];
  const webProblem = await buildWebIfPresent();
  if (webProblem) missing.push(webProblem);
  for (const { runtime } of RUNTIMES) {
    try {
      say(`starting the edge on ${runtime}`);
      const edge = await withWranglerQuiet(() => startEdge(runtime, env));
      ctx.defer(edge.stop);
      edges[runtime] = edge;
    } catch (error) {
      missing.push(`${runtime} did not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
  }
  const started = RUNTIMES.filter((r) => edges[r.runtime]);
  const targets = started.map((r) => ({ name: r.runtime, url: `${edges[r.runtime]!.url}/videos/${fx.videoId}` }));
  const results = await measureTargets(targets, { runs, seconds: o.durationSeconds, connections: o.connections, token: fx.token });
  for (const r of started) await edges[r.runtime]!.stop();

  const node = results.node;
  const rows = started.map(({ runtime, how }) => {
    const r = results[runtime]!;
    return [
      runtime,
      how,
      showSpread(r.requestsPerSecond, 0),
      showSpread(r.p50Ms, 2),
      showSpread(r.p99Ms, 2),
      String(r.errors),
      node ? `${(r.requestsPerSecond.median / node.requestsPerSecond.median).toFixed(2)}x` : "–",
      node ? `${(r.p99Ms.median / node.p99Ms.median).toFixed(2)}x` : "–",
    ];
  });
  const fastest = started.reduce((a, b) =>
    results[a.runtime]!.requestsPerSecond.median >= results[b.runtime]!.requestsPerSecond.median ? a : b,
  );

  return {
    name: "runtimes",
    title: "Runtimes",
    intro: [
      `The same edge app (\`edge/app.ts\`) and the same authenticated \`GET /videos/:id\` as the edge figure, on each ` +
        `runtime's own entry, under the same load: ${tool}, ${o.connections} connections, ${o.durationSeconds} s per run, ` +
        `${runs} runs per runtime after a warm-up, interleaved. Medians (range of the runs).`,
    ],
    tables: [{ headers: ["runtime", "entry", "requests/s", "p50 ms", "p99 ms", "errors", "req/s vs Node", "p99 vs Node"], rows }],
    verdicts: [],
    notes: [
      `Fastest here: ${fastest.runtime}.`,
      "The Neon and Upstash proxies, Postgres and Redis are the same Node/native processes for every runtime, so a faster runtime only shortens the app's own share of each request.",
      "workerd is measured through `wrangler dev` (with `WRANGLER_LOG=warn`, so it does not log every request), which puts a Node proxy of its own in front of workerd: it shows that the Worker build runs and answers correctly under load, not what Cloudflare's edge would serve.",
      ...missing,
    ],
    data: {
      tool,
      connections: o.connections,
      secondsPerRun: o.durationSeconds,
      runsPerTarget: runs,
      runtimes: started.map((r) => r.runtime),
      results,
      missing,
    },
  };
}
