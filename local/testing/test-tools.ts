import { ensureChromium } from "../infra/chromium.js";
import { ensureFfmpeg } from "../infra/ffmpeg.js";
import { installUnlessServed } from "../infra/managed-service.js";
import { nats } from "../infra/nats.js";
import { postgres } from "../infra/postgres.js";
import { redis } from "../infra/redis.js";
import { ensurePrometheus } from "./prometheus.js";

/**
 * `npm test`'s first step (scripts/test.mjs): installs, as `npm run dev` does, the Debian packages a fresh
 * machine lacks, before any test's timeout starts counting: ffmpeg (encoders, flows), chromium (browser),
 * prometheus and promtool (observability), and the servers' packages where none answers.
 */
const log = { info: (m: string) => console.log(`[test] ${m}`), warn: (m: string) => console.warn(`[test] ${m}`) };

await ensureFfmpeg(log);
await ensureChromium(log);
await ensurePrometheus();
await installUnlessServed(postgres, process.env.POSTGRES_URL, log);
await installUnlessServed(redis, process.env.REDIS_URL, log);
// The tests always start a NATS of their own, on a free port and from an empty store.
await nats.install(log);
