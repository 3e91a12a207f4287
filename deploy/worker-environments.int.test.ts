import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { unstable_readConfig } from "wrangler";
import { describe, expect, it } from "vitest";
import { edgeConfigSchema, parseEdgeConfig } from "../shared/config/edge-config.js";

/**
 * wrangler.toml's deployable environments, checked offline: each declares every variable the edge needs
 * (vars, or secrets that `wrangler deploy` refuses to go without), and production bundles within budget.
 */
const run = promisify(execFile);
const ENVIRONMENTS = ["staging", "production"] as const;
const GZIP_BUDGET_KIB = 1024;
// Shaped like the real values, so the schema's checks apply to the vars around them.
const SECRET_SAMPLES: Record<string, string> = {
  DATABASE_URL: "postgres://app:pw@ep-example-pooler.eu-central-1.aws.neon.tech/neondb?sslmode=require",
  UPSTASH_REDIS_REST_URL: "https://example-12345.upstash.io",
  UPSTASH_REDIS_REST_TOKEN: "token",
  JWT_PRIVATE_KEY: JSON.stringify({ kty: "EC", crv: "P-256", kid: "k1", x: "x", y: "y", d: "d" }),
  S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
  S3_SECRET_ACCESS_KEY: "secret",
  CLOUDFRONT_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----",
};
const requiredBySchema = Object.entries(edgeConfigSchema.shape)
  .filter(([, field]) => !field.safeParse(undefined).success)
  .map(([name]) => name)
  .sort();

describe.each(ENVIRONMENTS)("wrangler.toml [env.%s]", (env) => {
  const config = unstable_readConfig({ config: "wrangler.toml", env });
  const vars = config.vars as Record<string, string>;
  const secrets = config.secrets?.required ?? [];

  it("deploys as its own Worker on a custom domain (the Cache API needs one)", () => {
    expect(config.name).toBe(`vod-edge-${env}`);
    expect(config.workers_dev).toBe(false);
    expect(config.routes).toEqual([expect.objectContaining({ custom_domain: true })]);
  });

  it("requires exactly the secrets the edge cannot start without, and sets the rest as vars", () => {
    expect(Object.keys(vars).filter((name) => secrets.includes(name))).toEqual([]);
    expect([...secrets].sort()).toEqual(Object.keys(SECRET_SAMPLES).sort());
    expect(requiredBySchema.filter((name) => !secrets.includes(name) && !(name in vars))).toEqual([]);
  });

  it("has vars the edge's configuration accepts, and fails without any one of its secrets", () => {
    expect(() => parseEdgeConfig({ ...vars, ...SECRET_SAMPLES })).not.toThrow();
    for (const secret of secrets) {
      const { [secret]: _, ...without } = SECRET_SAMPLES;
      expect(() => parseEdgeConfig({ ...vars, ...without }), secret).toThrow(`${secret} is required`);
    }
  });
});

describe("wrangler deploy --dry-run --env production", () => {
  it(`bundles the Worker under ${GZIP_BUDGET_KIB} KiB gzip`, async () => {
    const outdir = await mkdtemp(join(tmpdir(), "worker-dry-run-"));
    try {
      // The web app's web/dist ([assets]) is built by the global setup.
      const { stdout } = await run("npx", ["wrangler", "deploy", "--dry-run", "--env", "production", "--outdir", outdir]);
      const gzipKiB = Number(/Total Upload: [\d.]+ KiB \/ gzip: ([\d.]+) KiB/.exec(stdout)?.[1]);
      console.info(`[worker] production bundle: ${gzipKiB} KiB gzip`);
      expect(gzipKiB).toBeGreaterThan(0);
      expect(gzipKiB).toBeLessThan(GZIP_BUDGET_KIB);
      expect(await readdir(outdir)).toContain("worker.js");
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  });
});
