// `node deploy/generate-keys.mjs <out-dir>`: the two production key pairs, written 0600, never committed.
//   jwt-private.jwk.json   ES256 JWK with a kid -> the Worker secret JWT_PRIVATE_KEY
//   cloudfront-private.pem RSA 2048 (what CloudFront key groups take) -> the Worker secret CLOUDFRONT_PRIVATE_KEY
//   cloudfront-public.pem  -> CloudFront public key in the distribution's key group; its id -> CLOUDFRONT_KEY_PAIR_ID
import { generateKeyPairSync } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

const out = process.argv[2];
if (!out) {
  console.error("usage: node deploy/generate-keys.mjs <out-dir>");
  process.exit(2);
}
const dir = resolve(out);
await mkdir(dir, { recursive: true, mode: 0o700 });
// `flag: "wx"`: never overwrite a key that may already be deployed.
const write = (name, text) => writeFile(join(dir, name), text, { mode: 0o600, flag: "wx" });

const jwt = generateKeyPairSync("ec", { namedCurve: "P-256" });
// The kid names the key in tokens and in JWKS, so a rotation can keep the old one in JWT_PUBLIC_KEYS.
const kid = `edge-${new Date().toISOString().slice(0, 10)}`;
await write("jwt-private.jwk.json", JSON.stringify({ ...jwt.privateKey.export({ format: "jwk" }), alg: "ES256", kid }));

const cdn = generateKeyPairSync("rsa", { modulusLength: 2048 });
await write("cloudfront-private.pem", cdn.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
await write("cloudfront-public.pem", cdn.publicKey.export({ type: "spki", format: "pem" }).toString());
console.log(`wrote jwt-private.jwk.json (kid ${kid}), cloudfront-private.pem, cloudfront-public.pem to ${dir}`);
