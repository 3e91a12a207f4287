import { importJWK, type CryptoKey, type JWK } from "jose";
import type { KeyRing } from "../ports/index.js";

/** Asymmetric algorithms only: `none` and HMAC can never verify a token here. */
const ALGORITHM_FOR_CURVE: Record<string, string> = { "P-256": "ES256", "P-384": "ES384", Ed25519: "EdDSA" };

function algorithmOf(jwk: JWK): string {
  const alg = jwk.alg ?? ALGORITHM_FOR_CURVE[jwk.crv ?? ""];
  if (!alg || !Object.values(ALGORITHM_FOR_CURVE).includes(alg)) {
    throw new Error(`JWT key ${jwk.kid ?? "(no kid)"} must be EC P-256/P-384 or Ed25519`);
  }
  return alg;
}

function publicPart(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, k: _k, ...pub } = jwk;
  return { ...pub, alg: algorithmOf(jwk), use: "sig" };
}

export async function createKeyRing(privateJwk: JWK, previousPublicKeys: JWK[]): Promise<KeyRing> {
  const alg = algorithmOf(privateJwk);
  const kid = privateJwk.kid;
  if (!kid) throw new Error("JWT_PRIVATE_KEY needs a kid");
  const signingKey = (await importJWK(privateJwk, alg)) as CryptoKey;
  const keys = [publicPart(privateJwk), ...previousPublicKeys.filter((k) => k.kid !== kid).map(publicPart)];
  return { kid, alg, signingKey, jwks: { keys }, algorithms: [...new Set(keys.map((k) => k.alg as string))] };
}
