import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { API_TYPES_FILE, apiTypes } from "./generate-api-types.js";

describe("the web client's generated API types", () => {
  it("are what /openapi.json gives today: run `npm run types:api` after changing a route", async () => {
    const committed = await readFile(API_TYPES_FILE, "utf8");
    expect(committed === (await apiTypes()), "web/src/api-types.ts is stale: run `npm run types:api` and commit it").toBe(true);
  }, 90_000);
});
