import type { PublicVideoView } from "../../../shared/contracts/videos.js";
import { api, unwrap } from "../api.js";
import { h, mount } from "../dom.js";
import { formatDuration } from "../format.js";
import { focusHeading, type PageContext } from "../router.js";

const PAGE_SIZE = 12;

function card(video: PublicVideoView): HTMLElement {
  const duration = formatDuration(video.duration_seconds);
  return h(
    "li",
    { class: "card" },
    h(
      "a",
      { href: `/watch/${encodeURIComponent(video.id)}`, class: "card-link" },
      h(
        "div",
        { class: "thumb" },
        video.poster_url ? h("img", { src: video.poster_url, alt: "", loading: "lazy", width: 320, height: 180 }) : null,
        duration ? h("span", { class: "duration", "aria-label": `Duration ${duration}` }, duration) : null,
      ),
      h("span", { class: "card-title" }, video.title),
    ),
    h("span", { class: "muted" }, video.owner.name),
  );
}

/** Public, ready videos, newest first, a page at a time (`next_cursor`). */
export async function browsePage(ctx: PageContext) {
  const list = h("ul", { class: "grid", "aria-label": "Videos" });
  const status = h("p", { class: "muted", role: "status" });
  const more = h("button", { type: "button", hidden: true }, "Load more");
  let cursor: string | null = null;

  async function load() {
    more.disabled = true;
    try {
      const query = { limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) };
      const page = await unwrap(api.GET("/videos", { params: { query }, signal: ctx.signal }));
      for (const video of page.videos) list.append(card(video));
      cursor = page.next_cursor;
      more.hidden = cursor === null;
      mount(status, list.children.length === 0 ? "No videos yet. Sign in and upload the first one." : "");
    } catch (error) {
      if (!ctx.signal.aborted) mount(status, error instanceof Error ? error.message : String(error));
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", () => void load());

  mount(ctx.main, h("section", { class: "stack" }, h("h1", {}, "Browse"), status, list, more));
  focusHeading(ctx.main);
  await load();
}
