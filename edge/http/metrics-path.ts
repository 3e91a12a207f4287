/** Where the Node and Bun entries serve Prometheus metrics; its own module so the app needs no prom-client. */
export const METRICS_PATH = "/metrics";
