import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { messageOf } from "../infra/managed-service.js";
import { corsXml } from "./cors-xml.js";
import { spawnS3rver } from "./s3rver-child.js";
import type { LocalS3Options, RunningS3 } from "./types.js";
import { waitForBucket } from "./wait-for-bucket.js";

const READY_TIMEOUT_MS = 30_000;
// s3rver's built-in account; it accepts no other keys.
const ACCESS_KEY = "S3RVER";

/**
 * The local stand-in for S3: s3rver in a child process, with the bucket created (idempotently) and
 * CORS configured so browsers can upload to presigned URLs. Objects persist under `<dataDir>/s3`.
 * s3rver checks a presigned URL's expiry but not its SigV4 signature.
 */
export async function startLocalS3(opts: LocalS3Options): Promise<RunningS3> {
  const began = Date.now();
  const deadline = began + READY_TIMEOUT_MS;
  const host = opts.host ?? "127.0.0.1";
  // Absolute, so the child finds it whatever its working directory.
  const directory = join(resolve(opts.dataDir), "s3");
  await mkdir(directory, { recursive: true });

  const { child, port } = await spawnS3rver(
    { directory, address: host, port: opts.port, bucket: opts.bucket, corsXml: corsXml(opts.corsOrigins) },
    deadline,
  );
  const s3: RunningS3 = {
    endpoint: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    bucket: opts.bucket,
    accessKeyId: ACCESS_KEY,
    secretAccessKey: ACCESS_KEY,
    stop: () => child.stop(),
  };
  try {
    await waitForBucket(s3, deadline);
  } catch (err) {
    await child.stop();
    throw new Error(
      `s3: bucket ${opts.bucket} did not answer at ${s3.endpoint}: ${messageOf(err)}. s3rver's last output:\n${child.output()}`,
    );
  }
  opts.log.info(
    `s3: s3rver ready at ${s3.endpoint}, bucket ${opts.bucket} (pid ${child.pid}) after ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
  return s3;
}
