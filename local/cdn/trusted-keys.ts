import { createPublicKey, type KeyObject } from "node:crypto";

/** A public key of the distribution's trusted key group, under the id signers put in `Key-Pair-Id`. */
export interface TrustedKey {
  keyPairId: string;
  publicKeyPem: string;
}

export type TrustedKeyMap = ReadonlyMap<string, KeyObject>;

/**
 * Parses the keys once. Throws on a duplicate id or a key that is not RSA: CloudFront's key groups hold
 * only RSA keys, and a bad key is a configuration mistake to report at start-up, not per request.
 */
export function loadTrustedKeys(keys: readonly TrustedKey[]): TrustedKeyMap {
  const map = new Map<string, KeyObject>();
  for (const { keyPairId, publicKeyPem } of keys) {
    if (map.has(keyPairId)) throw new Error(`cdn: trusted key ${keyPairId} is listed twice`);
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== "rsa") throw new Error(`cdn: trusted key ${keyPairId} is not an RSA key`);
    map.set(keyPairId, key);
  }
  return map;
}
