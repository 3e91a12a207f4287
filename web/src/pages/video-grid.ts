import type { PublicVideoView } from "../../../shared/contracts/videos.js";
import { api, unwrap } from "../api.js";
import { h, mount } from "../dom.js";
import { formatDuration } from "../format.js";
import { tagLinks } from "../tags.js";

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
    tagLinks(video.tags),
  );
}

export interface VideoGrid {
  element: HTMLElement;
  /** Starts over with `query` (the list's `q`, `tag`); a load still running for an older query is dropped. */
  show(query: Record<string, string>): Promise<void>;
}

/**
 * Public videos from `GET /videos` as cards, a page at a time ("Load more" follows `next_cursor`);
 * `empty` says what an empty answer means.
 */
export function videoGrid(label: string, empty: () => string, signal: AbortSignal): VideoGrid {
  const list = h("ul", { class: "grid", "aria-label": label });
  const status = h("p", { class: "muted", role: "status" });
  const more = h("button", { type: "button", hidden: true }, "Load more");
  let cursor: string | null = null;
  let current: Record<string, string> = {};
  let generation = 0;

  async function load(fresh: boolean) {
    const mine = fresh ? ++generation : generation;
    more.disabled = true;
    try {
      const query = { ...current, limit: String(PAGE_SIZE), ...(cursor && !fresh ? { cursor } : {}) };
      const page = await unwrap(api.GET("/videos", { params: { query }, signal }));
      if (mine !== generation) return;
      if (fresh) mount(list);
      for (const video of page.videos) list.append(card(video));
      cursor = page.next_cursor;
      more.hidden = cursor === null;
      mount(status, list.children.length === 0 ? empty() : "");
    } catch (error) {
      if (!signal.aborted && mine === generation) mount(status, error instanceof Error ? error.message : String(error));
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", () => void load(false));

  return {
    element: h("div", { class: "stack" }, status, list, more),
    show(query) {
      current = query;
      cursor = null;
      return load(true);
    },
  };
}
