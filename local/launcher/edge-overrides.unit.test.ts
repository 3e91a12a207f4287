import { describe, expect, it } from "vitest";
import { edgeOverrides } from "./edge-overrides.js";

describe("edge settings handed to `npm run dev`", () => {
  it("forwards the edge's configuration keys from the environment, never one the stack sets, nothing else", () => {
    const env = {
      SINGLE_PUT_MAX_BYTES: "6291456",
      MULTIPART_PART_BYTES: "5242880",
      DATABASE_URL: "postgres://elsewhere/db",
      HOME: "/root",
      PATH: "/bin",
    };
    const stack = { DATABASE_URL: "postgres://127.0.0.1/vod", CORS_ORIGINS: "http://127.0.0.1:8787" };
    expect(edgeOverrides(env, stack)).toEqual({ SINGLE_PUT_MAX_BYTES: "6291456", MULTIPART_PART_BYTES: "5242880" });
  });
});
