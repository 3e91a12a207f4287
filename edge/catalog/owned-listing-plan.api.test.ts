import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { edgeHarness, signUp, type Harness, type SignedUp } from "../../local/testing/edge-harness.js";
import { planDatabase, walkPages, type PlanDatabase } from "../../local/testing/plan-database.js";
import { decodeCursor } from "./cursor.js";
import { ownedVideosQuery } from "./queries.js";

/**
 * The owner's listing (GET /users/me/videos) at catalog scale: 100,000 videos in a database of this file's own,
 * a quarter of them one owner's, so the planner chooses as it would in production. Every page must walk the
 * (owner_id, created_at, id) index backwards from its cursor and stop after `limit` rows: an expression around
 * `created_at`, or a sort, costs a pass over all of the owner's videos per page.
 */
const VIDEOS = 100_000;
const OTHER_OWNERS = 30;
const INDEX_SCAN = "Index Scan Backward using videos_owner_idx on videos";

const PREFIX = "vod_owned_plan";
let db: PlanDatabase;
let h: Harness;
let owner: SignedUp;

// Video i is the owner's when i % 4 = 0, another owner's otherwise. It was created (i / 12) ms before a fixed
// instant, minus (i % 3) tenths of a millisecond: written with different microseconds, stored as the same
// millisecond three of the owner's at a time, the case cursors must page through. One in ten is deleted.
const owned = (i: number) => i % 4 === 0;
const listed = (i: number) => owned(i) && i % 10 !== 2;
const videoId = (i: number) => `vid_${String(i).padStart(8, "0")}`;
const ms = (i: number) => Math.floor(i / 12);

beforeAll(async () => {
  db = await planDatabase(PREFIX);
  const { url, client } = db;
  h = await edgeHarness({ DATABASE_URL: url });
  owner = await signUp(h, "Plan Owner");
  await client.query(
    `insert into users (id, name, email, password_hash)
     select 'usr_other' || n, 'Other ' || n, 'other' || n || '@example.test', 'x' from generate_series(1, $1::int) as n`,
    [OTHER_OWNERS],
  );
  await client.query(
    `insert into videos (id, owner_id, title, visibility, status, source_key, progress, created_at)
     select 'vid_' || lpad(i::text, 8, '0'),
            case when i % 4 = 0 then $2 else 'usr_other' || (1 + i % $3::int) end,
            'Video ' || i, 'private',
            case when i % 10 = 2 then 'deleted' else 'ready' end,
            'uploads/' || i || '/source', 100,
            timestamptz '2031-01-01T00:00:00Z' - (i / 12) * interval '1 millisecond' - (i % 3) * interval '100 microseconds'
       from generate_series(1, $1::int) as i`,
    [VIDEOS, owner.userId, OTHER_OWNERS],
  );
  await client.query("analyze videos");
}, 60_000);

afterAll(() => db?.drop());

/** The plan Postgres makes for the statement the listing sends, with the same parameters. */
async function planOf(limit: number, cursorText: string | null): Promise<string> {
  const cursor = cursorText === null ? null : decodeCursor(cursorText);
  const { sql, params } = ownedVideosQuery(h.ports.db, owner.userId, limit, cursor).toSQL();
  return db.explain(sql, params);
}

async function page(limit: number, cursor: string | null) {
  const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
  const res = await h.call("GET", `/users/me/videos?${query}`, { token: owner.token });
  expect(res.status).toBe(200);
  return res.body.data as { videos: { id: string; created_at: string }[]; next_cursor: string | null };
}

describe("GET /users/me/videos over 100,000 videos", () => {
  it("reads the (owner_id, created_at, id) index backwards from the cursor: no scan and no sort of the videos", async () => {
    const first = await page(25, null);
    const deep = await page(25, first.next_cursor);
    const plans = [await planOf(26, null), await planOf(26, first.next_cursor), await planOf(101, deep.next_cursor)];
    for (const plan of plans) {
      expect(plan).toContain(INDEX_SCAN);
      expect(plan).not.toMatch(/Sort|Seq Scan on videos|Bitmap Heap Scan on videos/);
    }
    // With a cursor, the index starts at it rather than filtering every row of the owner's before it.
    expect(plans[1]).toMatch(/Index Cond: \(\(owner_id = .*\) AND \(ROW\(created_at, id\) < ROW\(/);
  });

  it("pages through videos sharing a millisecond without repeating or skipping one", async () => {
    // 7 a page against ties of up to 3: page ends fall inside a millisecond as often as between two.
    const { seen, splits } = await walkPages(
      40,
      async (cursor) => {
        const answer = await page(7, cursor);
        return { items: answer.videos, next: answer.next_cursor };
      },
      (v) => v.created_at,
    );
    // Newest first; within a millisecond, the greater id first (what the cursor's tie-break assumes).
    const expected = Array.from({ length: VIDEOS }, (_, k) => k + 1)
      .filter(listed)
      .sort((a, b) => ms(a) - ms(b) || b - a)
      .slice(0, seen.length)
      .map(videoId);
    expect(seen.map((v) => v.id)).toEqual(expected);
    expect(seen).toHaveLength(280);
    expect(splits.length).toBeGreaterThan(5);
  });
});
