import { h, mount } from "../dom.js";
import { focusHeading, type PageContext } from "../router.js";
import { videoGrid } from "./video-grid.js";

/** `/tags/:tag`: the public videos with one tag, newest first. */
export async function tagPage(ctx: PageContext) {
  const tag = ctx.params.tag ?? "";
  const grid = videoGrid(`Videos tagged ${tag}`, () => `No public videos are tagged #${tag} yet.`, ctx.signal);
  mount(ctx.main, h("section", { class: "stack" }, h("h1", {}, `#${tag}`), grid.element));
  focusHeading(ctx.main);
  await grid.show({ tag });
}
