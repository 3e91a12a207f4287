import { h, mount } from "../dom.js";
import { focusHeading, type PageContext } from "../router.js";
import { videoGrid } from "./video-grid.js";

/** Public, ready videos, newest first, a page at a time (`next_cursor`). */
export async function browsePage(ctx: PageContext) {
  const grid = videoGrid("Videos", () => "No videos yet. Sign in and upload the first one.", ctx.signal);
  mount(ctx.main, h("section", { class: "stack" }, h("h1", {}, "Browse"), grid.element));
  focusHeading(ctx.main);
  await grid.show({});
}
