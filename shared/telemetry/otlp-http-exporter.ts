import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { toOtlpJson } from "./otlp-json.js";

const TRACES_PATH = "/v1/traces";
const DEFAULT_TIMEOUT_MS = 10_000;

export interface OtlpHttpExporterOptions {
  /** The collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); `/v1/traces` is appended. */
  endpoint: string;
  /** `OTEL_EXPORTER_OTLP_HEADERS`, e.g. a vendor's API key. */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * OTLP/HTTP JSON over `fetch`: the one transport workerd, Node, Bun and Deno all have. The OTel
 * exporter packages pick XHR or node:http per platform, neither of which exists in a Worker.
 */
export class OtlpHttpJsonExporter implements SpanExporter {
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #inFlight = new Set<Promise<void>>();
  #stopped = false;

  constructor(opts: OtlpHttpExporterOptions) {
    this.#url = opts.endpoint.replace(/\/+$/, "") + TRACES_PATH;
    this.#headers = { ...opts.headers, "content-type": "application/json" };
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.#stopped) return resultCallback({ code: ExportResultCode.FAILED, error: new Error("exporter is shut down") });
    const sent = this.#send(spans).then(
      () => resultCallback({ code: ExportResultCode.SUCCESS }),
      (error: unknown) =>
        resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    this.#inFlight.add(sent);
    void sent.finally(() => this.#inFlight.delete(sent));
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }

  async shutdown(): Promise<void> {
    this.#stopped = true;
    await this.forceFlush();
  }

  async #send(spans: ReadableSpan[]): Promise<void> {
    const res = await fetch(this.#url, {
      method: "POST",
      headers: this.#headers,
      body: JSON.stringify(toOtlpJson(spans)),
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    // workerd keeps an unread body's connection busy; read it either way.
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`OTLP export answered ${res.status}`);
  }
}

/** `OTEL_EXPORTER_OTLP_HEADERS`: `key=value` pairs, comma-separated, values URL-encoded. */
export function parseOtlpHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}
