import { execFile } from "node:child_process";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { importJWK, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEdgeConfig } from "../shared/config/edge-config.js";

/** The guide's key step: what deploy/generate-keys.mjs writes is what the edge's secrets must hold. */
const run = promisify(execFile);
let dir: string;
const read = (name: string) => readFile(join(dir, name), "utf8");

beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), "keys-")), "out");
  await run(process.execPath, ["deploy/generate-keys.mjs", dir]);
});
afterAll(() => rm(join(dir, ".."), { recursive: true, force: true }));

describe("deploy/generate-keys.mjs", () => {
  it("writes keys only their owner can read, and refuses to overwrite them", async () => {
    for (const name of ["jwt-private.jwk.json", "cloudfront-private.pem", "cloudfront-public.pem"]) {
      expect((await stat(join(dir, name))).mode & 0o777, name).toBe(0o600);
    }
    await expect(run(process.execPath, ["deploy/generate-keys.mjs", dir])).rejects.toMatchObject({
      stderr: expect.stringContaining("EEXIST"),
    });
  });

  it("gives the edge a JWT key and a CloudFront key its configuration accepts and signs with", async () => {
    const config = parseEdgeConfig({
      DATABASE_URL: "postgres://u:p@ep-x-pooler.eu-central-1.aws.neon.tech/db",
      UPSTASH_REDIS_REST_URL: "https://x.upstash.io",
      UPSTASH_REDIS_REST_TOKEN: "t",
      PUBLIC_BASE_URL: "https://api.example.com",
      JWT_PRIVATE_KEY: await read("jwt-private.jwk.json"),
      S3_BUCKET: "vod-videos",
      S3_ACCESS_KEY_ID: "a",
      S3_SECRET_ACCESS_KEY: "s",
      CDN_BASE_URL: "https://cdn.example.com",
      CLOUDFRONT_KEY_PAIR_ID: "K1",
      CLOUDFRONT_PRIVATE_KEY: await read("cloudfront-private.pem"),
    });
    const { d: _, ...publicJwk } = config.JWT_PRIVATE_KEY;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: config.JWT_PRIVATE_KEY.kid })
      .sign(await importJWK(config.JWT_PRIVATE_KEY, "ES256"));
    await expect(jwtVerify(token, await importJWK(publicJwk, "ES256"))).resolves.toBeDefined();

    const publicKey = createPublicKey(await read("cloudfront-public.pem"));
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(createPublicKey(createPrivateKey(config.CLOUDFRONT_PRIVATE_KEY)).export({ type: "spki", format: "pem" })).toBe(
      await read("cloudfront-public.pem"),
    );
    const url = getSignedUrl({
      url: "https://cdn.example.com/videos/v1/manifest.mpd",
      keyPairId: "K1",
      privateKey: config.CLOUDFRONT_PRIVATE_KEY,
      dateLessThan: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(url).toContain("Signature=");
  });
});
