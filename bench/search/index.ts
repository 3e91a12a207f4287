import { performance } from "node:perf_hooks";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { listPublicVideos, searchPublicVideos } from "../../edge/catalog/queries.js";
import type { Db } from "../../edge/ports/index.js";
import { ensureDatabase } from "../../local/infra/index.js";
import { applyMigrations } from "../../origin/migrate/index.js";
import * as schema from "../../shared/db/schema.js";
import type { BenchContext } from "../common/context.js";
import { say } from "../common/log.js";
import { runsFor } from "../common/options.js";
import type { Figure } from "../report/figure.js";
import { seedVideos, VOCABULARY_SIZE } from "./seed.js";

const VIDEOS = 100_000;
const DEFAULT_QUERIES = 100;
const WARM_UP = 20;
const PAGE = 21; // the edge asks one more than a page of 20
const DATABASE = "vod_bench_search";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Figure: p50 and p99 of the catalog's search query (the edge's own `searchPublicVideos`, through
 * node-postgres instead of the Neon driver, so the figure is Postgres's time plus one local round trip)
 * over 100,000 seeded videos, beside the plain newest-first list and a tag listing. One query at a time.
 */
export async function searchFigure(ctx: BenchContext): Promise<Figure> {
  const queries = runsFor(ctx.options, DEFAULT_QUERIES);
  const databaseUrl = await ensureDatabase(process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", DATABASE);
  await applyMigrations(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  ctx.defer(() => pool.end());
  const { rows } = await pool.query<{ n: string }>("select count(*) as n from videos");
  if (Number(rows[0]!.n) !== VIDEOS) {
    say(`seeding ${VIDEOS} videos (once; the database is kept for the next run)`);
    const t0 = performance.now();
    await pool.query("truncate videos cascade");
    await seedVideos(pool, VIDEOS);
    say(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // The same query builder calls as the edge; only the driver differs (the types are the Neon driver's).
  const db = drizzle(pool, { schema }) as unknown as Db;

  const cases: { name: string; run: () => Promise<unknown[]> }[] = [
    { name: "list: newest first (`GET /videos`)", run: () => listPublicVideos(db, PAGE, null) },
    { name: "list: one tag (`?tag=garden`)", run: () => listPublicVideos(db, PAGE, null, "garden") },
    { name: "search: one common word (`?q=garden `)", run: () => searchPublicVideos(db, "garden ", PAGE, null) },
    { name: "search: two words (`?q=garden coffee `)", run: () => searchPublicVideos(db, "garden coffee ", PAGE, null) },
    { name: "search: typing (`?q=garden cof`)", run: () => searchPublicVideos(db, "garden cof", PAGE, null) },
    { name: "search: stemmed (`?q=gardens `)", run: () => searchPublicVideos(db, "gardens ", PAGE, null) },
    { name: "search: no match (`?q=zzzz `)", run: () => searchPublicVideos(db, "zzzz ", PAGE, null) },
  ];
  const results = [];
  for (const c of cases) {
    for (let i = 0; i < WARM_UP; i++) await c.run();
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < queries; i++) {
      const t0 = performance.now();
      found = (await c.run()).length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    results.push({ name: c.name, p50: percentile(times, 50), p99: percentile(times, 99), found });
    say(`${c.name}: p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`);
  }
  const list = results[0]!;
  return {
    name: "search",
    title: "Search over 100,000 videos",
    intro: [
      `${VIDEOS.toLocaleString("en")} videos seeded in one INSERT … SELECT generate_series (three-word titles, twelve-word ` +
        `descriptions, two tags, from a ${VOCABULARY_SIZE}-word vocabulary; ` +
        " English, French, German or unknown language; nine in ten public and ready). " +
        `Each query ran ${queries} times one after another after ${WARM_UP} warm-up runs, a first page of 20 (21 rows asked), ` +
        "through the edge's own query functions on node-postgres.",
    ],
    tables: [
      {
        headers: ["query", "p50 ms", "p99 ms", "p50 vs list", "rows"],
        rows: results.map((r) => [r.name, r.p50.toFixed(2), r.p99.toFixed(2), `${(r.p50 / list.p50).toFixed(1)}x`, String(r.found)]),
      },
    ],
    verdicts: [],
    notes: [
      "Noisy: a 2-core machine shared with other work while it ran; compare the ratios within one run, not figures across runs.",
      "A ranked search must score every match before it can return the best 20 (ts_rank over each matching row), so its " +
        "time grows with the number of matches; the newest-first list reads 21 rows from its index whatever the catalog's size.",
    ],
    data: { videos: VIDEOS, queries, warmUp: WARM_UP, results },
  };
}
