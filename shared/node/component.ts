import type { NatsConnection } from "@nats-io/transport-node";
import type { Registry } from "prom-client";
import type { Logger } from "../logger.js";
import type { BackoffPolicy } from "./backoff.js";

/** What every origin component (relay, projector, dead-letter handler, deleter) is handed by its service. */
export interface ComponentDeps {
  /** Owned by the caller; the component never closes it. */
  nats: NatsConnection;
  log: Logger;
  /** Where the component's metrics are registered; pass the one the metrics server serves. */
  registry?: Registry;
  /** Delay before work whose handling failed is tried again. */
  retryBackoff?: BackoffPolicy;
}

/** A started component: `stop()` finishes the work in hand and lets go of the rest; `checks()` feeds /healthz and /readyz. */
export interface RunningComponent<Checks extends Record<string, boolean>> {
  stop(): Promise<void>;
  checks(): Checks;
}
