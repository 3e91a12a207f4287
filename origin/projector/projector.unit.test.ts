import { describe, expect, it } from "vitest";
import type { EncodedEvent } from "../../shared/contracts/events.js";
import { ConfigError } from "../../shared/config/parse-config.js";
import { playableOutputs, toOutputs } from "./apply-event.js";
import { parseProjectorConfig } from "./config.js";
import { isPermanentDbError } from "./db-errors.js";
import { parseEvent } from "./parse-event.js";

const progress = { video_id: "vid_1", stage: "encode", percent: 40, at: "2026-01-01T00:00:00Z" };

describe("parseEvent", () => {
  it("takes the type from the subject and checks the body against its contract", () => {
    expect(parseEvent("video.events.progress", JSON.stringify(progress))).toEqual({
      ok: true,
      value: { type: "progress", event: { ...progress, trace: {} } },
    });
    // A valid progress body on the failed subject is not a failed event.
    expect(parseEvent("video.events.failed", JSON.stringify(progress))).toMatchObject({ ok: false, type: "failed" });
  });

  it("reads a playable event, and refuses a revision that is not a revision folder name", () => {
    const body = {
      video_id: "vid_1",
      revision: "r0mf3x2k1aa1b2c3",
      started_at: "2026-01-01T00:00:00.000Z",
      duration_seconds: 12,
      width: 1280,
      height: 720,
      keys: { manifest: "videos/vid_1/r0mf3x2k1aa1b2c3/manifest.mpd", hls_master: "videos/vid_1/r0mf3x2k1aa1b2c3/master.m3u8" },
      at: "2026-01-01T00:00:05.000Z",
    };
    expect(parseEvent("video.events.playable", JSON.stringify(body))).toEqual({
      ok: true,
      value: { type: "playable", event: { ...body, trace: {} } },
    });
    expect(parseEvent("video.events.playable", JSON.stringify({ ...body, revision: "../vid_2" }))).toMatchObject({
      ok: false,
      type: "playable",
      problem: expect.stringContaining("revision"),
    });
  });

  it("names what is wrong, with a bounded type label", () => {
    expect(parseEvent("video.events.progress", "{")).toEqual({ ok: false, type: "progress", problem: "body is not JSON" });
    expect(parseEvent("video.events.progress", JSON.stringify({ ...progress, percent: 101 }))).toMatchObject({
      ok: false,
      problem: expect.stringContaining("percent"),
    });
    expect(parseEvent("video.events.thumbnail", "{}")).toMatchObject({ ok: false, type: "unknown" });
    expect(parseEvent("video.eventsprogress", "{}")).toMatchObject({ ok: false, type: "unknown" });
  });
});

describe("toOutputs", () => {
  it("maps the wire format to VideoOutputs, leaving out absent storyboard keys", () => {
    const event: EncodedEvent = {
      video_id: "vid_1",
      duration_seconds: 1,
      width: 640,
      height: 360,
      keys: { manifest: "m", hls_master: "h", poster: "p" },
      renditions: [{ width: 640, height: 360, bitrate_kbps: 800, codecs: "avc1" }],
      encoded_at: "2026-01-01T00:00:00Z",
      trace: {},
    };
    expect(toOutputs(event)).toEqual({
      manifestKey: "m",
      hlsKey: "h",
      posterKey: "p",
      renditions: [{ width: 640, height: 360, bitrateKbps: 800, codec: "avc1" }],
    });
  });

  it("records the revision of an encoded event, and the live keys of a playable one", () => {
    const base = { video_id: "vid_1", duration_seconds: 1, width: 640, height: 360, trace: {} };
    const encoded: EncodedEvent = {
      ...base,
      revision: "r0mf3x2k1aa1b2c3",
      keys: { manifest: "m", hls_master: "h", poster: "p" },
      renditions: [{ width: 640, height: 360, bitrate_kbps: 800, codecs: "avc1" }],
      encoded_at: "2026-01-01T00:00:00Z",
    };
    expect(toOutputs(encoded)).toMatchObject({ revision: "r0mf3x2k1aa1b2c3", manifestKey: "m" });
    const live = {
      ...base,
      revision: "r0mf3x2k1aa1b2c3",
      started_at: "2026-01-01T00:00:00.000Z",
      keys: { manifest: "m", hls_master: "h" },
      at: "2026-01-01T00:00:05Z",
    };
    expect(playableOutputs(live)).toEqual({
      revision: "r0mf3x2k1aa1b2c3",
      revisionStartedAt: "2026-01-01T00:00:00.000Z",
      manifestKey: "m",
      hlsKey: "h",
    });
  });
});

describe("isPermanentDbError", () => {
  it("gives up on data and constraint errors, retries everything else", () => {
    expect(isPermanentDbError({ code: "22003" })).toBe(true); // numeric value out of range
    expect(isPermanentDbError({ code: "23514" })).toBe(true); // check violation
    expect(isPermanentDbError({ code: "3D000" })).toBe(false); // database does not exist
    expect(isPermanentDbError({ code: "57P01" })).toBe(false); // admin shutdown
    expect(isPermanentDbError(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }))).toBe(false);
    expect(isPermanentDbError(new Error("timeout"))).toBe(false);
  });
});

describe("catalog configuration", () => {
  it("splits the server list and applies defaults", () => {
    expect(parseProjectorConfig({ DATABASE_URL: "postgres://u@db:5432/vod", NATS_URL: "nats://a:4222,b:4222" })).toEqual({
      DATABASE_URL: "postgres://u@db:5432/vod",
      NATS_URL: ["nats://a:4222", "b:4222"],
      METRICS_PORT: 9466,
      LOG_LEVEL: "info",
      JETSTREAM_REPLICAS: 1,
      OTEL_TRACES_SAMPLER_ARG: 1,
    });
  });

  it("names every missing variable", () => {
    expect(() => parseProjectorConfig({})).toThrow(ConfigError);
    expect(() => parseProjectorConfig({})).toThrow(/DATABASE_URL is required/);
    expect(() => parseProjectorConfig({})).toThrow(/NATS_URL is required/);
  });
});
