import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { edgeHarness, type Harness } from "../../local/testing/edge-harness.js";
import { planDatabase, walkPages, type PlanDatabase } from "../../local/testing/plan-database.js";
import { decodeCursor } from "./cursor.js";
import { publicVideosQuery } from "./queries.js";

/**
 * The public listing at catalog scale: 100,000 videos in a database of this file's own, so the planner
 * chooses as it would in production (on a few hundred rows a scan and a sort is cheapest, and proves
 * nothing). Every page must walk the partial (published_at, id) index backwards from its cursor and stop
 * after `limit` rows: an expression around `published_at`, or a sort, costs a pass over every public video
 * per page.
 */
const VIDEOS = 100_000;
const INDEX_SCAN = "Index Scan Backward using videos_public_list_idx on videos";

const PREFIX = "vod_listing_plan";
let db: PlanDatabase;
let h: Harness;

// Video i is published (i / 3) ms before a fixed instant, minus (i % 3) tenths of a millisecond: written with
// different microseconds, stored as the same millisecond three at a time, the case cursors must page through.
// One in ten is private and one in ten still processing; every other one is tagged `music`.
const listed = (i: number) => i % 10 !== 0 && i % 10 !== 5;
const videoId = (i: number) => `vid_${String(i).padStart(8, "0")}`;

beforeAll(async () => {
  db = await planDatabase(PREFIX);
  const { url, client } = db;
  await client.query(
    "insert into users (id, name, email, password_hash) values ('usr_listingplan', 'Plan Owner', 'plan@example.test', 'x')",
  );
  await client.query(
    `insert into videos (id, owner_id, title, visibility, status, source_key, progress, tags, published_at)
     select 'vid_' || lpad(i::text, 8, '0'), 'usr_listingplan', 'Video ' || i,
            case when i % 10 = 0 then 'private' else 'public' end,
            case when i % 10 = 5 then 'processing' else 'ready' end,
            'uploads/' || i || '/source', 100,
            case when i % 2 = 0 then array['music'] else '{}'::text[] end,
            case when i % 10 = 5 then null
                 else timestamptz '2031-01-01T00:00:00Z' - (i / 3) * interval '1 millisecond' - (i % 3) * interval '100 microseconds' end
       from generate_series(1, $1::int) as i`,
    [VIDEOS],
  );
  await client.query("analyze videos");
  h = await edgeHarness({ DATABASE_URL: url });
}, 60_000);

afterAll(() => db?.drop());

/** The plan Postgres makes for the statement the listing sends, with the same parameters. */
async function planOf(limit: number, cursorText: string | null, tag?: string): Promise<string> {
  const cursor = cursorText === null ? null : decodeCursor(cursorText);
  const { sql, params } = publicVideosQuery(h.ports.db, limit, cursor, tag).toSQL();
  return db.explain(sql, params);
}

async function page(limit: number, cursor: string | null, tag?: string) {
  const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}), ...(tag ? { tag } : {}) });
  const res = await h.call("GET", `/videos?${query}`);
  expect(res.status).toBe(200);
  return res.body.data as { videos: { id: string; published_at: string }[]; next_cursor: string | null };
}

describe("GET /videos over 100,000 videos", () => {
  it("reads the (published_at, id) index backwards from the cursor: no scan and no sort of the videos", async () => {
    const first = await page(25, null);
    const deep = await page(25, first.next_cursor);
    const plans = [
      await planOf(26, null),
      await planOf(26, first.next_cursor),
      await planOf(26, deep.next_cursor, "music"),
      await planOf(101, null, "music"),
    ];
    for (const plan of plans) {
      expect(plan).toContain(INDEX_SCAN);
      expect(plan).not.toMatch(/Sort|Seq Scan on videos|Bitmap Heap Scan on videos/);
    }
    // With a cursor, the index starts at it rather than filtering every row before it.
    expect(plans[1]).toMatch(/Index Cond: \(ROW\(published_at, id\) < ROW\(/);
  });

  it("pages through videos sharing a millisecond without repeating or skipping one", async () => {
    // 7 a page against ties of up to 3: page ends fall inside a millisecond as often as between two.
    const { seen, splits } = await walkPages(
      40,
      async (cursor) => {
        const answer = await page(7, cursor);
        return { items: answer.videos, next: answer.next_cursor };
      },
      (v) => v.published_at,
    );
    // Newest first; within a millisecond, the greater id first (what the cursor's tie-break assumes).
    const expected = Array.from({ length: VIDEOS }, (_, k) => k + 1)
      .filter(listed)
      .sort((a, b) => Math.floor(a / 3) - Math.floor(b / 3) || b - a)
      .slice(0, seen.length)
      .map(videoId);
    expect(seen.map((v) => v.id)).toEqual(expected);
    expect(seen).toHaveLength(280);
    expect(splits.length).toBeGreaterThan(5);
  });
});
