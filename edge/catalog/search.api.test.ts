import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertVideo, removeVideos } from "../../local/testing/catalog-fixtures.js";
import { edgeHarness, signUp, type Harness, type SignedUp } from "../../local/testing/edge-harness.js";
import { searchConfigFor } from "../../shared/db/search-config.js";

let h: Harness;
let alice: SignedUp;
const created: string[] = [];
// Words no other test file writes, so the shared catalog holds no other match.
const word = () => `zq${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;

beforeAll(async () => {
  h = await edgeHarness();
  alice = await signUp(h, "Alice Searcher");
});
afterAll(async () => removeVideos(h.ports.db, created));

async function video(over: Parameters<typeof insertVideo>[2] = {}) {
  const row = await insertVideo(h.ports.db, alice.userId, {
    ...over,
    searchConfig: searchConfigFor(over.language),
  });
  created.push(row.id);
  return row;
}

type Listed = { id: string; title: string; tags: string[] };

async function search(query: Record<string, string>) {
  const res = await h.call("GET", `/videos?${new URLSearchParams(query)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as { videos: Listed[]; next_cursor: string | null };
}

const ids = async (query: Record<string, string>) => (await search(query)).videos.map((v) => v.id);

describe("tags", () => {
  it("are normalised and deduplicated on create and edit, at most 10, and shown in details and lists", async () => {
    const created = await h.call("POST", "/uploads", {
      token: alice.token,
      json: {
        title: "Tagged",
        filename: "t.mp4",
        content_type: "video/mp4",
        size_bytes: 10,
        tags: [" Cooking ", "cooking", "#Street   Food", "C++", "ÉTÉ"],
        language: "fr-CA",
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.video.id as string;
    expect(created.body.data.video).toMatchObject({ tags: ["cooking", "street food", "c++", "été"], language: "fr-CA" });

    const tooMany = await h.call("PATCH", `/videos/${id}`, {
      token: alice.token,
      json: { tags: Array.from({ length: 11 }, (_, i) => `tag ${i}`) },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.data.errors.tags).toEqual(["A video may have at most 10 tags."]);
    // Ten distinct ones once duplicates are gone is fine.
    const ten = [...Array.from({ length: 10 }, (_, i) => `Tag ${i}`), "tag 0", "TAG 1"];
    const edited = await h.call("PATCH", `/videos/${id}`, { token: alice.token, json: { tags: ten, language: null } });
    expect(edited.status).toBe(200);
    expect(edited.body.data.video.tags).toEqual(Array.from({ length: 10 }, (_, i) => `tag ${i}`));
    expect(edited.body.data.video.language).toBeNull();

    for (const bad of [["a/b"], [""], ["x".repeat(31)], ["<script>"], "cooking", [1]]) {
      const res = await h.call("PATCH", `/videos/${id}`, { token: alice.token, json: { tags: bad } });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.data.errors.tags.length, JSON.stringify(bad)).toBeGreaterThan(0);
    }
    const lang = await h.call("PATCH", `/videos/${id}`, { token: alice.token, json: { language: "not a language" } });
    expect(lang.body.data.errors.language).toEqual(["The language must be a language tag such as en or pt-BR."]);

    const tag = word();
    const listed = await video({ tags: [tag, "music"], publishedAt: new Date(Date.parse("3000-01-01")) });
    const details = await h.call("GET", `/videos/${listed.id}`);
    expect(details.body.data.video.tags).toEqual([tag, "music"]);
    const page = await search({ tag });
    expect(page.videos).toMatchObject([{ id: listed.id, tags: [tag, "music"] }]);
    await removeVideos(h.ports.db, [id]);
  });

  it("GET /videos?tag= lists only public, ready videos with that tag, newest first, matched after normalising", async () => {
    const tag = word();
    const older = await video({ tags: [tag], publishedAt: new Date(Date.now() - 60_000) });
    const newer = await video({ tags: ["other", tag] });
    await video({ tags: [tag], visibility: "private" });
    await video({ tags: [tag], visibility: "unlisted" });
    await video({ tags: [tag], status: "processing", publishedAt: null });
    await video({ tags: [`${tag}x`] });
    expect(await ids({ tag })).toEqual([newer.id, older.id]);
    expect(await ids({ tag: ` #${tag.toUpperCase()} ` })).toEqual([newer.id, older.id]);
    const first = await search({ tag, limit: "1" });
    expect(first.videos.map((v) => v.id)).toEqual([newer.id]);
    expect(await ids({ tag, limit: "1", cursor: first.next_cursor! })).toEqual([older.id]);
    const bad = await h.call("GET", "/videos?tag=a/b");
    expect(bad.status).toBe(400);
    expect(bad.body.data.errors).toMatchObject({ tag: [expect.any(String)], q: [], limit: [], cursor: [] });
  });
});

describe("GET /videos?q=", () => {
  it("finds a video by a word of its title, of its description, of a tag, and by a prefix of a word", async () => {
    const [t, d, g] = [word(), word(), word()];
    const v = await video({ title: `Holiday ${t} clip`, description: `Filmed near ${d} at dawn`, tags: [g, "beach"] });
    expect(await ids({ q: t })).toEqual([v.id]);
    expect(await ids({ q: d })).toEqual([v.id]);
    expect(await ids({ q: g })).toEqual([v.id]);
    expect(await ids({ q: t.toUpperCase() })).toEqual([v.id]);
    // Typing: the last word with nothing after it is a prefix; finished words must match whole.
    expect(await ids({ q: t.slice(0, 6) })).toEqual([v.id]);
    expect(await ids({ q: `${d} ${t.slice(0, 7)}` })).toEqual([v.id]);
    expect(await ids({ q: `${t.slice(0, 6)} ` })).toEqual([]);
    // websearch syntax: a phrase, an excluded word, or.
    expect(await ids({ q: `"holiday ${t}"` })).toEqual([v.id]);
    expect(await ids({ q: `"${t} holiday"` })).toEqual([]);
    expect(await ids({ q: `${t} -beach` })).toEqual([]);
    expect(await ids({ q: `${word()} or ${g}` })).toEqual([v.id]);
  });

  it("stems words in the video's language where known, and matches words as written otherwise", async () => {
    const w = word();
    const english = await video({ title: `Running ${w} trails`, language: "en-GB" });
    const french = await video({ title: `Les chevaux ${w}`, language: "fr" });
    const unknown = await video({ title: `Running ${w} shoes`, language: "xx" });
    expect(await ids({ q: `${w} runs ` })).toEqual([english.id]);
    expect(await ids({ q: `${w} cheval ` })).toEqual([french.id]);
    expect((await ids({ q: `${w} running ` })).sort()).toEqual([english.id, unknown.id].sort());
  });

  it("ranks title matches above tag matches above description matches", async () => {
    const w = word();
    const inDescription = await video({ description: `about ${w}`, publishedAt: new Date(Date.now() + 3000) });
    const inTitle = await video({ title: `The ${w}` });
    const inTag = await video({ tags: [w], publishedAt: new Date(Date.now() + 2000) });
    expect(await ids({ q: w })).toEqual([inTitle.id, inTag.id, inDescription.id]);
  });

  it("never shows private, unlisted, unfinished or deleted videos; combines with a tag", async () => {
    const [w, tag] = [word(), word()];
    const listed = await video({ title: w });
    const tagged = await video({ title: w, tags: [tag] });
    await video({ title: w, visibility: "private" });
    await video({ title: w, visibility: "unlisted" });
    await video({ title: w, status: "processing", publishedAt: null });
    await video({ title: w, status: "failed", publishedAt: null });
    await video({ title: w, status: "deleted" });
    expect((await ids({ q: w })).sort()).toEqual([listed.id, tagged.id].sort());
    expect(await ids({ q: w, tag })).toEqual([tagged.id]);
    expect(await ids({ q: word(), tag })).toEqual([]);
  });

  it("pages through every match exactly once, in rank order, with equal ranks and times among them", async () => {
    const w = word();
    const same = new Date();
    const made: Awaited<ReturnType<typeof video>>[] = [];
    for (let i = 0; i < 4; i++) made.push(await video({ title: `${w} ${"again ".repeat(i)}`, description: `${w} twice` }));
    // Identical documents and publication times: only the id tells them apart.
    for (let i = 0; i < 5; i++) made.push(await video({ title: "Same", description: `one ${w}`, publishedAt: same }));
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      const ranks: number[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const page = await search({ q: w, limit: String(limit), ...(cursor ? { cursor } : {}) });
        seen.push(...page.videos.map((v) => v.id));
        ranks.push(...page.videos.map((v) => made.findIndex((m) => m.id === v.id)));
        cursor = page.next_cursor;
        if (!cursor) break;
      }
      expect(seen.length, `limit ${limit}`).toBe(made.length);
      expect(new Set(seen)).toEqual(new Set(made.map((m) => m.id)));
      // The title matches (first four) come before the description-only ones.
      expect(
        ranks.slice(0, 4).every((r) => r < 4),
        `limit ${limit}`,
      ).toBe(true);
    }
  });

  it("validates q and the cursor: a list cursor, a forged rank, an empty or over-long search are 400", async () => {
    const v = await video({ title: word() });
    const listCursor = (await search({ limit: "1" })).next_cursor!;
    const forged = (rank: unknown) => btoa(JSON.stringify([rank, new Date().toISOString(), v.id]));
    for (const cursor of [listCursor, forged("1"), forged(-1), forged(1e300), "garbage!"]) {
      const res = await h.call("GET", `/videos?${new URLSearchParams({ q: "x", cursor })}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body.data.errors).toEqual({ limit: [], cursor: ["The cursor is not valid."], q: [], tag: [] });
    }
    for (const q of ["", "   ", "a".repeat(201), "tab\there"]) {
      const res = await h.call("GET", `/videos?${new URLSearchParams({ q })}`);
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect(res.body.data.errors.q.length).toBe(1);
    }
  });

  it("answers any input with 200 or 400, never a server error (fuzzed)", async () => {
    await video({ title: `fuzz ${word()} target`, tags: ["c++", "node.js"] });
    const hostile = [
      "'",
      '"',
      '""',
      '"unclosed phrase',
      "\\",
      "a:*",
      "a:* b",
      "foo:*A",
      "!",
      "!!!",
      "&",
      "|",
      "a & | b",
      "(",
      ")",
      "((a",
      "<->",
      "a <-> b",
      "a <2> b",
      "-",
      "--",
      "-a",
      "or",
      "OR OR OR",
      "a or",
      "and",
      "the",
      "the of a",
      "c++",
      "node.js",
      "%",
      "_",
      "%_\\",
      "$1",
      "'; drop table videos; --",
      "\u00a0",
      "\u200b",
      "\u202e",
      "\u0301",
      "e\u0301",
      "😀",
      "😀😀 🎬",
      "日本語",
      "日本",
      "ﷺ",
      "ǅ",
      "İstanbul",
      "ß",
      "ﬁ",
      "a".repeat(200),
      `${"ab ".repeat(66)}ab`,
      `${"x".repeat(199)}:`,
      "\ud800",
      "a:*:*",
      "'a':*",
      "a'b",
      "1e999",
      "0x10",
      "NaN",
    ];
    const pool = [..."aZ09 '\"\\:*&|!()<->-_%.,;+#@/?=\u00a0\u00e9\u0301😀日本ß"];
    for (let i = 0; i < 150; i++) {
      const length = 1 + Math.floor(Math.random() * 20);
      hostile.push(Array.from({ length }, () => pool[Math.floor(Math.random() * pool.length)]).join(""));
    }
    for (const [i, q] of hostile.entries()) {
      const queries: Record<string, string>[] = i < 60 ? [{ q }, { q, tag: "c++" }, { tag: q }] : [{ q }];
      for (const query of queries) {
        const res = await h.call("GET", `/videos?${new URLSearchParams(query)}`);
        expect([200, 400], JSON.stringify(query)).toContain(res.status);
        expect(res.body, JSON.stringify(query)).toHaveProperty("message");
      }
    }
  }, 180_000);
});
