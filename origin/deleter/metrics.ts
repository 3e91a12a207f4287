import { Counter, type Registry } from "prom-client";

/**
 * Video deleter metrics (prom-client):
 *
 * - deleter_jobs_total{outcome}     counter  jobs.delete messages by outcome: done | invalid | retry
 * - deleter_objects_removed_total   counter  objects removed from storage
 */
export const DELETE_OUTCOMES = ["done", "invalid", "retry"] as const;
export type DeleteOutcome = (typeof DELETE_OUTCOMES)[number];

export function createDeleterMetrics(registry: Registry) {
  const jobs = new Counter({
    name: "deleter_jobs_total",
    help: "jobs.delete messages handled, by outcome.",
    labelNames: ["outcome"],
    registers: [registry],
  });
  for (const outcome of DELETE_OUTCOMES) jobs.inc({ outcome }, 0);
  const objects = new Counter({ name: "deleter_objects_removed_total", help: "Objects removed from storage.", registers: [registry] });
  return { jobs, objects };
}

export type DeleterMetrics = ReturnType<typeof createDeleterMetrics>;
