/**
 * Projector metrics (prom-client):
 *
 * - projector_events_total{type,outcome}    counter    events handled; outcome is applied (the row moved), ignored (too late
 *                                                      for the row's status, or no such video), invalid (terminated, never
 *                                                      applied) or retry (a database error; handed back with a delay)
 * - projector_apply_duration_seconds{type}  histogram  one event's SQL statement, until it committed or failed
 * - projector_consumer_pending              gauge      events the `projector` durable has not acknowledged yet (not yet
 *                                                      delivered plus awaiting their ack), read from NATS at scrape time
 *
 * `type` is progress, playable, encoded, failed, download_failed, or unknown for a subject outside the contract: a bounded set.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { EVENT_TYPES } from "../../shared/contracts/events.js";
import { UNKNOWN_TYPE } from "./parse-event.js";

// From a statement on a warm connection (about a millisecond) up to the statement timeout.
const APPLY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const EVENT_OUTCOMES = ["applied", "ignored", "invalid", "retry"] as const;
export type EventOutcome = (typeof EVENT_OUTCOMES)[number];

export interface ProjectorMetrics {
  events: Counter<"type" | "outcome">;
  applyDuration: Histogram<"type">;
}

/** `readPending` answers undefined when NATS cannot say; the gauge then keeps its last value. */
export function createProjectorMetrics(registry: Registry, readPending: () => Promise<number | undefined>): ProjectorMetrics {
  const registers = [registry];
  new Gauge({
    name: "projector_consumer_pending",
    help: "Video events the projector's consumer has not acknowledged yet (undelivered plus awaiting ack).",
    registers,
    async collect() {
      const pending = await readPending();
      if (pending !== undefined) this.set(pending);
    },
  });
  const metrics: ProjectorMetrics = {
    events: new Counter({
      name: "projector_events_total",
      help: "Video events handled by the projector, by type and outcome.",
      labelNames: ["type", "outcome"],
      registers,
    }),
    applyDuration: new Histogram({
      name: "projector_apply_duration_seconds",
      help: "Time to apply one video event to the videos table (one SQL statement).",
      labelNames: ["type"],
      buckets: APPLY_BUCKETS_SECONDS,
      registers,
    }),
  };
  // Zeroed series from the start, so rate() and increase() see the first event of each kind.
  for (const type of [...EVENT_TYPES, UNKNOWN_TYPE]) for (const outcome of EVENT_OUTCOMES) metrics.events.inc({ type, outcome }, 0);
  return metrics;
}
