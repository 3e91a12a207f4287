// Runs s3rver in its own Node process, started by s3rver-child.ts with --openssl-legacy-provider:
// s3rver encrypts ListObjectsV2 continuation tokens with DES, which Node 20's OpenSSL 3 only
// offers through the legacy provider. Plain JS so it runs without a TypeScript loader.
import S3rver from "s3rver";
import { atomicObjectWrites } from "./atomic-objects.mjs";
import { honourIfMatch } from "./conditional-reads.mjs";
import { enforceMultipartParts, supportAbortMultipart } from "./strict-multipart.mjs";

/** @type {{ directory: string; address: string; port: number; bucket: string; corsXml: string }} */
const config = JSON.parse(process.argv[2] ?? "");

atomicObjectWrites();
enforceMultipartParts();
const server = new S3rver({
  directory: config.directory,
  address: config.address,
  port: config.port,
  // Path-style only: otherwise s3rver takes any Host that is not an IP or "localhost" (a compose
  // service name, a LAN host name) for a bucket name, and every request misses.
  vhostBuckets: false,
  configureBuckets: [{ name: config.bucket, configs: [config.corsXml] }],
});
supportAbortMultipart(server);
honourIfMatch(server);
const { address, port } = await server.run();
// s3rver-child.ts reads the port from this line, which matters when port 0 let the OS choose it.
console.log(`s3rver listening on ${address} port ${port}`);

// The parent's exit hook cannot run when it is SIGKILLed; then we are re-parented, so leave too.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) process.exit(0);
}, 1_000).unref();
