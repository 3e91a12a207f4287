import { describe, expect, it } from "vitest";
import { ConfigError } from "../../shared/config/parse-config.js";
import { parseRelayConfig } from "./config.js";
import { errorText } from "./error-text.js";

describe("relay configuration", () => {
  const valid = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/vod", NATS_URL: "nats://a:4222, b:4222,tls://c:4222" };

  it("splits the server list and applies defaults", () => {
    expect(parseRelayConfig(valid)).toEqual({
      ...valid,
      NATS_URL: ["nats://a:4222", "b:4222", "tls://c:4222"],
      METRICS_PORT: 9464,
      RELAY_BATCH_SIZE: 100,
      RELAY_POLL_INTERVAL_MS: 5_000,
      LOG_LEVEL: "info",
      JETSTREAM_REPLICAS: 1,
      OTEL_TRACES_SAMPLER_ARG: 1,
    });
  });

  it("refuses a pooled database URL and a bad server list", () => {
    const bad = () => parseRelayConfig({ DATABASE_URL: "postgres://u:p@ep-x-pooler.eu-central-1.aws.neon.tech/db", NATS_URL: "http://x" });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/DATABASE_URL: must be a direct connection/);
    expect(bad).toThrow(/NATS_URL: every entry/);
  });
});

describe("last_error text", () => {
  it("keeps the cause, hides credentials and stays bounded", () => {
    const err = new Error("jetstream is not enabled", { cause: new Error("no responders via nats://relay:s3cret@nats-1:4222") });
    const text = errorText(err);
    expect(text).toBe("Error: jetstream is not enabled (cause: Error: no responders via nats://[redacted]@nats-1:4222)");
    expect(errorText(new Error("x".repeat(5_000))).length).toBe(500);
  });
});
