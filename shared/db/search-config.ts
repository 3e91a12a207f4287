/**
 * Postgres text search configurations by ISO 639-1 language (the primary subtag of a BCP 47 tag): a video
 * in one of these languages has its words stemmed in it (`running` is found by `runs`); any other language,
 * or none, is indexed with `simple` (lower-cased words, no stemming, no stop words). Each of these ships
 * with Postgres 13 and later.
 */
const CONFIG_BY_LANGUAGE = {
  ar: "arabic",
  ca: "catalan",
  da: "danish",
  de: "german",
  el: "greek",
  en: "english",
  es: "spanish",
  eu: "basque",
  fi: "finnish",
  fr: "french",
  ga: "irish",
  hi: "hindi",
  hu: "hungarian",
  hy: "armenian",
  id: "indonesian",
  it: "italian",
  lt: "lithuanian",
  nb: "norwegian",
  ne: "nepali",
  nl: "dutch",
  nn: "norwegian",
  no: "norwegian",
  pt: "portuguese",
  ro: "romanian",
  ru: "russian",
  sr: "serbian",
  sv: "swedish",
  ta: "tamil",
  tr: "turkish",
  yi: "yiddish",
} as const;

export type SearchConfig = (typeof CONFIG_BY_LANGUAGE)[keyof typeof CONFIG_BY_LANGUAGE] | "simple";

export const searchConfigFor = (language: string | null | undefined): SearchConfig => {
  const primary = language?.split("-")[0]?.toLowerCase() ?? "";
  return Object.hasOwn(CONFIG_BY_LANGUAGE, primary) ? CONFIG_BY_LANGUAGE[primary as keyof typeof CONFIG_BY_LANGUAGE] : "simple";
};

/** Every configuration a video can be indexed with: a search query is parsed with each of them. */
export const SEARCH_CONFIGS: readonly SearchConfig[] = ["simple", ...new Set(Object.values(CONFIG_BY_LANGUAGE))];
