import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/** One span as a collector would store it, with the service that sent it. */
export interface ReceivedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP numbering: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
}

export interface OtlpReceiver {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT: exporters append /v1/traces. */
  url: string;
  spans(): ReceivedSpan[];
  /** Export requests it could not read, so a test can fail on them instead of on a missing span. */
  errors(): string[];
  close(): Promise<void>;
}

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
}
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface ExportRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: KeyValue[];
        status?: ReceivedSpan["status"];
      }[];
    }[];
  }[];
}

const HEX_ID = /^[0-9a-f]+$/;

/**
 * A collector in miniature: an HTTP server taking OTLP/HTTP JSON trace exports (what the edge's
 * fetch exporter and the Node SDK's exporter send) and keeping every span.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const errors: string[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then(
      (body) => {
        if (req.method !== "POST" || req.url !== "/v1/traces" || !req.headers["content-type"]?.includes("json")) {
          errors.push(`${req.method} ${req.url} ${req.headers["content-type"]}`);
          res.writeHead(415).end();
          return;
        }
        try {
          received.push(...flatten(JSON.parse(body.toString()) as ExportRequest));
          res.writeHead(200, { "content-type": "application/json" }).end("{}");
        } catch (err) {
          errors.push(String(err));
          res.writeHead(400).end();
        }
      },
      (err: unknown) => {
        errors.push(String(err));
        res.writeHead(400).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans: () => [...received],
    errors: () => [...errors],
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
}

function flatten(request: ExportRequest): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        out.push({
          service: String(resource["service.name"]),
          scope: scopeSpans.scope?.name ?? "",
          traceId: idOf(span.traceId),
          spanId: idOf(span.spanId),
          parentSpanId: span.parentSpanId ? idOf(span.parentSpanId) : undefined,
          name: span.name,
          kind: span.kind,
          attributes: attributesOf(span.attributes),
          status: span.status ?? {},
        });
      }
    }
  }
  return out;
}

// OTLP/JSON asks for hex ids; a base64 one (the protobuf JSON mapping's default) is converted.
function idOf(id: string): string {
  return HEX_ID.test(id) ? id : Buffer.from(id, "base64").toString("hex");
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: AnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  return value.arrayValue?.values?.map(valueOf);
}
