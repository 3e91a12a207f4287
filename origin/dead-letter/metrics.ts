/**
 * Dead-letter handler metrics (prom-client):
 *
 * - dead_letter_jobs_total{subject}  counter  jobs moved to JOBS_DLQ, by their original subject (jobs.encode, jobs.delete)
 * - dead_letter_failures_total       counter  advisories the handler could not deal with: an error (handed back, retried
 *                                             with backoff) or a body it cannot read (terminated)
 *
 * Any increase of either deserves an alert: each moved job is a video or a deletion an operator should look at.
 */
import { Counter, type Registry } from "prom-client";
import { SUBJECTS } from "../../shared/messaging/topology.js";

const JOB_SUBJECTS: readonly string[] = [SUBJECTS.encode, SUBJECTS.delete, SUBJECTS.download];
const OTHER_SUBJECT = "other";

/** The `subject` label: JOBS only takes these two subjects, but a label must stay bounded whatever arrives. */
export function jobSubjectLabel(subject: string): string {
  return JOB_SUBJECTS.includes(subject) ? subject : OTHER_SUBJECT;
}

export interface DeadLetterMetrics {
  jobs: Counter<"subject">;
  failures: Counter;
}

export function createDeadLetterMetrics(registry: Registry): DeadLetterMetrics {
  const registers = [registry];
  const metrics: DeadLetterMetrics = {
    jobs: new Counter({
      name: "dead_letter_jobs_total",
      help: "Jobs that exhausted their deliveries and were moved to the dead-letter stream, by original subject.",
      labelNames: ["subject"],
      registers,
    }),
    failures: new Counter({
      name: "dead_letter_failures_total",
      help: "Max-deliveries advisories whose handling failed (retried) or that could not be read (dropped).",
      registers,
    }),
  };
  // Zeroed series from the start: the DLQ alert's increase() would miss a first move that creates the series at 1.
  for (const subject of [...JOB_SUBJECTS, OTHER_SUBJECT]) metrics.jobs.inc({ subject }, 0);
  metrics.failures.inc(0);
  return metrics;
}
