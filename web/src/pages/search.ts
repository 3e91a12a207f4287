import { h, mount } from "../dom.js";
import { focusHeading, type PageContext } from "../router.js";
import { videoGrid } from "./video-grid.js";

// Long enough to skip most keystrokes of a word, short enough to feel immediate.
const TYPING_PAUSE_MS = 250;
const SEARCH_MAX_LENGTH = 200;

/**
 * `/search?q=`: public videos matching the words, best match first. Results follow the field as the
 * viewer types (the word being typed matches as a prefix); the address keeps the search for a reload.
 */
export async function searchPage(ctx: PageContext) {
  let q = ctx.query.get("q") ?? "";
  const grid = videoGrid("Search results", () => `No videos match “${q.trim()}”.`, ctx.signal);
  const input = h("input", { id: "search-page-q", type: "search", name: "q", maxlength: SEARCH_MAX_LENGTH, autocomplete: "off" });
  input.value = q;
  const prompt = h("p", { class: "muted" }, "Type a word of a title, a description or a tag.");

  async function show() {
    const searching = q.trim().length > 0;
    prompt.hidden = searching;
    grid.element.hidden = !searching;
    if (searching) await grid.show({ q });
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      q = input.value;
      history.replaceState(history.state, "", q.trim() ? `/search?${new URLSearchParams({ q })}` : "/search");
      void show();
    }, TYPING_PAUSE_MS);
  });
  const form = h("form", { role: "search", class: "search-form" }, h("label", { for: "search-page-q" }, "Search videos"), input);
  form.addEventListener("submit", (event) => event.preventDefault());

  mount(ctx.main, h("section", { class: "stack" }, h("h1", {}, "Search"), form, prompt, grid.element));
  focusHeading(ctx.main);
  await show();
  return () => clearTimeout(timer);
}
