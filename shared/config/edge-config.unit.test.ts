import { describe, expect, it } from "vitest";
import { ConfigError } from "./parse-config.js";
import { parseEdgeConfig } from "./edge-config.js";

const valid = {
  CDN_BASE_URL: "http://127.0.0.1:8788",
  PUBLIC_BASE_URL: "http://127.0.0.1:8787/",
  CLOUDFRONT_KEY_PAIR_ID: "K1",
  CLOUDFRONT_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----",
  S3_BUCKET: "videos",
  S3_ACCESS_KEY_ID: "id",
  S3_SECRET_ACCESS_KEY: "secret",
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/vod",
  UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079",
  UPSTASH_REDIS_REST_TOKEN: "t",
  JWT_PRIVATE_KEY: JSON.stringify({ kty: "EC", crv: "P-256", kid: "k", d: "x", x: "x", y: "y" }),
};

describe("edge configuration", () => {
  it("applies defaults", () => {
    const config = parseEdgeConfig(valid);
    expect(config).toMatchObject({
      ACCESS_TOKEN_TTL_SECONDS: 900,
      PASSWORD_PBKDF2_ITERATIONS: 100_000,
      CORS_ORIGINS: [],
      JWT_PUBLIC_KEYS: [],
    });
  });

  it("names every missing or invalid variable and stops", () => {
    let error: unknown;
    try {
      parseEdgeConfig({
        ...valid,
        DATABASE_URL: "mysql://x",
        UPSTASH_REDIS_REST_TOKEN: "",
        JWT_PRIVATE_KEY: "{not json",
        ACCESS_TOKEN_TTL_SECONDS: "abc",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("DATABASE_URL: must be a URL with scheme postgres: or postgresql:");
    expect(message).toContain("UPSTASH_REDIS_REST_TOKEN is required");
    expect(message).toContain("JWT_PRIVATE_KEY: must be valid JSON");
    expect(message).toContain("ACCESS_TOKEN_TTL_SECONDS");
    expect(message).not.toContain("UPSTASH_REDIS_REST_URL");
  });

  it("splits the CORS allow-list", () => {
    expect(parseEdgeConfig({ ...valid, CORS_ORIGINS: "http://a.test, https://b.test" }).CORS_ORIGINS).toEqual([
      "http://a.test",
      "https://b.test",
    ]);
  });
});
