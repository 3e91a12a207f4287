import { describe, expect, it } from "vitest";
import { canonicalLanguageTag, isLanguageTag } from "./captions.js";

describe("caption language tags (BCP 47)", () => {
  it("accepts well-formed tags whatever their case", () => {
    for (const tag of [
      "en",
      "EN-us",
      "pt-BR",
      "zh-Hant-TW",
      "es-419",
      "sr-Latn-RS",
      "de-CH-1996",
      "x-klingon",
      "en-US-x-twain",
      "i-klingon",
      "yue",
    ])
      expect(isLanguageTag(tag), tag).toBe(true);
  });

  it("refuses what is not a tag", () => {
    for (const tag of ["", "e", "english-", "en_US", "en-x", "en--US", "toolongtag", "en-US-a", "../en", "en US", "ab-" + "c".repeat(40)])
      expect(isLanguageTag(tag), tag).toBe(false);
  });

  it("writes each in its conventional case, so one language is one track", () => {
    expect(canonicalLanguageTag("EN-us")).toBe("en-US");
    expect(canonicalLanguageTag("zh-hant-tw")).toBe("zh-Hant-TW");
    expect(canonicalLanguageTag("es-419")).toBe("es-419");
    expect(canonicalLanguageTag("en-US-x-TWAIN")).toBe("en-US-x-twain");
  });
});
