import { sql, type SQL } from "drizzle-orm";
import { SEARCH_CONFIGS } from "../../shared/db/search-config.js";

// One letter would expand to most of the index's words: below this, a last word is matched whole.
const MIN_PREFIX_LENGTH = 2;
// A word still being typed: letters and digits only, so nothing in it can be tsquery syntax.
const PLAIN_WORD = /^[\p{L}\p{M}\p{N}]+$/u;

/** What the viewer typed, split into finished words and the word still being typed (if any). */
export interface SearchTerms {
  words: string;
  prefix: string | null;
}

/**
 * The last word is still being typed when nothing follows it, it is a plain word of two or more letters, and it is not inside an
 * open quote, and neither is nor follows websearch's `or` (a prefix term can only be AND-ed). Everything else goes to websearch_to_tsquery as typed: quotes, `-word`
 * and `or` keep their meaning, and it never fails on any input.
 */
export function searchTerms(q: string): SearchTerms {
  const match = /^(.*?)(\S+)$/su.exec(q);
  const last = match?.[2];
  const openQuote = (q.match(/"/g)?.length ?? 0) % 2 === 1;
  const afterOr = /(^|\s)or\s+$/i.test(match?.[1] ?? "");
  if (
    !match ||
    last === undefined ||
    openQuote ||
    afterOr ||
    !PLAIN_WORD.test(last) ||
    [...last].length < MIN_PREFIX_LENGTH ||
    last.toLowerCase() === "or"
  ) {
    return { words: q, prefix: null };
  }
  return { words: match[1] ?? "", prefix: last };
}

const tsquery = (terms: SearchTerms, configs: SQL[]): SQL => {
  const parts: SQL[] = [];
  if (terms.words.trim().length > 0) {
    parts.push(
      sql`(${sql.join(
        configs.map((config) => sql`websearch_to_tsquery(${config}, ${terms.words})`),
        sql` || `,
      )})`,
    );
  }
  if (terms.prefix !== null) parts.push(sql`to_tsquery('simple', ${`${terms.prefix}:*`})`);
  // Parenthesised: `@@` binds tighter than `&&`.
  return sql`(${sql.join(parts, sql` && `)})`;
};

/**
 * The tsqueries for `q`. A video's document holds its words stemmed in its own language and as written
 * (`simple`), so a video matches the finished words parsed either way (`runs` reaches an English video's
 * `run`), AND the prefix of the word being typed as written. That depends on the row's language, so an
 * index cannot serve it: `anyVideo` (the finished words parsed in every configuration a video can have,
 * OR-ed) is a looser query the GIN index answers first, and `thisVideo` decides and ranks. An empty part
 * (only stop words or punctuation) drops out of `&&` and `||`; a query with no lexeme matches nothing.
 */
export function searchQueries(q: string, rowConfig: SQL): { anyVideo: SQL; thisVideo: SQL } {
  const terms = searchTerms(q);
  return {
    anyVideo: tsquery(
      terms,
      SEARCH_CONFIGS.map((config) => sql.raw(`'${config}'`)),
    ),
    thisVideo: tsquery(terms, [sql.raw(`'simple'`), rowConfig]),
  };
}
