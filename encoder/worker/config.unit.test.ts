import { describe, expect, it } from "vitest";
import { ConfigError } from "../../shared/config/parse-config.js";
import { parseEncoderConfig } from "./config.js";

const required = { NATS_URL: "nats://a:4222, nats://b:4222", S3_BUCKET: "videos", S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret" };

describe("encoder configuration", () => {
  it("applies defaults, with a heartbeat of a quarter of ack_wait", () => {
    expect(parseEncoderConfig(required)).toMatchObject({
      NATS_URL: ["nats://a:4222", "nats://b:4222"],
      ENCODER_CONCURRENCY: 1,
      ENCODER_ACK_WAIT_MS: 60_000,
      ENCODER_MAX_DELIVER: 5,
      ENCODER_HEARTBEAT_MS: 15_000,
      ENCODER_STOP_GRACE_MS: 25_000,
      METRICS_PORT: 9465,
    });
    expect(parseEncoderConfig({ ...required, ENCODER_ACK_WAIT_MS: "6000" }).ENCODER_HEARTBEAT_MS).toBe(1_500);
  });

  it("refuses a heartbeat that is not shorter than ack_wait", () => {
    expect(() => parseEncoderConfig({ ...required, ENCODER_ACK_WAIT_MS: "6000", ENCODER_HEARTBEAT_MS: "6000" })).toThrow(ConfigError);
  });
});
