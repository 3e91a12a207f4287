/**
 * CDN emulator metrics (prom-client):
 *
 * - cdn_requests_total  counter{outcome}  served | denied (signature, method, path or CORS) | not_found | error (origin failed)
 */
import { Counter, type Registry } from "prom-client";

export const CDN_OUTCOMES = ["served", "denied", "not_found", "error"] as const;
export type CdnOutcome = (typeof CDN_OUTCOMES)[number];

export interface CdnMetrics {
  requests: Counter<"outcome">;
}

export function createCdnMetrics(registry: Registry): CdnMetrics {
  const requests = new Counter({
    name: "cdn_requests_total",
    help: "Requests the CDN emulator answered, by outcome.",
    labelNames: ["outcome"],
    registers: [registry],
  });
  // Every series from the start, so rate() and alerts see zeros instead of absent series.
  for (const outcome of CDN_OUTCOMES) requests.inc({ outcome }, 0);
  return { requests };
}
