import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleErrors, launchChromium } from "../../local/testing/browser.js";
import { startDevPlatform, type DevPlatform } from "../../local/testing/dev-platform.js";
import { jsonApi } from "../../local/testing/json-api.js";

/**
 * Search and tags in a real browser against `npm run dev`: the header's search box, results that follow
 * the typing, an empty result that says so, tags on cards and the watch page linking to their listing.
 */
const runId = crypto.randomUUID().slice(0, 8);
const word = `zebra${runId.replace(/[^a-z0-9]/g, "")}`;
const tag = `tag-${runId}`;

let dev: DevPlatform;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const api = jsonApi(() => dev.edgeUrl);

/** Reserves a video through the API, then marks it encoded as the projector would (no encode needed to list it). */
async function publishedVideo(token: string, title: string, tags: string[]): Promise<string> {
  const created = await api("POST", "/uploads", {
    token,
    json: { title, filename: "v.mp4", content_type: "video/mp4", size_bytes: 10, visibility: "public", tags },
  });
  expect(created.status).toBe(201);
  const id = created.body.data.video.id as string;
  const db = new pg.Client({ connectionString: dev.databaseUrl });
  await db.connect();
  try {
    await db.query("update videos set status = 'ready', progress = 100, duration_seconds = 6, published_at = now() where id = $1", [id]);
  } finally {
    await db.end();
  }
  return id;
}

beforeAll(async () => {
  const [started, launched] = await Promise.allSettled([startDevPlatform({ ENCODERS: "1" }), launchChromium()]);
  if (started.status === "fulfilled") dev = started.value;
  if (launched.status === "fulfilled") browser = launched.value;
  for (const result of [started, launched]) if (result.status === "rejected") throw result.reason;
});

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
});

describe("search and tags in the web app", () => {
  it("searches from the header, updates while typing, says when nothing matches, and lists a tag's videos", async () => {
    const registered = await api("POST", "/auth/register", {
      json: { name: "Search Tester", email: `search-${runId}@example.test`, password: "search-password" },
    });
    const token = registered.body.data.token as string;
    const holiday = await publishedVideo(token, `Holiday ${word} at sea`, [tag, "Travel"]);
    await publishedVideo(token, `Unrelated clip ${runId}`, []);

    const page = await browser.context.newPage();
    const errors = consoleErrors(page);
    await page.goto(`${dev.edgeUrl}/`);
    await page.getByRole("searchbox", { name: "Search videos" }).first().fill(word);
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/search?q=${word}`);
    const results = page.getByRole("list", { name: "Search results" });
    await expect.poll(() => results.locator(":scope > li").count()).toBe(1);
    await expect.poll(() => results.getByText(`Holiday ${word} at sea`).count()).toBe(1);

    // Typing on the results page: a prefix already finds it, then a word nobody wrote finds nothing.
    const field = page.locator("#search-page-q");
    await field.fill(word.slice(0, 8));
    await expect.poll(() => page.url()).toContain(`q=${word.slice(0, 8)}`);
    await expect.poll(() => results.getByText(`Holiday ${word} at sea`).count()).toBe(1);
    await field.fill(`nothing${runId}x`);
    await expect.poll(() => page.getByRole("status").filter({ hasText: "No videos match" }).count()).toBe(1);
    expect(await results.locator(":scope > li").count()).toBe(0);

    // Tags: on the card, then to the tag's listing, then on the watch page.
    await field.fill(word);
    const tagLink = results.getByRole("link", { name: `#${tag}` });
    await expect.poll(() => tagLink.count()).toBe(1);
    await tagLink.click();
    await page.waitForURL(`**/tags/${tag}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(`#${tag}`);
    const tagged = page.getByRole("list", { name: `Videos tagged ${tag}` });
    await expect.poll(() => tagged.locator(":scope > li").count()).toBe(1);
    await tagged.getByRole("link", { name: new RegExp(`Holiday ${word}`) }).click();
    await page.waitForURL(`**/watch/${holiday}`);
    await expect.poll(() => page.getByRole("list", { name: "Tags" }).getByRole("link").allTextContents()).toEqual([`#${tag}`, "#travel"]);
    await page.screenshot({ path: "test-results/search-watch-tags.png" }).catch(() => undefined);
    // The watch page of a video with no encoded files may log its player's failure; nothing else may fail.
    expect(errors.filter((e) => !/\/watch\//.test(e))).toEqual([]);
  });
});
