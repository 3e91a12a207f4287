import { describe, expect, it } from "vitest";
import { ADVISORIES_STREAM } from "./advisories-stream.js";
import { parseAdvisory } from "./advisory.js";
import { parseDeadLetterConfig } from "./config.js";
import { deadLetterSubject } from "./move-job.js";

describe("dead-letter subjects and advisories", () => {
  it("keeps the job's subject tail under jobs.dlq", () => {
    expect(deadLetterSubject("jobs.encode")).toBe("jobs.dlq.encode");
    expect(deadLetterSubject("jobs.delete")).toBe("jobs.dlq.delete");
  });

  it("captures the max-deliveries advisories of every JOBS consumer", () => {
    expect(ADVISORIES_STREAM.subjects).toEqual(["$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.JOBS.>"]);
  });

  it("reads the advisory as nats-server 2.9 publishes it", () => {
    const body =
      '{"type":"io.nats.jetstream.advisory.v1.max_deliver","id":"ajIThTsrJJKPGJVsEofCFJ","timestamp":"2026-11-30T05:34:41.197079849Z","stream":"JOBS","consumer":"encoder","stream_seq":1,"deliveries":2}';
    expect(parseAdvisory(body)).toEqual({ stream: "JOBS", consumer: "encoder", stream_seq: 1, deliveries: 2 });
    expect(parseAdvisory("{")).toBeUndefined();
    expect(parseAdvisory('{"stream":"JOBS","consumer":"encoder","stream_seq":0,"deliveries":2}')).toBeUndefined();
  });

  it("applies configuration defaults", () => {
    expect(parseDeadLetterConfig({ NATS_URL: "nats://a:4222" })).toEqual({
      NATS_URL: ["nats://a:4222"],
      JETSTREAM_REPLICAS: 1,
      METRICS_PORT: 9467,
      LOG_LEVEL: "info",
      OTEL_TRACES_SAMPLER_ARG: 1,
    });
  });
});
