import { describe, expect, it } from "vitest";
import { searchTerms } from "./search-query.js";

describe("the word still being typed", () => {
  it("is the last plain word with nothing after it", () => {
    expect(searchTerms("holiday bea")).toEqual({ words: "holiday ", prefix: "bea" });
    expect(searchTerms("été")).toEqual({ words: "", prefix: "été" });
  });
  it("is none after a space, inside an open quote, around `or`, for one letter or for punctuation", () => {
    for (const q of ["holiday bea ", '"holiday bea', "cats or dogs", "cats or", "cats b", "node.js", "-beach", "c++"])
      expect(searchTerms(q), q).toEqual({ words: q, prefix: null });
  });
});
