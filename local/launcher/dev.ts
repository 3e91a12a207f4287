import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWeb } from "../../web/build.js";
import { writeEdgeEnvFile } from "./edge-env-file.js";
import { edgeOverrides } from "./edge-overrides.js";
import { originServices, startOriginServices } from "./origin-processes.js";
import { startProcess, waitForHttp, type Managed } from "./processes.js";
import { latencyFromEnv } from "../http/simulated-latency.js";
import { startStack } from "./stack.js";
import { WRANGLER_OFFLINE_ENV } from "./wrangler-env.js";

/** `npm run dev`: the whole platform on this machine, stopped by Ctrl-C, data kept under .data/. */
const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const dataDir = process.env.DATA_DIR ?? join(root, ".data");
const edgePort = Number(process.env.EDGE_PORT ?? 8787);
const edgeUrl = `http://127.0.0.1:${edgePort}`;
const log = { info: (m: string) => console.log(`[stack] ${m}`), warn: (m: string) => console.warn(`[stack] ${m}`) };

await mkdir(dataDir, { recursive: true });
// The web app the edge serves at / (wrangler.toml [assets] reads web/dist): first, so a broken build stops here.
await buildWeb({ log: log.info });
const stack = await startStack({
  dataDir,
  database: process.env.DATABASE_NAME ?? "vod",
  ports: {
    neonProxy: Number(process.env.NEON_PROXY_PORT ?? 4444),
    upstashProxy: Number(process.env.UPSTASH_PROXY_PORT ?? 8079),
    s3: Number(process.env.S3_PORT ?? 4568),
    cdn: Number(process.env.CDN_PORT ?? 8788),
  },
  corsOrigins: [edgeUrl, `http://localhost:${edgePort}`],
  // Behind a tunnel or proxy, the address clients use instead of the local port.
  publicBaseUrl: process.env.PUBLIC_BASE_URL ?? edgeUrl,
  // A database and Redis "far away", e.g. LOCAL_NEON_LATENCY_MS=50 LOCAL_UPSTASH_LATENCY_MS=5: round trips become visible.
  latencyMs: {
    neon: latencyFromEnv(process.env, "LOCAL_NEON_LATENCY_MS"),
    upstash: latencyFromEnv(process.env, "LOCAL_UPSTASH_LATENCY_MS"),
  },
  log,
  env: process.env,
});

const children: Managed[] = [];
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("[stack] stopping…");
  for (const child of children.reverse()) await child.stop();
  await stack.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  // Growing manifests name the edge's clock; the edge rewrites it per viewer, this is for the raw CDN copy.
  // A service that dies is started again (with backoff): the pool must not silently run short.
  const origin = await startOriginServices(root, { ENCODER_UTC_TIMING_URL: `${edgeUrl}/time`, ...stack.env }, originServices(process.env), {
    restart: { log: log.warn },
  });
  children.push(...origin.processes);

  const envFile = await writeEdgeEnvFile(dataDir, { ...stack.env, ...edgeOverrides(process.env, stack.env) });
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const edge = startProcess(
    "edge",
    wrangler,
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(edgePort),
      "--env-file",
      envFile,
      "--persist-to",
      join(dataDir, "wrangler"),
      "--show-interactive-dev-session=false",
    ],
    { ...process.env, ...WRANGLER_OFFLINE_ENV },
    root,
  );
  children.push(edge);
  edge.child.once("exit", (code) => {
    if (!stopping) {
      console.error(`[stack] the edge exited (${code}); stopping`);
      void shutdown(1);
    }
  });
  await waitForHttp(`${edgeUrl}/health`, 120_000, (s) => s === 200);
  console.log(
    `ready: edge ${edgeUrl} (web app and API)  api docs ${edgeUrl}/openapi.json  s3 ${stack.env.S3_ENDPOINT}  cdn ${stack.env.CDN_BASE_URL}  metrics ${Object.values(
      origin.urls,
    )
      .map((url) => `${url}/metrics`)
      .join(" ")}  traces ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? "off (set OTEL_EXPORTER_OTLP_ENDPOINT)"}  (Ctrl-C stops everything)`,
  );
} catch (error) {
  console.error(`[stack] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
