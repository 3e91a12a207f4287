import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exportJWK, generateKeyPair, type JWK } from "jose";

/**
 * The local stack's JWT signing key: generated once and kept under the data dir, so tokens
 * survive a restart of `npm run dev`. Production keys come from secrets, never from here.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<JWK> {
  const file = join(dataDir, "jwt-signing-key.json");
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as JWK;
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: "ES256", kid: `local-${new Date().toISOString().slice(0, 10)}` };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(jwk), { mode: 0o600 });
  await chmod(file, 0o600);
  return jwk;
}

export interface CloudFrontKey {
  keyPairId: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** The RSA key pair the edge signs CDN URLs with and the local CDN emulator trusts; kept like the JWT key. */
export async function loadOrCreateCloudFrontKey(dataDir: string): Promise<CloudFrontKey> {
  const file = join(dataDir, "cloudfront-key.json");
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as CloudFrontKey;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key: CloudFrontKey = {
    keyPairId: `KLOCAL${randomBytes(4).toString("hex").toUpperCase()}`,
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(key), { mode: 0o600 });
  await chmod(file, 0o600);
  return key;
}
