import { h, mount } from "../dom.js";
import { focusHeading, type PageContext } from "../router.js";

export function notFoundPage(ctx: PageContext) {
  mount(ctx.main, h("section", { class: "stack" }, h("h1", {}, "Page not found"), h("p", {}, h("a", { href: "/" }, "Browse videos"))));
  focusHeading(ctx.main);
}
