/**
 * Encoder worker metrics (prom-client):
 *
 * - encoder_jobs_total                 counter{outcome}   jobs finished, by outcome: done | bad_media | transient | poison | handed_back
 * - encoder_job_duration_seconds       histogram{outcome} one delivery, from receipt until ack / nak / term
 * - encoder_stage_duration_seconds     histogram{stage}   one stage of a delivery: adopt | source | probe | encode | upload | publish
 * - encoder_time_to_playable_seconds  histogram        from the start of an encode until its first manifest and segments are stored
 * - encoder_realtime_factor            histogram          media seconds per second of encode wall time (>1 is faster than real time)
 * - encoder_jobs_in_flight             gauge              deliveries being worked on by this process
 * - encoder_consumer_pending           gauge              num_pending + num_ack_pending of the `encoder` consumer (the pool's backlog), refreshed every ~10 s
 * - encoder_consumer_oldest_pending_age_seconds  gauge    age of the oldest encode job no worker has taken yet; 0 when none waits (same refresh)
 * - encoder_consuming                  gauge              1 while this process is bound to the consumer and pulling, else 0
 *
 * plus prom-client's default process metrics when the caller collects them. Every label value
 * comes from a fixed set, never from job data or error text.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { OUTCOMES } from "./job-types.js";

// From a few seconds (a short clip) to a couple of hours (a feature film on a small worker).
const JOB_BUCKETS_SECONDS = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1_200, 3_600, 7_200];
// Stages range from milliseconds (probe, publish) to the whole encode.
const STAGE_BUCKETS_SECONDS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1_200, 3_600];
// Progressive publishing aims at a few seconds whatever the length; a busy pool takes longer.
const PLAYABLE_BUCKETS_SECONDS = [1, 2, 3, 4, 5, 6, 8, 10, 15, 30, 60];
// x264 ladders run from well under real time (4K, slow presets) to many times faster (small sources).
const REALTIME_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

export interface EncoderMetrics {
  jobs: Counter<"outcome">;
  jobDuration: Histogram<"outcome">;
  stageDuration: Histogram<"stage">;
  realtimeFactor: Histogram;
  timeToPlayable: Histogram;
  inFlight: Gauge;
  consumerPending: Gauge;
  oldestPendingAge: Gauge;
  consuming: Gauge;
}

export function createEncoderMetrics(registry: Registry): EncoderMetrics {
  const registers = [registry];
  const metrics: EncoderMetrics = {
    jobs: new Counter({ name: "encoder_jobs_total", help: "Encode deliveries finished, by outcome.", labelNames: ["outcome"], registers }),
    jobDuration: new Histogram({
      name: "encoder_job_duration_seconds",
      help: "One delivery of an encode job, from receipt until it was acked, naked or terminated.",
      labelNames: ["outcome"],
      buckets: JOB_BUCKETS_SECONDS,
      registers,
    }),
    stageDuration: new Histogram({
      name: "encoder_stage_duration_seconds",
      help: "One stage of an encode delivery.",
      labelNames: ["stage"],
      buckets: STAGE_BUCKETS_SECONDS,
      registers,
    }),
    realtimeFactor: new Histogram({
      name: "encoder_realtime_factor",
      help: "Media duration divided by the wall time of its encode (higher is faster).",
      buckets: REALTIME_BUCKETS,
      registers,
    }),
    timeToPlayable: new Histogram({
      name: "encoder_time_to_playable_seconds",
      help: "From the start of an encode until its first manifest and every segment it lists were stored.",
      buckets: PLAYABLE_BUCKETS_SECONDS,
      registers,
    }),
    inFlight: new Gauge({ name: "encoder_jobs_in_flight", help: "Encode deliveries this process is working on.", registers }),
    consumerPending: new Gauge({
      name: "encoder_consumer_pending",
      help: "Encode jobs waiting or handed out and not yet acknowledged, across the pool.",
      registers,
    }),
    oldestPendingAge: new Gauge({
      name: "encoder_consumer_oldest_pending_age_seconds",
      help: "Age of the oldest encode job no worker has taken yet; 0 when none waits.",
      registers,
    }),
    consuming: new Gauge({ name: "encoder_consuming", help: "1 while this worker pulls from the encoder consumer.", registers }),
  };
  // Zeroed series exist from the start, so rate() and alerts see every outcome.
  for (const outcome of OUTCOMES) metrics.jobs.inc({ outcome }, 0);
  return metrics;
}
