import { MAX_TAGS } from "../../shared/contracts/tag-rules.js";
import { h } from "./dom.js";

export const TAGS_HINT = `Up to ${MAX_TAGS}, separated by commas.`;

/** Where a tag's videos are listed. */
export const tagHref = (tag: string) => `/tags/${encodeURIComponent(tag)}`;

/** A video's tags as links to their listings; nothing when it has none. */
export const tagLinks = (tags: readonly string[]): HTMLElement | null =>
  tags.length === 0
    ? null
    : h(
        "ul",
        { class: "tags", "aria-label": "Tags" },
        tags.map((tag) => h("li", {}, h("a", { href: tagHref(tag) }, `#${tag}`))),
      );

/** A comma-separated tags field as the API takes it; the API normalises and deduplicates. */
export const parseTags = (text: string): string[] =>
  text
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
