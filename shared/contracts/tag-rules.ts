/**
 * What a tag may be, for the edge (which refuses the rest) and the web app (which shows the rule). No
 * imports, so the browser bundle takes these and nothing else.
 *
 * A tag is stored normalised, so `Cooking`, ` cooking ` and `#cooking` are one tag and `?tag=` matches
 * exactly: Unicode NFKC, lower case, surrounding spaces and leading `#` removed, inner runs of spaces made
 * one. What remains may hold letters and digits of any script (with their combining marks), single spaces,
 * and `-` `_` `.` `+` `#` (for `hip-hop`, `node.js`, `c++`, `c#`).
 */
export const MAX_TAGS = 10;
export const TAG_MAX_LENGTH = 30;
/** More raw entries than this is not a tag list: refused before any normalising work. */
export const MAX_RAW_TAGS = 50;

export const TAG_PATTERN = /^[\p{L}\p{M}\p{N}]([\p{L}\p{M}\p{N} ._+#-]*[\p{L}\p{M}\p{N}._+#-])?$/u;

export const TAG_RULE = `A tag may hold letters, digits, spaces and - _ . + # (at most ${TAG_MAX_LENGTH} characters).`;

export const normaliseTag = (raw: string): string =>
  raw
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^#+\s*/, "");

/** Normalised tags, each once, in the order first given. */
export const normaliseTags = (raw: readonly string[]): string[] => [...new Set(raw.map(normaliseTag))];
