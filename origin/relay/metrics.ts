/**
 * Relay metrics (prom-client):
 *
 * - relay_outbox_backlog                     gauge                 unpublished outbox rows, including those waiting out a retry delay
 * - relay_outbox_oldest_pending_age_seconds  gauge                 age of the oldest unpublished row; 0 when there is none
 * - relay_publish_duration_seconds           histogram{outcome}    one publish until its PubAck ("acked") or its error ("failed")
 * - relay_published_total                    counter{subject}      rows published and marked (counted after COMMIT)
 * - relay_publish_failures_total             counter{subject}      publish attempts that failed and were rescheduled
 *
 * The gauges are refreshed after every drain (wake-up or poll). `subject` is one of the job subjects in
 * shared/messaging/topology.ts, or "other" for anything else a row might name, so the label set stays
 * bounded; error text never becomes a label.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { SUBJECTS } from "../../shared/messaging/topology.js";

const KNOWN_SUBJECTS: readonly string[] = [SUBJECTS.encode, SUBJECTS.delete, SUBJECTS.download];
const OTHER_SUBJECT = "other";

/** The `subject` label for a row's subject. */
export function subjectLabel(subject: string): string {
  return KNOWN_SUBJECTS.includes(subject) ? subject : OTHER_SUBJECT;
}

// From a local publish (about a millisecond) up to the publish timeout.
const PUBLISH_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface RelayMetrics {
  backlog: Gauge;
  oldestPendingAge: Gauge;
  publishDuration: Histogram<"outcome">;
  published: Counter<"subject">;
  publishFailures: Counter<"subject">;
}

export function createRelayMetrics(registry: Registry): RelayMetrics {
  const registers = [registry];
  const metrics: RelayMetrics = {
    backlog: new Gauge({ name: "relay_outbox_backlog", help: "Outbox rows not yet published.", registers }),
    oldestPendingAge: new Gauge({
      name: "relay_outbox_oldest_pending_age_seconds",
      help: "Age of the oldest unpublished outbox row, 0 when there is none.",
      registers,
    }),
    publishDuration: new Histogram({
      name: "relay_publish_duration_seconds",
      help: "Time from publishing an outbox row to its PubAck or error.",
      labelNames: ["outcome"],
      buckets: PUBLISH_BUCKETS_SECONDS,
      registers,
    }),
    published: new Counter({
      name: "relay_published_total",
      help: "Outbox rows published to JetStream and marked published.",
      labelNames: ["subject"],
      registers,
    }),
    publishFailures: new Counter({
      name: "relay_publish_failures_total",
      help: "Publish attempts that failed; the row was rescheduled with backoff.",
      labelNames: ["subject"],
      registers,
    }),
  };
  // Zeroed series from the start: increase() and alerts miss the first increment of a series that appears at 1.
  for (const subject of [...KNOWN_SUBJECTS, OTHER_SUBJECT]) {
    metrics.published.inc({ subject }, 0);
    metrics.publishFailures.inc({ subject }, 0);
  }
  return metrics;
}
